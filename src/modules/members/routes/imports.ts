// The console's roll imports: preview, upload (streamed, run after the answer), progress and error reports.
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { mediaType } from '../../../platform/http/bodies.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { IdParams } from '../../../platform/http/zod.js';
import { TEXT_ENCODINGS } from '../../../platform/files/table.js';
import { memberErrors } from '../errors.js';
import {
  getImport,
  IMPORT_FIELDS,
  ImportMappingSchema,
  importErrorsCsv,
  parseImportMapping,
  previewImport,
  listImports,
  receiveImport,
  runImport,
} from '../service/index.js';
import { IMPORT_TYPES, ImportResponse } from './contracts.js';
import { staff, type MembersApp } from './access.js';

export function registerImportRoutes(app: MembersApp): void {
  const p = app.platform;
  const db = p.db;
  const importFormat = (req: Pick<FastifyRequest, 'headers' | 'body'>) => {
    const format = IMPORT_TYPES[mediaType(req) as keyof typeof IMPORT_TYPES];
    if (!format || !(req.body instanceof Readable)) throw memberErrors.importUnreadable({ reason: 'text/csv | xlsx' });
    return { format, body: req.body };
  };

  app.post(
    '/api/console/member-imports/preview',
    {
      config: { ...staff('operator'), upload: { types: Object.keys(IMPORT_TYPES), as: 'stream' } },
      schema: {
        tags: ['members'],
        operationId: 'previewRollImport',
        summary: '导入前预览：文件编码、表头、前几行和建议的列对应（CSV 可只发送文件开头）',
        querystring: z.strictObject({ truncated: z.stringbool().default(false) }),
        response: {
          200: z.object({
            encoding: z.enum(TEXT_ENCODINGS).nullable(),
            headers: z.array(z.string()),
            samples: z.array(z.array(z.string())),
            mapping: ImportMappingSchema,
            fields: z.array(z.object({ key: z.enum(IMPORT_FIELDS.map((f) => f.key)), label: z.string(), required: z.boolean() })),
          }),
        },
      },
    },
    async (req) => {
      const { format, body } = importFormat(req);
      const preview = await previewImport(db, p, actorOf(req), {
        body,
        format,
        truncated: req.query.truncated,
        maxBytes: p.config.memberImportLimitBytes,
      });
      return { ...preview, fields: IMPORT_FIELDS.map((f) => ({ key: f.key, label: f.label, required: Boolean(f.required) })) };
    },
  );

  app.post(
    '/api/console/member-imports',
    {
      // A roll of a million rows is a few hundred MB: the upload is handed over as a stream (written to
      // disk by the import, which enforces its own limit), not buffered like the organisations' small files.
      config: { ...staff('operator'), upload: { types: Object.keys(IMPORT_TYPES), as: 'stream' } },
      schema: {
        tags: ['members'],
        operationId: 'startRollImport',
        summary: '导入会员名册（.csv / .xlsx，最多 100 万行；异步处理，轮询进度）',
        querystring: z.strictObject({
          mode: z.enum(['all_or_nothing', 'valid_rows']).default('all_or_nothing'),
          fileName: z.string().trim().min(1).max(200).default('roll'),
          orgId: z.uuid().optional(),
          // JSON {field: header}, e.g. {"idNumber":"身份证号码","phone":"联系电话"}: which column is which.
          mapping: z.string().max(4000).optional(),
          // A township or county for the rows that have no township code of their own.
          workRegionCode: z
            .string()
            .trim()
            .regex(/^\d{6}(\d{3})?$/)
            .optional(),
        }),
        response: { 202: ImportResponse },
      },
    },
    async (req, reply) => {
      const { format, body } = importFormat(req);
      const scope = scopeOf(requireStaff(req));
      const actor = actorOf(req);
      const { mapping, ...query } = req.query;
      const received = await receiveImport(app.database, p, actor, scope, {
        ...query,
        mapping: parseImportMapping(mapping),
        body,
        format,
        maxBytes: p.config.memberImportLimitBytes,
      });
      const { job } = received;
      // The work goes on after the answer: the console polls the job for its progress.
      // runImport records a failure on the job; what it cannot record (the database gone, as at
      // shutdown: the job's heartbeat then goes stale) is logged here rather than left unhandled.
      runImport(app.database, p, actor, scope, received).catch((error: unknown) =>
        app.log.error({ err: error, importId: job.id }, 'member import ended without recording its end'),
      );
      return reply.code(202).send(job);
    },
  );

  app.get(
    '/api/console/member-imports',
    {
      config: staff('operator'),
      schema: {
        tags: ['members'],
        operationId: 'listRollImports',
        summary: '最近的名册导入，以及服务器接受的最大文件（字节）',
        response: { 200: z.object({ items: z.array(ImportResponse), limitBytes: z.number() }) },
      },
    },
    async (req) => ({
      items: await listImports(app.database, p, scopeOf(requireStaff(req))),
      limitBytes: p.config.memberImportLimitBytes,
    }),
  );

  app.get(
    '/api/console/member-imports/:importId',
    {
      config: staff('operator'),
      schema: {
        tags: ['members'],
        operationId: 'getRollImport',
        summary: '名册导入进度',
        params: IdParams('importId'),
        response: { 200: ImportResponse },
      },
    },
    async (req) => getImport(db, p, scopeOf(requireStaff(req)), req.params.importId, app.database),
  );

  app.get(
    '/api/console/member-imports/:importId/errors.csv',
    {
      config: staff('operator'),
      schema: {
        tags: ['members'],
        operationId: 'getRollImportErrors',
        summary: '下载导入错误报告（行、列、代码、说明）',
        params: IdParams('importId'),
      },
    },
    async (req, reply) => {
      const scope = scopeOf(requireStaff(req));
      await getImport(db, p, scope, req.params.importId);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-errors-${req.params.importId}.csv"`);
      return reply.send(Readable.from(importErrorsCsv(db, p, scope, req.params.importId)));
    },
  );
}
