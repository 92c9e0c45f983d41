// The members module's use cases (internal entry; other modules import ../index.ts).
export type { Application, ApplicationFilter, BulkResult, OwnApplication, SubmitResult, UnionSettings } from './applications.js';
export {
  approveApplication,
  bulkApprove,
  getApplication,
  getUnionSettings,
  latestOwnApplication,
  listApplications,
  maskOrgName,
  memberOfAccount,
  mergeIntoMember,
  overrideDuplicateHold,
  previewPlacement,
  readUnionSettings,
  rejectApplication,
  remindOverdueReviews,
  replaceApplication,
  submitApplication,
  updateUnionSettings,
  withdrawApplication,
} from './applications.js';
export type { CardVerification, MemberCard, PublishedCardKey } from './card.js';
export { CardKeyring, cardKeyring, issueCard, verifyCard } from './card.js';
export { MEMBER_ENCRYPTED_COLUMNS } from './person.js';
export type { Member, OwnHistoryEntry, RollFilter, RollStats, TimelineEntry, TransferSummary } from './roll.js';
export {
  changeMemberStatus,
  getMemberPage,
  leaveOwnMembership,
  listMembers,
  ownMembershipHistory,
  purgeExpiredPersonalData,
  revealMember,
  rollConditions,
  rollStats,
  toMembers,
} from './roll.js';
export {
  cancelOwnTransfer,
  changeWork,
  confirmProposedTransfer,
  decideTransfer,
  listTransfers,
  openOwnTransfer,
  requestTransfer,
  staffTransfer,
} from './transfers.js';
export type { ExportFilter } from './export.js';
export { startRollExport, writeRollXlsx } from './export.js';
export type { ImportJob, ImportMapping, ImportOptions, ImportPreview, ImportProgress, ReceivedImport } from './import.js';
export {
  IMPORT_COLUMNS,
  IMPORT_FIELDS,
  ImportMappingSchema,
  endOrphanedImports,
  getImport,
  importErrorsCsv,
  importRollFile,
  listImports,
  parseImportMapping,
  previewImport,
  receiveImport,
  runImport,
} from './import.js';
