// The console's census lists: sources, preview and mapping, upload (streamed, run after the answer),
// progress, the error report.
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { mediaType } from '../../../platform/http/bodies.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { IdParams, Limit } from '../../../platform/http/zod.js';
import { censusErrors } from '../errors.js';
import { CENSUS_FIELDS } from '../rules.js';
import {
  createSource,
  findReplacedList,
  getList,
  listErrorsCsv,
  listLists,
  listSources,
  parseCensusMapping,
  previewList,
  receiveList,
  runList,
} from '../service/index.js';
import { staff, type CensusApp } from './access.js';
import { LIST_TYPES, ListResponse, ListTarget, PreviewResponse, ReplacedListResponse, SourceBody, SourceResponse } from './contracts.js';

export function registerListRoutes(app: CensusApp): void {
  const p = app.platform;
  const db = p.db;
  const fileOf = (req: Pick<FastifyRequest, 'headers' | 'body'>) => {
    const format = LIST_TYPES[mediaType(req) as keyof typeof LIST_TYPES];
    if (!format || !(req.body instanceof Readable)) throw censusErrors.listUnreadable({ reason: 'text/csv | xlsx' });
    return { format, body: req.body };
  };
  const upload = { upload: { types: Object.keys(LIST_TYPES), as: 'stream' } } as const;

  app.get(
    '/api/console/census/sources',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'listCensusSources',
        summary: '名单来源（部门、协会、平台企业）',
        response: { 200: z.object({ items: z.array(SourceResponse) }) },
      },
    },
    async (req) => ({ items: await listSources(db, scopeOf(requireStaff(req))) }),
  );

  app.post(
    '/api/console/census/sources',
    {
      config: staff('operator'),
      schema: {
        tags: ['census'],
        operationId: 'createCensusSource',
        summary: '新增名单来源',
        body: SourceBody,
        response: { 201: SourceResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await createSource(db, actorOf(req), scopeOf(requireStaff(req)), req.body)),
  );

  app.post(
    '/api/console/census/lists/preview',
    {
      config: { ...staff('operator'), ...upload },
      schema: {
        tags: ['census'],
        operationId: 'previewCensusList',
        summary: '上传前预览：文件编码、表头、前几行和建议的列对应（按来源记住上次的选择）',
        querystring: z.strictObject({ truncated: z.stringbool().default(false), sourceId: z.uuid().optional() }),
        response: { 200: PreviewResponse },
      },
    },
    async (req) => {
      const { format, body } = fileOf(req);
      const preview = await previewList(db, p, scopeOf(requireStaff(req)), {
        body,
        format,
        truncated: req.query.truncated,
        sourceId: req.query.sourceId,
        maxBytes: p.config.censusListLimitBytes,
      });
      return { ...preview, fields: CENSUS_FIELDS.map((f) => ({ key: f.key, label: f.label, required: Boolean(f.required) })) };
    },
  );

  app.post(
    '/api/console/census/lists',
    {
      config: { ...staff('operator'), ...upload },
      schema: {
        tags: ['census'],
        operationId: 'uploadCensusList',
        summary: '上传摸排名单（.csv / .xlsx，最多 100 万行；异步处理，轮询进度）',
        querystring: z.strictObject({
          ...ListTarget,
          mode: z.enum(['all_or_nothing', 'valid_rows']).default('valid_rows'),
          fileName: z.string().trim().min(1).max(200).default('census'),
          // JSON {field: header}: which column is which.
          mapping: z.string().max(4000).optional(),
        }),
        response: { 202: ListResponse },
      },
    },
    async (req, reply) => {
      const { format, body } = fileOf(req);
      const actor = actorOf(req);
      const { mapping, ...query } = req.query;
      const received = await receiveList(app.database, p, actor, scopeOf(requireStaff(req)), {
        ...query,
        mapping: parseCensusMapping(mapping),
        body,
        format,
        maxBytes: p.config.censusListLimitBytes,
      });
      // The work goes on after the answer; runList records its own failure, what it cannot record is logged.
      runList(app.database, p, actor, received).catch((error: unknown) =>
        app.log.error({ err: error, listId: received.list.id }, 'census list ended without recording its end'),
      );
      return reply.code(202).send(received.list);
    },
  );

  app.get(
    '/api/console/census/lists',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'listCensusLists',
        summary: '本级及下级工会上传的摸排名单，最新的在前',
        querystring: z.strictObject({ cursor: z.uuid().optional(), limit: Limit(100, 20) }),
        response: { 200: z.object({ items: z.array(ListResponse), nextCursor: z.string().nullable(), limitBytes: z.number() }) },
      },
    },
    async (req) => ({
      ...(await listLists(app.database, p, scopeOf(requireStaff(req)), { before: req.query.cursor, limit: req.query.limit })),
      limitBytes: p.config.censusListLimitBytes,
    }),
  );

  // Asked by the mapping step before the upload, so the user confirms a replacement knowingly.
  app.get(
    '/api/console/census/lists/replaced',
    {
      config: staff('operator'),
      schema: {
        tags: ['census'],
        operationId: 'findReplacedCensusList',
        summary: '上传前查询：同一来源、地区和行业的名单计入后将替换的旧名单（没有则为空）',
        querystring: z.strictObject(ListTarget),
        response: { 200: ReplacedListResponse },
      },
    },
    async (req) => ({ replaced: await findReplacedList(db, scopeOf(requireStaff(req)), req.query) }),
  );

  app.get(
    '/api/console/census/lists/:listId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'getCensusList',
        summary: '摸排名单的导入进度与结果',
        params: IdParams('listId'),
        response: { 200: ListResponse },
      },
    },
    async (req) => getList(db, p, scopeOf(requireStaff(req)), req.params.listId, app.database),
  );

  app.get(
    '/api/console/census/lists/:listId/errors.csv',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'getCensusListErrors',
        summary: '下载名单错误报告（行、列、代码、说明）',
        params: IdParams('listId'),
      },
    },
    async (req, reply) => {
      const scope = scopeOf(requireStaff(req));
      await getList(db, p, scope, req.params.listId);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="census-errors-${req.params.listId}.csv"`);
      return reply.send(Readable.from(listErrorsCsv(db, p, scope, req.params.listId)));
    },
  );
}
