// Importing an existing roll (.csv or .xlsx, up to a million rows). The upload is streamed to a file
// (readable by this user only, deleted when the job ends however it ends), then read, streaming, by
// platform/files: the encoding detected, blank rows skipped, the columns mapped (the uploader's
// mapping, else the one they confirmed last time, else the headers' usual words). Every row is
// checked and every bad one reported (row, column, code, message), duplicates against the roll and
// within the file included. In valid_rows mode a CSV is read once, the good rows going to the roll in
// batches as they are checked; otherwise every row is checked first and the file read a second time
// to write. An all-or-nothing import writes to a staging table and moves the rows to the roll in one
// transaction at the end, so a process killed at any point leaves all of its rows on the roll or none.
//
// job.ts (the job row) · receive.ts (upload, preview, queue) · run.ts (check, write, publish) ·
// reading.ts / rows.ts (a file's rows and their checks) · writer.ts (batches to the roll) ·
// progress.ts (counters, error report) · orphans.ts (jobs whose process died) · reports.ts (reads).
export type { ImportJob, ImportOptions, ReceivedImport } from './job.js';
export { ImportMappingSchema, parseImportMapping } from './job.js';
export { IMPORT_COLUMNS, IMPORT_FIELDS, type ImportMapping } from './rows.js';
export type { ImportPreview } from './receive.js';
export { previewImport, receiveImport } from './receive.js';
export { runImport } from './run.js';
export type { ImportProgress } from './progress.js';
export { endOrphanedImports } from './orphans.js';
export { getImport, importErrorsCsv, listImports } from './reports.js';
export { importRollFile } from './roll-file.js';
