// The orgs module's public API: other modules import only from this file.
export type { Org, OrgNode, OrgMove, CreateOrgInput, UpdateOrgInput } from './service/index.js';
export {
  getOrg,
  findOrgById,
  getOrgsByIds,
  listOrgChildren,
  listOrgAncestors,
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
} from './service/index.js';
export { ORG_KINDS, TRADES, FORMATION_MODES } from './rules.js';
export type { OrgKind, Trade, FormationMode } from './rules.js';
export { orgErrors } from './errors.js';
export { orgRoutes } from './routes.js';
export { enableOrgTreeCache } from './cache.js';
