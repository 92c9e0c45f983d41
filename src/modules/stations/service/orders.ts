// 数字化点单式下单: a member orders a union service at a station for a time; the union's staff assign it
// to a volunteer or one of their own, and complete it; the member rates it. Each step one transaction,
// with its SMS sent only once the step has committed.
import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { getMemberAccountPhone } from '../../../platform/auth/member-sign-in.js';
import { smsAfterCommit } from '../../../platform/auth/sms.js';
import type { Platform } from '../../../platform/context.js';
import { maskMobile } from '../../../platform/crypto/mask.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { pageAfter, parseIdCursor } from '../../../platform/db/keyset.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import { t } from '../../../platform/i18n/i18n.js';
import { orgIdsInScope } from '#modules/orgs';
import { getStaffAccount } from '#modules/staff';
import { stationServiceErrors } from '../errors.js';
import { nextOrderStatus, orderSlotProblem, slotText, type OrderAction, type OrderStatus, type ServiceCategory } from '../rules.js';
import { stationOrders, stationServices, stations } from '../schema.js';
import { unionChain } from './catalogue.js';

export interface StationOrder {
  id: string;
  orgId: string;
  station: { id: string; name: string; address: string };
  service: { id: string; name: string; category: ServiceCategory; durationMinutes: number };
  slotAt: Date;
  note: string | null;
  status: OrderStatus;
  assigneeName: string | null;
  acceptedAt: Date | null;
  doneAt: Date | null;
  cancelledAt: Date | null;
  cancelledBy: 'member' | 'staff' | null;
  cancelReason: string | null;
  rating: number | null;
  ratingComment: string | null;
  createdAt: Date;
}

/** What the console adds: whom to call, masked (the full number is only ever in the SMS the platform sends). */
export interface ConsoleStationOrder extends StationOrder {
  memberPhone: string | null;
}

const orderColumns = {
  order: stationOrders,
  stationName: stations.name,
  stationAddress: stations.address,
  serviceName: stationServices.name,
  serviceCategory: stationServices.category,
  serviceMinutes: stationServices.durationMinutes,
};

type OrderRow = {
  order: typeof stationOrders.$inferSelect;
  stationName: string;
  stationAddress: string;
  serviceName: string;
  serviceCategory: ServiceCategory;
  serviceMinutes: number;
};

const toOrder = ({ order: o, ...r }: OrderRow): StationOrder => ({
  id: o.id,
  orgId: o.orgId,
  station: { id: o.stationId, name: r.stationName, address: r.stationAddress },
  service: { id: o.serviceId, name: r.serviceName, category: r.serviceCategory, durationMinutes: r.serviceMinutes },
  slotAt: o.slotAt,
  note: o.note,
  status: o.status,
  assigneeName: o.assigneeName,
  acceptedAt: o.acceptedAt,
  doneAt: o.doneAt,
  cancelledAt: o.cancelledAt,
  cancelledBy: o.cancelledBy,
  cancelReason: o.cancelReason,
  rating: o.rating,
  ratingComment: o.ratingComment,
  createdAt: o.createdAt,
});

function selectOrders(db: Db, where: SQL | undefined) {
  return db
    .select(orderColumns)
    .from(stationOrders)
    .innerJoin(stations, eq(stations.id, stationOrders.stationId))
    .innerJoin(stationServices, eq(stationServices.id, stationOrders.serviceId))
    .where(where);
}

async function readOrder(db: Db, id: string): Promise<StationOrder> {
  const [row] = await selectOrders(db, eq(stationOrders.id, id));
  if (!row) throw stationServiceErrors.orderNotFound();
  return toOrder(row);
}

export interface OrderInput {
  stationId: string;
  serviceId: string;
  slotAt: Date;
  note?: string | null;
}

