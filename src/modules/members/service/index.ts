// The members module's use cases (internal entry; other modules import ../index.ts).
export type { Application, ApplicationFilter, OwnApplication } from './applications/views.js';
export { getApplication, latestOwnApplication, listApplications } from './applications/views.js';
export type { SubmitResult } from './applications/submit.js';
export { submitApplication, withdrawApplication } from './applications/submit.js';
export { previewPlacement } from './applications/placement.js';
export type { BulkResult } from './applications/review.js';
export { approveApplication, bulkApprove, overrideDuplicateHold, rejectApplication, replaceApplication } from './applications/review.js';
export { mergeIntoMember } from './applications/merge.js';
export type { UnionSettings } from './applications/settings.js';
export { getUnionSettings, readUnionSettings, updateUnionSettings } from './applications/settings.js';
export { remindOverdueReviews } from './applications/reminders.js';
export { memberOfAccount } from './common.js';
export type { CardVerification, MemberCard, PublishedCardKey } from './card.js';
export { CardKeyring, cardKeyring, issueCard, verifyCard } from './card.js';
export { MEMBER_ENCRYPTED_COLUMNS } from './person.js';
export type { Member, RollFilter } from './roll.js';
export { listMembers, rollConditions, toMembers } from './roll.js';
export type { OwnHistoryEntry, TimelineEntry, TransferSummary } from './member-page.js';
export { getMemberPage, ownMembershipHistory, revealMember } from './member-page.js';
export { changeMemberStatus, leaveOwnMembership, purgeExpiredPersonalData } from './status.js';
export type { RollStats } from './stats.js';
export { rollStats } from './stats.js';
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
export type { ImportJob, ImportMapping, ImportOptions, ImportPreview, ImportProgress, ReceivedImport } from './import/index.js';
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
} from './import/index.js';
