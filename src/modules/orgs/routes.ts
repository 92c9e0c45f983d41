import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf, staffRoute } from '../../platform/access/access.js';
import { InvalidatedCache, listenerStateOf } from '../../platform/cache/changes.js';
import { mediaType } from '../../platform/http/bodies.js';
import { actorOf, requireStaff } from '../../platform/http/guard.js';
import { fileResponse } from '../../platform/http/openapi.js';
import { IdParams, Limit, LineText, Reason } from '../../platform/http/zod.js';
import { orgErrors } from './errors.js';
import { importOrgs, importTemplate, readImportFile } from './import.js';
import { FORMATION_MODES, ORG_KINDS, TRADES } from './rules.js';
import {
  createOrg,
  deactivateOrg,
  getOrg,
  listOrgAncestors,
  listOrgChildren,
  listOrgMoves,
  moveOrg,
  reactivateOrg,
  searchOrgs,
  updateOrg,
  type Org,
} from './service/index.js';

const OrgKind = z.enum(ORG_KINDS);
const Trade = z.enum(TRADES);
const FormationMode = z.enum(FORMATION_MODES);
const RegionCode = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/);
const Name = LineText(2, 100);
const Uscc = z.string().trim().max(18);

const OrgResponse = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  path: z.string(),
  depth: z.number(),
  kind: OrgKind,
  name: z.string(),
  regionCode: z.string(),
  formationMode: FormationMode.nullable(),
  trades: z.array(Trade),
  uscc: z.string().nullable(),
  status: z.enum(['active', 'inactive']),
  deactivatedAt: z.date().nullable(),
  deactivationReason: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const OrgNodeResponse = OrgResponse.extend({ childCount: z.number() });