/** A member's order: the station open, the service one its union offers, the slot inside its hours, not held twice. */
export async function placeOrder(
  p: Pick<Platform, 'db' | 'sms' | 'log'>,
  member: { accountId: string; phone: string | null },
  input: OrderInput,
  now = new Date(),
): Promise<StationOrder> {
  try {
    const id = await inTransaction(p.db, async (tx) => {
      const [station] = await tx.select().from(stations).where(eq(stations.id, input.stationId));
      if (!station) throw stationServiceErrors.stationGone();
      if (station.status !== 'open') throw stationServiceErrors.stationNotOpen({ station: station.name });
      const [service] = await tx.select().from(stationServices).where(eq(stationServices.id, input.serviceId));
      const chain = await unionChain(tx, station.orgId);
      if (!service?.active || !chain.includes(service.orgId)) throw stationServiceErrors.serviceNotOffered({ station: station.name });
      const problem = orderSlotProblem(station.hours, input.slotAt, service.durationMinutes, now);
      if (problem) {
        const message = t(`problems.stations.${problem}`);
        throw stationServiceErrors.orderSlotRefused(
          { reason: message },
          { errors: [{ field: 'slotAt', code: `stations.${problem}`, message }] },
        );
      }
      const [row] = await tx
        .insert(stationOrders)
        .values({
          stationId: station.id,
          orgId: station.orgId,
          serviceId: service.id,
          accountId: member.accountId,
          slotAt: input.slotAt,
          note: input.note ?? null,
        })
        .returning({ id: stationOrders.id });
      if (!row) throw new Error('order insert returned nothing');
      smsAfterCommit(tx, p, member.phone, 'station_order_placed', {
        station: station.name,
        service: service.name,
        time: slotText(input.slotAt),
      });
      return row.id;
    });
    return await readOrder(p.db, id);
  } catch (error) {
    if (uniqueViolation(error) === 'station_order_slot_uq') throw stationServiceErrors.orderDuplicate();
    throw error;
  }
}

/** A member's orders, newest first. */
export async function listMemberOrders(db: Db, accountId: string, limit = 50): Promise<StationOrder[]> {
  const rows = await selectOrders(db, eq(stationOrders.accountId, accountId)).orderBy(desc(stationOrders.id)).limit(limit);
  return rows.map(toOrder);
}

async function ownOrderForUpdate(tx: Tx, accountId: string, id: string) {
  const [row] = await tx
    .select()
    .from(stationOrders)
    .where(and(eq(stationOrders.id, id), eq(stationOrders.accountId, accountId)))
    .for('update');
  if (!row) throw stationServiceErrors.orderNotFound();
  return row;
}

/** The member calls it off: before it is done. */
export async function cancelOwnOrder(db: Db, accountId: string, id: string, now = new Date()): Promise<StationOrder> {
  await inTransaction(db, async (tx) => {
    const order = await ownOrderForUpdate(tx, accountId, id);
    if (nextOrderStatus(order.status, 'cancel') === null) {
      throw stationServiceErrors.orderTransitionRefused({ status: t(`stations.order_status.${order.status}`) });
    }
    await tx.update(stationOrders).set({ status: 'cancelled', cancelledAt: now, cancelledBy: 'member' }).where(eq(stationOrders.id, id));
  });
  return readOrder(db, id);
}

/** The member's 1–5 stars on a service done, once. */
export async function rateOrder(
  db: Db,
  accountId: string,
  id: string,
  rating: { stars: number; comment?: string | null },
  now = new Date(),
): Promise<StationOrder> {
  await inTransaction(db, async (tx) => {
    const order = await ownOrderForUpdate(tx, accountId, id);
    if (order.status !== 'done' || order.rating !== null) throw stationServiceErrors.orderNotRatable();
    await tx
      .update(stationOrders)
      .set({ rating: rating.stars, ratingComment: rating.comment ?? null, ratedAt: now })
      .where(eq(stationOrders.id, id));
  });
  return readOrder(db, id);
}

// ---------------------------------------------------------------------------------------------
// The union's side.

const inScopeOrders = (scope: Scope): SQL => sql`${stationOrders.orgId} in ${orgIdsInScope(scope)}`;

