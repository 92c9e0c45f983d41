import { api } from '../../../../shared/api.ts';
import { client } from '../../../../shared/api-client.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';
import { uploadType } from '../../components/import/read-head.ts';

export type Org = ApiResponse<'/api/console/orgs/{orgId}', 'patch'>;
export type OrgStatus = Org['status'];

/** An org as the tree endpoint returns it: with the number of its direct children. */
export type OrgNode = ApiResponse<'/api/console/orgs/tree', 'get'>['items'][number];

/** What the console knows about an org: childCount only once a tree listing has told it. */
export type KnownOrg = Org & { childCount?: number };

export type OrgDetail = ApiResponse<'/api/console/orgs/{orgId}', 'get'>;
export type OrgMove = OrgDetail['moves'][number];
export type CreateOrgBody = ApiBody<'/api/console/orgs', 'post'>;
export type UpdateOrgBody = ApiBody<'/api/console/orgs/{orgId}', 'patch'>;
export type OrgSearch = ApiQuery<'/api/console/orgs', 'get'>;
export type ImportMode = NonNullable<ApiQuery<'/api/console/orgs/import', 'post'>['mode']>;
export type ImportResult = ApiResponse<'/api/console/orgs/import', 'post'>;
export type ImportRowError = ImportResult['errors'][number];

export const orgsApi = {
  tree: (parentId?: string) => client.get('/api/console/orgs/tree', parentId ? { query: { parentId } } : {}),
  search: (query: OrgSearch) => client.get('/api/console/orgs', { query: { limit: 50, ...query } }),
  get: (orgId: string) => client.get('/api/console/orgs/{orgId}', { params: { orgId } }),
  create: (body: CreateOrgBody) => client.post('/api/console/orgs', { body }),
  update: (orgId: string, body: UpdateOrgBody) => client.patch('/api/console/orgs/{orgId}', { params: { orgId }, body }),
  move: (orgId: string, newParentId: string, reason: string) =>
    client.post('/api/console/orgs/{orgId}/move', { params: { orgId }, body: { newParentId, reason } }),
  deactivate: (orgId: string, reason: string) =>
    client.post('/api/console/orgs/{orgId}/deactivate', { params: { orgId }, body: { reason } }),
  reactivate: (orgId: string, reason: string) =>
    client.post('/api/console/orgs/{orgId}/reactivate', { params: { orgId }, body: { reason } }),
  // The body is the file itself, not JSON: sent through the untyped upload, its answer typed.
  import: (file: File, mode: ImportMode) => api.upload<ImportResult>('/api/console/orgs/import', file, uploadType(file), { mode }),
  templateUrl: '/api/console/orgs/import-template',
};
