// The console's yearly join targets (src/modules/census/routes/targets.ts): a union's target for a
// year (and optionally one trade), the members who joined that year, and its children's, split from
// it. Every type is the server's, generated from its OpenAPI document.
import { client } from '../../../../../shared/api-client.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../../shared/api-types.ts';
import type { Trade } from '../../../../../shared/trades.ts';

const T = '/api/console/census/targets' as const;

export type TargetReport = ApiResponse<'/api/console/census/targets', 'get'>;
export type TargetNode = TargetReport['node'];
export type TargetQuery = ApiQuery<'/api/console/census/targets', 'get'>;
export type TargetBody = ApiBody<'/api/console/census/targets', 'put'>;

/** The years the server takes. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
/** The largest target the server takes. */
export const MAX_TARGET = 100_000_000;

export const targetsApi = {
  /** The union's report (the staff member's own without `orgId`): its target and progress, and its children's. */
  report: (year: number, trade: Trade | undefined, orgId: string | undefined) =>
    client.get(T, { query: { year, ...(trade ? { trade } : {}), ...(orgId ? { orgId } : {}) } }),
  /** Sets (or, with null, removes) a union's target; answers with that union's report. */
  set: (orgId: string, year: number, trade: Trade | undefined, target: number | null) =>
    client.put(T, { body: { orgId, year, target, ...(trade ? { trade } : {}) } }),
};