const OrgIdParams = IdParams('orgId');
const toOrgResponse = (org: Org) => org;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.platform.db;
  const orgsViewer = staffRoute('orgs', 'viewer');
  const orgsOperator = staffRoute('orgs', 'operator');
  const orgsAdmin = staffRoute('orgs', 'admin');

  // The console opens the tree on every page, so each level's answer is kept serialised per scope
  // and dropped with the tree cache on any organisation change (NOTIFY from the commit).
  const OrgTreeResponse = z.object({ items: z.array(OrgNodeResponse) });
  const serialisedLevels = new InvalidatedCache<string>(['orgs'], {
    maxEntries: 20_000,
    ttlMs: 10 * 60_000,
    listener: listenerStateOf(app.platform.db),
  });
  app.addHook('onClose', async () => serialisedLevels.dispose());

  app.get(
    '/api/console/orgs/tree',
    {
      config: orgsViewer,
      schema: {
        tags: ['orgs'],
        operationId: 'listOrgTreeLevel',
        summary: '组织树的一层（不带 parentId 时为本人所在组织）',
        querystring: z.strictObject({ parentId: z.uuid().optional(), includeInactive: z.stringbool().optional() }),
        response: { 200: OrgTreeResponse },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(requireStaff(req));
      const parentId = req.query.parentId ?? null;
      const includeInactive = req.query.includeInactive ?? false;
      const body = await serialisedLevels.get(`${parentId ?? ''}|${includeInactive ? 1 : 0}|${scope.path}`, async () =>
        // Parsed once per fill, as the response serializer would, so no field beyond the schema leaks.
        JSON.stringify(OrgTreeResponse.parse({ items: await listOrgChildren(db, scope, parentId, { includeInactive }) })),
      );
      return reply
        .type('application/json; charset=utf-8')
        .serializer((payload) => payload as string)
        .send(body as never);
    },
  );

  app.get(
    '/api/console/orgs',
    {
      config: orgsViewer,
      schema: {
        tags: ['orgs'],
        operationId: 'listOrgs',
        summary: '在本辖区内搜索组织',
        querystring: z.strictObject({
          q: z.string().trim().max(100).optional(),
          kind: OrgKind.optional(),
          status: z.enum(['active', 'inactive']).optional(),
          limit: Limit(),
        }),
        response: { 200: z.object({ items: z.array(OrgResponse) }) },
      },
    },
    async (req) => ({
      items: (await searchOrgs(db, scopeOf(requireStaff(req)), req.query)).map(toOrgResponse),
    }),
  );

  app.get(
    '/api/console/orgs/import-template',
    {
      config: orgsViewer,
      schema: {
        tags: ['orgs'],
        operationId: 'getOrgImportTemplate',
        summary: '组织导入模板（.xlsx）',
        response: { 200: fileResponse(XLSX, '组织导入模板') },
      },
    },
    async (_req, reply) => {
      const file = await importTemplate();
      return reply
        .type(XLSX)
        .header(
          'content-disposition',
          `attachment; filename="org-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('组织导入模板.xlsx')}`,
        )
        .send(file);
    },
  );

  app.get(
    '/api/console/orgs/:orgId',
    {
      config: orgsViewer,
      schema: {
        tags: ['orgs'],
        operationId: 'getOrg',
        summary: '组织详情、上级链与迁移记录',
        params: OrgIdParams,
        response: {
          200: z.object({
            org: OrgResponse,
            ancestors: z.array(OrgResponse),
            moves: z.array(
              z.object({
                id: z.string(),
                fromParentId: z.string().nullable(),
                toParentId: z.string(),
                reason: z.string(),
                movedBy: z.string().nullable(),
                movedAt: z.date(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const scope = scopeOf(requireStaff(req));
      const org = await getOrg(db, scope, req.params.orgId);
      return {
        org,
        ancestors: await listOrgAncestors(db, scope, org),
        moves: await listOrgMoves(db, scope, org.id),
      };
    },
  );

  app.post(
    '/api/console/orgs',
    {
      config: { ...orgsOperator, problems: [409] },
      schema: {
        tags: ['orgs'],
        operationId: 'createOrg',
        summary: '新建下级组织',
        body: z.strictObject({
          parentId: z.uuid(),
          kind: OrgKind,
          name: Name,
          regionCode: RegionCode,
          formationMode: FormationMode.nullish(),
          trades: z.array(Trade).max(TRADES.length).optional(),
          uscc: Uscc.nullish(),
        }),
        response: { 201: OrgResponse },
      },
    },
    async (req, reply) => {
      const staff = requireStaff(req);
      const org = await createOrg(db, actorOf(req), scopeOf(staff), req.body);
      return reply.code(201).send(org);
    },
  );

  app.patch(
    '/api/console/orgs/:orgId',
    {
      config: { ...orgsOperator, problems: [409] },
      schema: {
        tags: ['orgs'],
        operationId: 'updateOrg',
        summary: '修改组织',
        params: OrgIdParams,
        body: z.strictObject({
          name: Name.optional(),
          regionCode: RegionCode.optional(),
          formationMode: FormationMode.nullish(),
          trades: z.array(Trade).max(TRADES.length).optional(),
          uscc: Uscc.nullish(),
        }),
        response: { 200: OrgResponse },
      },
    },
    async (req) => updateOrg(db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId, req.body),
  );

  app.post(
    '/api/console/orgs/:orgId/move',
    {
      config: { ...orgsAdmin, problems: [409] },
      schema: {
        tags: ['orgs'],
        operationId: 'moveOrg',
        summary: '迁移组织（保留历史）',
        params: OrgIdParams,
        body: z.strictObject({ newParentId: z.uuid(), reason: Reason }),
        response: { 200: OrgResponse },
      },
    },
    async (req) => moveOrg(db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId, req.body),
  );

  app.post(
    '/api/console/orgs/:orgId/deactivate',
    {
      config: { ...orgsAdmin, problems: [409] },
      schema: {
        tags: ['orgs'],
        operationId: 'deactivateOrg',
        summary: '撤销组织',
        params: OrgIdParams,
        body: z.strictObject({ reason: Reason }),
        response: { 200: OrgResponse },
      },
    },
    async (req) => deactivateOrg(db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId, req.body),
  );

  app.post(
    '/api/console/orgs/:orgId/reactivate',
    {
      config: { ...orgsAdmin, problems: [409] },
      schema: {
        tags: ['orgs'],
        operationId: 'reactivateOrg',
        summary: '恢复组织',
        params: OrgIdParams,
        body: z.strictObject({ reason: Reason }),
        response: { 200: OrgResponse },
      },
    },
    async (req) => reactivateOrg(db, actorOf(req), scopeOf(requireStaff(req)), req.params.orgId, req.body),
  );

  app.post(
    '/api/console/orgs/import',
    {
      config: {
        ...orgsOperator,
        problems: [422],
        upload: { types: ['text/csv', XLSX], as: 'buffer', limitBytes: app.platform.config.importLimitBytes },
      },
      schema: {
        tags: ['orgs'],
        operationId: 'importOrgs',
        summary: '从 .xlsx / .csv 导入组织（请求体为文件本身）',
        querystring: z.strictObject({
          mode: z.enum(['all_or_nothing', 'valid_rows']).default('all_or_nothing'),
        }),
        response: {
          200: z.object({
            total: z.number(),
            written: z.number(),
            errors: z.array(
              z.object({
                row: z.number().optional(),
                column: z.string().optional(),
                field: z.string(),
                code: z.string(),
                message: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const type = mediaType(req);
      if (!Buffer.isBuffer(req.body)) throw orgErrors.importUnreadable({ reason: '' });
      const rows = await readImportFile(req.body, type === 'text/csv' ? 'csv' : 'xlsx');
      return importOrgs(db, actorOf(req), scopeOf(requireStaff(req)), rows, req.query.mode);
    },
  );
};
