// What a file import sends: a CSV as text/csv, anything else as an .xlsx workbook. For the preview
// (encoding, headers, first rows) the first bytes of a CSV are enough — its rows start at the top —
// while an .xlsx goes whole, as its index sits at its end.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** How much of a CSV the preview reads. */
export const PREVIEW_CSV_BYTES = 64 * 1024;

export function isCsv(file: { name: string }): boolean {
  return file.name.toLowerCase().endsWith('.csv');
}

/** The content type an upload of `file` declares. */
export function uploadType(file: { name: string }): string {
  return isCsv(file) ? 'text/csv' : XLSX_TYPE;
}

export interface FileHead {
  body: Blob;
  contentType: string;
  /** Whether `body` is only the start of the file (the server then ignores a half-read last line). */
  truncated: boolean;
}

/** What a preview request sends of `file`. */
export function readHead(file: File): FileHead {
  const truncated = isCsv(file) && file.size > PREVIEW_CSV_BYTES;
  return { body: truncated ? file.slice(0, PREVIEW_CSV_BYTES) : file, contentType: uploadType(file), truncated };
}
