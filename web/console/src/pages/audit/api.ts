import { client } from '../../../../shared/api-client.ts';
import type { ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';

/** A record as the server sends it (generated from its OpenAPI document). */
export type AuditRecord = ApiResponse<'/api/console/audit', 'get'>['items'][number];
export type AuditQuery = ApiQuery<'/api/console/audit', 'get'>;

export const auditApi = {
  list: (query: AuditQuery) => client.get('/api/console/audit', { query: { limit: 50, ...query } }),
};
