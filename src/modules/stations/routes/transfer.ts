// The console's station lists in and out of Excel: the preview of a file, its import (all of it or,
// with any bad row, none: 422 with every bad row), the empty template, and the export.
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { parseMappingText } from '../../../platform/files/mappings.js';
import { TEXT_ENCODINGS } from '../../../platform/files/table.js';
import { mediaType } from '../../../platform/http/bodies.js';
import { attachment, streamDownload, XLSX_TYPE } from '../../../platform/http/downloads.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { fileResponse } from '../../../platform/http/openapi.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { stationErrors, stationTransferErrors } from '../errors.js';
import { AMENITIES, STATION_KINDS, STATION_STATUSES } from '../rules.js';
import {
  importStations,
  previewStationImport,
  startStationExport,
  STATION_FIELD_KEYS,
  STATION_FIELDS,
  stationTemplateXlsx,
  writeStationsXlsx,
} from '../service/transfer.js';
import { staff, type StationsApp } from './access.js';

const UPLOAD_TYPES = { 'text/csv': 'csv', [XLSX_TYPE]: 'xlsx' } as const;

const StationMapping = z.partialRecord(z.enum(STATION_FIELD_KEYS), z.string().trim().min(1).max(100));

const ExportQuery = z.strictObject({
  orgId: z.uuid().optional(),
  kind: z.enum(STATION_KINDS).optional(),
  status: z.enum(STATION_STATUSES).optional(),
  amenity: z.enum(AMENITIES).optional(),
  q: z.string().max(60).optional(),
});

export function registerTransferRoutes(app: StationsApp): void {
  const p = app.platform;
  const db = p.db;
  const upload = (req: Pick<FastifyRequest, 'headers' | 'body'>) => {
    const format = UPLOAD_TYPES[mediaType(req) as keyof typeof UPLOAD_TYPES];
    if (!format || !(req.body instanceof Readable)) throw stationTransferErrors.importUnreadable({ reason: 'text/csv | xlsx' });
    return { format, body: req.body };
  };

  app.post(
    '/api/console/stations/import/preview',
    {
      config: { ...staff('operator'), upload: { types: Object.keys(UPLOAD_TYPES), as: 'stream' } },
      schema: {
        tags: ['stations'],
        operationId: 'previewStationImport',
        summary: '驿站清单导入前预览：文件编码、表头、前几行和建议的列对应（CSV 可只发送文件开头）',
        querystring: z.strictObject({ truncated: z.stringbool().default(false) }),
        response: {
          200: z.object({
            encoding: z.enum(TEXT_ENCODINGS).nullable(),
            headers: z.array(z.string()),
            samples: z.array(z.array(z.string())),
            mapping: StationMapping,
            fields: z.array(z.object({ key: z.enum(STATION_FIELD_KEYS), label: z.string(), required: z.boolean() })),
          }),
        },
      },
    },
    async (req) => {
      const { format, body } = upload(req);
      const preview = await previewStationImport(db, p, actorOf(req), {
        body,
        format,
        truncated: req.query.truncated,
        maxBytes: p.config.importLimitBytes,
      });
      return { ...preview, fields: STATION_FIELDS.map((f) => ({ key: f.key, label: f.label, required: Boolean(f.required) })) };
    },
  );

  app.post(
    '/api/console/stations/import',
    {
      config: { ...staff('operator'), problems: [422], upload: { types: Object.keys(UPLOAD_TYPES), as: 'stream' } },
      schema: {
        tags: ['stations'],
        operationId: 'importStations',
        summary:
          '导入驿站清单（.xlsx / .csv，请求体为文件本身）：同一工会下同名的驿站更新，其余新建；任何一行有问题则整份不导入，并逐行列出问题（422）',
        querystring: z.strictObject({
          fileName: z.string().trim().min(1).max(200).default('stations'),
          // The union of rows that name none; the uploader's own when absent.
          orgId: z.uuid().optional(),
          // JSON {field: header}, e.g. {"host":"依托单位","hours":"营业时间"}: which column is which.
          mapping: z.string().max(4000).optional(),
        }),
        response: {
          200: z.object({
            total: z.number(),
            created: z.number(),
            updated: z.number(),
            encoding: z.enum(TEXT_ENCODINGS).nullable(),
          }),
        },
      },
    },
    async (req) => {
      const { format, body } = upload(req);
      const mapping = parseMappingText(req.query.mapping, StationMapping);
      if (mapping === null) {
        throw stationErrors.invalid(
          { count: 1 },
          { errors: [{ field: 'querystring.mapping', code: 'validation.invalid_type', message: req.query.mapping ?? '' }] },
        );
      }
      return importStations(db, p, actorOf(req), scopeOf(requireStaff(req)), {
        body,
        format,
        fileName: req.query.fileName,
        orgId: req.query.orgId,
        mapping,
        maxBytes: p.config.importLimitBytes,
      });
    },
  );

  app.get(
    '/api/console/stations/import/template.xlsx',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'stationImportTemplate',
        summary: '驿站清单导入模板 .xlsx（含示例行和填写说明）',
        response: { 200: fileResponse(XLSX_TYPE, '导入模板') },
      },
    },
    async (_req, reply) =>
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment('stations-template.xlsx', '驿站导入模板.xlsx'))
        .send(await stationTemplateXlsx()),
  );

  app.get(
    '/api/console/stations/export.xlsx',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'exportStations',
        summary: '导出驿站清单 .xlsx（筛选同列表；列与导入相同，改后可重新导入；流式，记入审计）',
        querystring: ExportQuery,
        response: { 200: fileResponse(XLSX_TYPE, '驿站清单') },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(requireStaff(req));
      const actor = actorOf(req);
      await startStationExport(db, actor, scope, req.query);
      const day = shanghaiDay(new Date()).replaceAll('-', '');
      return streamDownload(reply, req.log, { type: XLSX_TYPE, asciiName: `stations-${day}.xlsx`, name: `驿站清单-${day}.xlsx` }, (out) =>
        writeStationsXlsx(db, actor, scope, req.query, out),
      );
    },
  );
}
