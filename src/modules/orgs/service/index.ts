// The orgs module's use cases (internal entry; other modules import ../index.ts).
export type { Org, OrgNode, OrgMove, OrgSearch } from './read.js';
export {
  countOrgsInScope,
  findOrgById,
  getOrg,
  getOrgsByIds,
  orgNamesByIds,
  listAreaUnions,
  orgPathsInScope,
  AREA_ORG_KINDS,
  listEmployerUnions,
  listOrgAncestors,
  listOrgChildren,
  listPlacementCandidates,
  listOrgMoves,
  orgIdsInScope,
  orgIdListInScope,
  searchOrgs,
} from './read.js';
export type { CreateOrgInput, UpdateOrgInput } from './write.js';
export { createOrg, createRootOrg, deactivateOrg, insertOrgUnderParent, moveOrg, reactivateOrg, updateOrg } from './write.js';
export type { FormationCount } from './stats.js';
export { countUnionsByFormation } from './stats.js';