export interface OrderFilter {
  status?: OrderStatus | undefined;
  stationId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

async function withPhones(
  p: Pick<Platform, 'db' | 'cipher'>,
  orders: { order: StationOrder; accountId: string }[],
): Promise<ConsoleStationOrder[]> {
  return Promise.all(
    orders.map(async ({ order, accountId }) => {
      const phone = await getMemberAccountPhone(p, accountId);
      return { ...order, memberPhone: phone ? maskMobile(phone) : null };
    }),
  );
}

/** The orders at the stations of the staff member's subtree, newest first. */
export async function listOrders(
  p: Pick<Platform, 'db' | 'cipher'>,
  scope: Scope,
  filter: OrderFilter,
): Promise<{ items: ConsoleStationOrder[]; nextCursor: string | null }> {
  const cursor = parseIdCursor(filter.cursor);
  const rows = await selectOrders(
    p.db,
    and(
      inScopeOrders(scope),
      filter.status ? eq(stationOrders.status, filter.status) : undefined,
      filter.stationId ? eq(stationOrders.stationId, filter.stationId) : undefined,
      cursor ? lt(stationOrders.id, cursor) : undefined,
    ),
  )
    .orderBy(desc(stationOrders.id))
    .limit(filter.limit + 1);
  const { page, nextCursor } = pageAfter(
    rows.map((r) => ({ id: r.order.id, order: toOrder(r), accountId: r.order.accountId })),
    filter.limit,
  );
  return { items: await withPhones(p, page), nextCursor };
}

export async function getOrder(p: Pick<Platform, 'db' | 'cipher'>, scope: Scope, id: string): Promise<ConsoleStationOrder> {
  const [row] = await selectOrders(p.db, and(eq(stationOrders.id, id), inScopeOrders(scope)));
  if (!row) throw stationServiceErrors.orderNotFound();
  const [order] = await withPhones(p, [{ order: toOrder(row), accountId: row.order.accountId }]);
  return order as ConsoleStationOrder;
}

export interface OrderStep {
  action: OrderAction;
  /** accept: one of the union's staff, or a volunteer by name. */
  assigneeStaffId?: string | null | undefined;
  assigneeName?: string | null | undefined;
  /** cancel: why, told to the member. */
  reason?: string | null | undefined;
}

/** Staff move an order on: accept it with whoever will serve, complete it, or cancel it with a reason. */
export async function stepOrder(
  p: Pick<Platform, 'db' | 'cipher' | 'sms' | 'log'>,
  actor: Actor,
  scope: Scope,
  id: string,
  step: OrderStep,
  now = new Date(),
): Promise<ConsoleStationOrder> {
  await inTransaction(p.db, async (tx) => {
    const [order] = await tx
      .select()
      .from(stationOrders)
      .where(and(eq(stationOrders.id, id), inScopeOrders(scope)))
      .for('update');
    if (!order) throw stationServiceErrors.orderNotFound();
    const next = nextOrderStatus(order.status, step.action);
    if (next === null) throw stationServiceErrors.orderTransitionRefused({ status: t(`stations.order_status.${order.status}`) });
    const [names] = await tx
      .select({ station: stations.name, service: stationServices.name })
      .from(stations)
      .innerJoin(stationServices, eq(stationServices.id, order.serviceId))
      .where(eq(stations.id, order.stationId));
    const sms = { station: names?.station ?? '', service: names?.service ?? '', time: slotText(order.slotAt) };
    const phone = await getMemberAccountPhone({ db: tx, cipher: p.cipher }, order.accountId);
    if (step.action === 'accept') {
      const assignee = step.assigneeStaffId
        ? (await getStaffAccount(tx, scope, step.assigneeStaffId)).displayName
        : step.assigneeName?.trim() || null;
      if (!assignee) throw stationServiceErrors.assigneeRequired();
      await tx
        .update(stationOrders)
        .set({ status: next, acceptedAt: now, assigneeStaffId: step.assigneeStaffId ?? null, assigneeName: assignee })
        .where(eq(stationOrders.id, id));
      smsAfterCommit(tx, p, phone, 'station_order_accepted', { ...sms, assignee });
    } else if (step.action === 'complete') {
      await tx.update(stationOrders).set({ status: next, doneAt: now }).where(eq(stationOrders.id, id));
      smsAfterCommit(tx, p, phone, 'station_order_done', sms);
    } else {
      const reason = step.reason?.trim() ?? '';
      await tx
        .update(stationOrders)
        .set({ status: next, cancelledAt: now, cancelledBy: 'staff', cancelReason: reason })
        .where(eq(stationOrders.id, id));
      smsAfterCommit(tx, p, phone, 'station_order_cancelled', { ...sms, reason });
    }
    await recordAudit(tx, actor, {
      action: `stations.order_${step.action}`,
      targetType: 'station_order',
      targetId: id,
      orgId: order.orgId,
      reason: step.reason ?? null,
    });
  });
  return getOrder(p, scope, id);
}
