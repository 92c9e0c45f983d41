// The console's competition ranking API (src/modules/hardship/routes): the areas directly below a union
// scored and ranked on the indicators its competition weighs (kept, refreshed nightly and on demand),
// and the ranking as .xlsx (audited); the competition's indicators and weights, which an admin sets for
// a union or drops to inherit again (audited). Every type is the server's, generated from its OpenAPI
// document; each indicator carries its unit and direction, which the server fixes.
import { client } from '../../../../../shared/api-client.ts';
import type { ApiBody, ApiResponse } from '../../../../../shared/api-types.ts';
import { saveDownload } from '../../../components/save-download.ts';
import { orgsApi } from '../../orgs/api.ts';

const R = '/api/console/hardship-ranking' as const;
const C = '/api/console/hardship-competition/{orgId}' as const;

export type Ranking = ApiResponse<typeof R, 'get'>;
export type RankedArea = Ranking['areas'][number];
export type AreaCounts = RankedArea['counts'];
export type IndicatorPart = RankedArea['parts'][number];
export type IndicatorCode = IndicatorPart['code'];
export type Indicator = Ranking['indicators'][number];
/** The indicators and weights that apply at a union, and whose they are by id and name (null: the system's defaults). */
export type Competition = ApiResponse<typeof C, 'get'>;
export type CompetitionBody = ApiBody<typeof C, 'put'>;

export const rankingApi = {
  /** The kept ranking below a union (computed on the spot the first time it is asked for). */
  get: (orgId: string) => client.get(R, { query: { orgId } }),
  /** Ranks the union's subtree again, every level of it, and answers the union's own ranking. */
  refresh: (orgId: string) => client.post(`${R}/refresh`, { body: { orgId } }),
  /** The ranking as .xlsx: fetched first, so that a refusal reads in the server's words. */
  download: (orgId: string) => saveDownload(`${R}.xlsx`, { orgId }, 'hardship-ranking.xlsx'),
  /** A union's ancestors (the breadcrumb). */
  org: (orgId: string) => orgsApi.get(orgId),
  /** The weights that apply at a union: its own, else the nearest union's above, else the defaults. */
  competition: (orgId: string) => client.get(C, { params: { orgId } }),
  /** Sets the union's own weights; its rankings and those below take them at the next calculation. */
  setCompetition: (orgId: string, body: CompetitionBody) => client.put(C, { params: { orgId }, body }),
  /** Drops the union's own weights: it inherits the nearest union's above again (or the defaults), as answered. */
  clearCompetition: (orgId: string) => client.delete(C, { params: { orgId } }),
};
