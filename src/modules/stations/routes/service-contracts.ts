// The shapes of services, service days and events, orders and check-ins.
import { z } from 'zod';
import { Day, Instant } from '../../../platform/http/zod.js';
import { EVENT_KINDS, ORDER_STATUSES, SERVICE_CATEGORIES } from '../rules.js';

export const ServiceBody = z.strictObject({
  name: z.string().trim().min(2).max(40),
  category: z.enum(SERVICE_CATEGORIES),
  description: z.string().trim().max(500).nullish(),
  durationMinutes: z.number().int().min(15).max(480),
  active: z.boolean().optional(),
});

export const ServiceResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string(),
  category: z.enum(SERVICE_CATEGORIES),
  description: z.string().nullable(),
  durationMinutes: z.number(),
  active: z.boolean(),
});

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);

export const Recurrence = z.union([
  z.strictObject({ kind: z.literal('month_days'), days: z.array(z.number().int()).min(1).max(31) }),
  z.strictObject({
    kind: z.literal('weekdays'),
    weekdays: z
      .array(z.literal([1, 2, 3, 4, 5, 6, 7]))
      .min(1)
      .max(7),
  }),
]);

export const EventBody = z.strictObject({
  kind: z.enum(EVENT_KINDS),
  title: z.string().trim().min(2).max(60),
  topics: z.array(z.string().trim().min(1).max(20)).max(10),
  description: z.string().trim().max(1000).nullish(),
  recurrence: Recurrence.nullable(),
  fromDay: Day,
  untilDay: Day.nullish(),
  starts: Time,
  ends: Time,
  capacity: z.number().int().min(1).max(10_000).nullish(),
});

export const EventResponse = z.object({
  id: z.string(),
  stationId: z.string(),
  kind: z.enum(EVENT_KINDS),
  title: z.string(),
  topics: z.array(z.string()),
  description: z.string().nullable(),
  recurrence: Recurrence.nullable(),
  fromDay: z.string(),
  untilDay: z.string().nullable(),
  starts: z.string(),
  ends: z.string(),
  capacity: z.number().nullable(),
  status: z.enum(['scheduled', 'cancelled']),
});

export const EventDayResponse = z.object({ event: EventResponse, day: z.string(), taken: z.number() });

export const OrderResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  station: z.object({ id: z.string(), name: z.string(), address: z.string() }),
  service: z.object({ id: z.string(), name: z.string(), category: z.enum(SERVICE_CATEGORIES), durationMinutes: z.number() }),
  slotAt: z.date(),
  note: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  assigneeName: z.string().nullable(),
  acceptedAt: z.date().nullable(),
  doneAt: z.date().nullable(),
  cancelledAt: z.date().nullable(),
  cancelledBy: z.enum(['member', 'staff']).nullable(),
  cancelReason: z.string().nullable(),
  rating: z.number().nullable(),
  ratingComment: z.string().nullable(),
  createdAt: z.date(),
});

export const ConsoleOrderResponse = OrderResponse.extend({ memberPhone: z.string().nullable() });

export const OrderBody = z.strictObject({
  serviceId: z.uuid(),
  slotAt: Instant,
  note: z.string().trim().max(200).nullish(),
});
