// The orgs module's public API: other modules import only from this file.
import { defineModule } from '../../platform/manifest/manifest.js';
import { enableOrgTreeCache } from './cache.js';
import { orgsMessages } from './messages.js';
import { orgRoutes } from './routes.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    orgs: true;
  }
}
declare module '../../platform/cache/changes.js' {
  interface ChangeTopics {
    orgs: true;
  }
}

export const orgsModule = defineModule({
  name: 'orgs',
  accessModules: ['orgs'],
  changeTopics: ['orgs'],
  routes: orgRoutes,
  caches: enableOrgTreeCache,
  messages: orgsMessages,
});

export type { Org, OrgNode, OrgMove, CreateOrgInput, UpdateOrgInput, FormationCount } from './service/index.js';
export {
  getOrg,
  findOrgById,
  getOrgsByIds,
  orgNamesByIds,
  listOrgChildren,
  listOrgAncestors,
  listAreaUnions,
  orgPathsInScope,
  AREA_ORG_KINDS,
  listPlacementCandidates,
  listEmployerUnions,
  searchOrgs,
  createOrg,
  createRootOrg,
  updateOrg,
  moveOrg,
  deactivateOrg,
  reactivateOrg,
  countOrgsInScope,
  orgIdsInScope,
  orgIdListInScope,
  countUnionsByFormation,
} from './service/index.js';
export { ORG_KINDS, TRADES, FORMATION_MODES } from './rules.js';
export { tradeFromWords } from './trades.js';
export type { OrgKind, Trade, FormationMode } from './rules.js';
export { orgErrors } from './errors.js';
export { orgChangeInvalidates } from './cache.js';
