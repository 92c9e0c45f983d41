// The funds ledger over HTTP, for union staff: funds and sources, money in, down the tree and out,
// reversals, and the statements. Thin: parse, authorise, call one use case, shape the reply.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf, staffRoute, type Role } from '../../../platform/access/access.js';
import { streamDownload, XLSX_TYPE } from '../../../platform/http/downloads.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { fileResponse } from '../../../platform/http/openapi.js';
import { IdParams } from '../../../platform/http/zod.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { FUND_PURPOSES } from '../rules.js';
import { submitDisbursement } from '../service/disburse.js';
import { addFundSource, createFund, listFunds } from '../service/funds.js';
import { allocate, getTransfer, receiveFromSource, reverseTransfer } from '../service/movements.js';
import { fundTree, startStatementExport, statement, writeStatementXlsx } from '../service/statements.js';
import {
  AllocationBody,
  DisbursementBody,
  FundBody,
  FundResponse,
  ReceiptBody,
  ReverseBody,
  SourceBody,
  StatementExportQuery,
  StatementQuery,
  StatementResponse,
  TransferResponse,
  TreeQuery,
  TreeResponse,
} from './contracts.js';

const staff = <const R extends Role>(role: R) => staffRoute('funds', role);
const FundParams = IdParams('fundId');
const tags = ['funds'];

export const fundRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.platform.db;

  app.get(
    '/api/console/funds',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'listFunds',
        summary: '资金列表（本级及下级工会设立的资金，以及上级设立、下拨到本辖区的资金）',
        querystring: z.strictObject({ purpose: z.enum(FUND_PURPOSES).optional() }),
        response: { 200: z.object({ items: z.array(FundResponse) }) },
      },
    },
    async (req) => ({ items: await listFunds(db, scopeOf(requireStaff(req)), req.query) }),
  );

  app.post(
    '/api/console/funds',
    {
      config: staff('admin'),
      schema: {
        tags,
        operationId: 'createFund',
        summary: '设立资金（如送温暖资金），可同时登记资金来源',
        body: FundBody,
        response: { 201: FundResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await createFund(db, actorOf(req), scopeOf(requireStaff(req)), req.body)),
  );

  app.get(
    '/api/console/funds/:fundId',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getFundTree',
        summary: '资金在某工会的收支情况：本级账户、含下级合计，以及各直属下级（默认本辖区最上一级）',
        params: FundParams,
        querystring: TreeQuery,
        response: { 200: TreeResponse },
      },
    },
    async (req) => fundTree(db, scopeOf(requireStaff(req)), req.params.fundId, req.query.orgId),
  );

  app.post(
    '/api/console/funds/:fundId/sources',
    {
      config: staff('admin'),
      schema: {
        tags,
        operationId: 'addFundSource',
        summary: '登记资金来源（如全总下拨、财政补助、社会捐赠）',
        params: FundParams,
        body: SourceBody,
        response: { 201: z.object({ id: z.string(), name: z.string() }) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addFundSource(db, actorOf(req), scopeOf(requireStaff(req)), req.params.fundId, req.body.name)),
  );

  app.post(
    '/api/console/funds/:fundId/receipts',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'receiveFundMoney',
        summary: '登记来源收入：资金从树外（如全总下拨）到达本级或下级工会',
        params: FundParams,
        body: ReceiptBody,
        response: { 201: TransferResponse },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await receiveFromSource(db, actorOf(req), scopeOf(requireStaff(req)), { fundId: req.params.fundId, ...req.body })),
  );

  app.post(
    '/api/console/funds/:fundId/allocations',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'allocateFund',
        summary: '下拨：从本级或下级工会拨给其下级，不得超过可用余额',
        params: FundParams,
        body: AllocationBody,
        response: { 201: TransferResponse },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await allocate(db, actorOf(req), scopeOf(requireStaff(req)), { fundId: req.params.fundId, ...req.body })),
  );

  app.post(
    '/api/console/funds/:fundId/disbursements',
    {
      config: staff('operator'),
      schema: {
        tags,
        operationId: 'disburseFund',
        summary: '登记支出：从工会的可用余额中支付一笔（收款人只写脱敏的称呼），不得超过可用余额',
        params: FundParams,
        body: DisbursementBody,
        response: { 201: TransferResponse },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await submitDisbursement(db, actorOf(req), scopeOf(requireStaff(req)), { fundId: req.params.fundId, ...req.body })),
  );

  app.get(
    '/api/console/funds/:fundId/statement',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getFundStatement',
        summary: '明细账：某工会在该资金下的每一笔收支（新的在前），附每笔后的可用余额',
        params: FundParams,
        querystring: StatementQuery,
        response: { 200: StatementResponse },
      },
    },
    async (req) => {
      const out = await statement(db, scopeOf(requireStaff(req)), req.params.fundId, req.query);
      return { org: { id: out.org.id, name: out.org.name }, figures: out.figures, items: out.items, nextCursor: out.nextCursor };
    },
  );

  app.get(
    '/api/console/funds/:fundId/statement.xlsx',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'exportFundStatement',
        summary: '导出明细账 .xlsx（按时间先后，金额为元；流式，记入审计）',
        params: FundParams,
        querystring: StatementExportQuery,
        response: { 200: fileResponse(XLSX_TYPE, '资金明细账') },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(requireStaff(req));
      const actor = actorOf(req);
      const { fund, org } = await startStatementExport(db, actor, scope, req.params.fundId, req.query);
      const day = shanghaiDay(new Date()).replaceAll('-', '');
      return streamDownload(
        reply,
        req.log,
        { type: XLSX_TYPE, asciiName: `fund-statement-${day}.xlsx`, name: `${org.name}-${fund.name}-明细账-${day}.xlsx` },
        (out) => writeStatementXlsx(db, actor, scope, req.params.fundId, req.query, out),
      );
    },
  );

  app.get(
    '/api/console/fund-transfers/:fundTransferId',
    {
      config: staff('viewer'),
      schema: {
        tags,
        operationId: 'getFundTransfer',
        summary: '一笔收支记录',
        params: IdParams('fundTransferId'),
        response: { 200: TransferResponse },
      },
    },
    async (req) => getTransfer(db, scopeOf(requireStaff(req)), req.params.fundTransferId),
  );

  app.post(
    '/api/console/fund-transfers/:fundTransferId/reverse',
    {
      config: staff('reviewer'),
      schema: {
        tags,
        operationId: 'reverseFundTransfer',
        summary: '冲正：以一笔方向相反的记录撤销原记录（原记录不改不删），须写明原因',
        params: IdParams('fundTransferId'),
        body: ReverseBody,
        response: { 201: TransferResponse },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await reverseTransfer(db, actorOf(req), scopeOf(requireStaff(req)), req.params.fundTransferId, req.body.reason)),
  );
};
