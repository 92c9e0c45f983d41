// The uniform standard a union sets for its stations, and the inspection visits held against it.
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { Day, IdParams, Limit, LineText } from '../../../platform/http/zod.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { INSPECTION_CONCLUSIONS, INSPECTION_RESULTS, MAX_STANDARD_POINTS, rectificationOverdue } from '../rules.js';
import {
  clearStationStandard,
  getInspection,
  getStationStandard,
  lastInspections,
  listInspections,
  recordInspection,
  setStationStandard,
  type Inspection,
} from '../service/inspections.js';
import { staff, type StationsApp } from './access.js';
import { PhotoResponse, toPhotoResponse } from './photos.js';

const StandardItem = z.strictObject({
  code: z.string().trim().min(1).max(40),
  text: LineText(2, 60),
  required: z.boolean(),
});

const StandardResponse = z.object({
  orgId: z.string(),
  /** Whose checklist holds: this union's or one above it; null — the default one. */
  source: z.object({ orgId: z.string(), orgName: z.string() }).nullable(),
  items: z.array(z.object({ code: z.string(), text: z.string(), required: z.boolean() })),
  updatedAt: z.date().nullable(),
});

const InspectionBody = z.strictObject({
  visitedOn: Day,
  results: z
    .array(
      z.strictObject({
        code: z.string().trim().min(1).max(40),
        result: z.enum(INSPECTION_RESULTS),
        note: z.string().trim().max(200).nullish(),
      }),
    )
    .max(MAX_STANDARD_POINTS * 2),
  note: z.string().trim().max(1000).nullish(),
  /** By when the failed required points are to be put right (required when one failed). */
  rectifyBy: Day.nullish(),
});

const InspectionResponse = z.object({
  id: z.string(),
  stationId: z.string(),
  visitedOn: z.string(),
  inspectorName: z.string(),
  results: z.array(
    z.object({
      code: z.string(),
      text: z.string(),
      required: z.boolean(),
      result: z.enum(INSPECTION_RESULTS),
      note: z.string().optional(),
    }),
  ),
  conclusion: z.enum(INSPECTION_CONCLUSIONS),
  rectifyBy: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.date(),
  photos: z.array(PhotoResponse),
});

const toInspectionResponse = (inspection: Inspection): z.infer<typeof InspectionResponse> => ({
  ...inspection,
  photos: inspection.photos.map(toPhotoResponse),
});

const LastInspectionResponse = z.object({
  stationId: z.string(),
  inspectionId: z.string(),
  visitedOn: z.string(),
  conclusion: z.enum(INSPECTION_CONCLUSIONS),
  rectifyBy: z.string().nullable(),
  /** Told to put things right, and the day has passed. */
  overdue: z.boolean(),
});

export function registerInspectionRoutes(app: StationsApp): void {
  const db = app.platform.db;

  app.get(
    '/api/console/station-standards/:orgId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'getStationStandard',
        summary: '工会适用的驿站标准（本级设定的，或上级工会的，或默认标准）',
        params: IdParams('orgId'),
        response: { 200: StandardResponse },
      },
    },
    async (req) => getStationStandard(db, scopeOf(requireStaff(req)), req.params.orgId),
  );

  app.put(
    '/api/console/station-standards/:orgId',
    {
      config: staff('admin'),
      schema: {
        tags: ['stations'],
        operationId: 'setStationStandard',
        summary: '设定本工会的驿站标准（检查清单，适用于本级及未设定标准的下级工会的驿站）',
        params: IdParams('orgId'),
        body: z.strictObject({ items: z.array(StandardItem).max(MAX_STANDARD_POINTS * 2) }),
        response: { 200: StandardResponse },
      },
    },
    async (req) => setStationStandard(db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId, req.body.items),
  );

  app.delete(
    '/api/console/station-standards/:orgId',
    {
      config: staff('admin'),
      schema: {
        tags: ['stations'],
        operationId: 'clearStationStandard',
        summary: '取消本工会的驿站标准，恢复适用上级工会的（或默认）标准',
        params: IdParams('orgId'),
        response: { 200: StandardResponse },
      },
    },
    async (req) => clearStationStandard(db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId),
  );

  app.get(
    '/api/console/stations/:stationId/inspections',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'listStationInspections',
        summary: '驿站的检查记录，最近的在前',
        params: IdParams('stationId'),
        querystring: z.strictObject({ cursor: z.uuid().optional(), limit: Limit(50, 20) }),
        response: { 200: z.object({ items: z.array(InspectionResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const page = await listInspections(db, scopeOf(requireStaff(req)), req.params.stationId, {
        before: req.query.cursor,
        limit: req.query.limit,
      });
      return { items: page.items.map(toInspectionResponse), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/api/console/stations/:stationId/inspections',
    {
      config: staff('operator'),
      schema: {
        tags: ['stations'],
        operationId: 'recordStationInspection',
        summary: '记录一次检查：逐项填写结果；必备项不合格则结论为「限期整改」，须填整改期限',
        params: IdParams('stationId'),
        body: InspectionBody,
        response: { 201: InspectionResponse },
      },
    },
    async (req, reply) => {
      const inspection = await recordInspection(db, actorOf(req), scopeOf(requireStaff(req)), req.params.stationId, req.body, new Date());
      return reply.code(201).send(toInspectionResponse(inspection));
    },
  );

  app.get(
    '/api/console/station-inspections/latest',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'lastStationInspections',
        summary: '这些驿站各自最近一次检查的结论（不在管辖范围内或未检查过的不列出）',
        querystring: z.strictObject({ stationId: z.union([z.uuid(), z.array(z.uuid()).max(200)]) }),
        response: { 200: z.object({ items: z.array(LastInspectionResponse) }) },
      },
    },
    async (req) => {
      const ids = Array.isArray(req.query.stationId) ? req.query.stationId : [req.query.stationId];
      const today = shanghaiDay(new Date());
      const items = await lastInspections(db, scopeOf(requireStaff(req)), ids);
      return { items: items.map((last) => ({ ...last, overdue: rectificationOverdue(last, today) })) };
    },
  );

  app.get(
    '/api/console/station-inspections/:inspectionId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'getStationInspection',
        summary: '一次检查的记录与佐证照片',
        params: IdParams('inspectionId'),
        response: { 200: InspectionResponse },
      },
    },
    async (req) => toInspectionResponse(await getInspection(db, scopeOf(requireStaff(req)), req.params.inspectionId)),
  );
}
