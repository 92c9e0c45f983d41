// The funds routes' shapes: one zod schema each for validation, types and OpenAPI. Money is integer fen.
import { z } from 'zod';
import { Day, Limit, LineText, Reason } from '../../../platform/http/zod.js';
import { FUND_PURPOSES, MOVEMENT_KINDS } from '../rules.js';

const Fen = z.number().int();
const Memo = z.string().trim().max(200).nullish();

export const FundBody = z.strictObject({
  orgId: z.uuid(),
  name: LineText(2, 60),
  purpose: z.enum(FUND_PURPOSES),
  description: z.string().trim().max(500).nullish(),
  sources: z.array(LineText(2, 60)).max(20).optional(),
});

export const FundResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string(),
  purpose: z.enum(FUND_PURPOSES),
  description: z.string().nullable(),
  status: z.enum(['active', 'closed']),
  sources: z.array(z.object({ id: z.string(), name: z.string() })),
  createdAt: z.date(),
});

export const SourceBody = z.strictObject({ name: LineText(2, 60) });

export const ReceiptBody = z.strictObject({ sourceId: z.uuid(), orgId: z.uuid(), amountFen: Fen, memo: Memo });
export const AllocationBody = z.strictObject({ fromOrgId: z.uuid(), toOrgId: z.uuid(), amountFen: Fen, memo: Memo });
export const DisbursementBody = z.strictObject({
  orgId: z.uuid(),
  amountFen: Fen,
  payee: z.string().trim().max(60).nullish(),
  memo: Memo,
  /** The form's own key: a double-click or a retry after a lost answer pays once. */
  idempotencyKey: z.string().trim().min(8).max(80).nullish(),
});
export const ReverseBody = z.strictObject({ reason: Reason });

export const Figures = z.object({ receivedFen: z.number(), passedOnFen: z.number(), spentFen: z.number(), availableFen: z.number() });

const NodeFigures = z.object({
  org: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  own: Figures,
  subtree: Figures,
});

export const TreeQuery = z.strictObject({ orgId: z.uuid().optional() });
export const TreeResponse = z.object({ fund: FundResponse, node: NodeFigures, children: z.array(NodeFigures) });

export const TransferResponse = z.object({
  id: z.string(),
  fundId: z.string(),
  kind: z.enum(MOVEMENT_KINDS),
  reversal: z.boolean(),
  amountFen: z.number(),
  fromOrgId: z.string(),
  toOrgId: z.string(),
  sourceId: z.string().nullable(),
  reversesId: z.string().nullable(),
  ref: z.object({ module: z.string(), type: z.string(), id: z.string() }).nullable(),
  payee: z.string().nullable(),
  memo: z.string().nullable(),
  actorName: z.string().nullable(),
  createdAt: z.date(),
});

export const StatementQuery = z.strictObject({
  /** The union whose account to read; by default the top of the fund as the staff member sees it. */
  orgId: z.uuid().optional(),
  from: Day.optional(),
  to: Day.optional(),
  kind: z.enum(MOVEMENT_KINDS).optional(),
  cursor: z.string().max(80).optional(),
  limit: Limit(200, 50),
});
export const StatementExportQuery = StatementQuery.omit({ cursor: true, limit: true });

export const StatementResponse = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  figures: Figures,
  items: z.array(
    TransferResponse.extend({
      inFen: z.number(),
      outFen: z.number(),
      balanceFen: z.number(),
      counterparty: z.object({ id: z.string(), name: z.string() }).nullable(),
      sourceName: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
