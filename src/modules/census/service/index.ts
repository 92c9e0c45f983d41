// The census's use cases (internal entry; other modules import ../index.ts).
export { CONTEXT } from './common.js';
export type { CensusSource, SourceKind } from './sources.js';
export { createSource, getSource, listSources } from './sources.js';
export type { CensusList, CensusMapping, ListPreview, ReceivedList, ReplacedList } from './lists.js';
export {
  CensusMappingSchema,
  findReplacedList,
  getList,
  listErrorsCsv,
  listLists,
  parseCensusMapping,
  previewList,
  receiveList,
  LIST_MAX_ROWS,
} from './lists.js';
export { runList } from './import.js';
export { endOrphanedLists } from './orphans.js';
export { followRoll } from './follow.js';
export type { CoverageReport, CoverageRow, CoverageFigures } from './coverage.js';
export { CENSUS_TALLIES, coverageReport } from './coverage.js';
export type { CensusPerson, Coverage, OutreachStatus, PeopleFilter, PersonDetail } from './people.js';
export {
  assignPeople,
  decideMatch,
  getPerson,
  listAssignableStaff,
  listPeople,
  PEOPLE_COUNT_CAP,
  recordContact,
  startPeopleExport,
  writePeopleXlsx,
} from './people.js';
export type { InvitationPrefill, InvitationResult, SkipReason } from './invitations.js';
export { INVITATIONS_AT_ONCE, invitationCampaigns, openInvitation, sendInvitations } from './invitations.js';
export type { TargetReport } from './targets.js';
export { setTarget, targetReport } from './targets.js';
export { startCoverageExport, writeCoverageXlsx } from './coverage-export.js';
