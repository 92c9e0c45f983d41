// Pure rules of the console's file imports, whatever the file holds (the members roll, a census list):
// the column mapping, the run's progress, the server's size limit.

/** Field → the file's header that fills it. */
export type ColumnMapping<F extends string> = Partial<Record<F, string>>;

/** A mapping in which each header fills one field at most: choosing a header for a field takes it from any other. */
export function withColumn<F extends string>(mapping: ColumnMapping<F>, field: NoInfer<F>, header: string | undefined): ColumnMapping<F> {
  const next: ColumnMapping<F> = {};
  for (const [key, value] of Object.entries(mapping) as [F, string | undefined][]) {
    if (key !== field && value !== undefined && value !== header) next[key] = value;
  }
  if (header) next[field] = header;
  return next;
}

/** The required fields that no column fills yet. */
export function missingFields<F extends string>(fields: readonly { key: F; required: boolean }[], mapping: ColumnMapping<F>): F[] {
  return fields.filter((f) => f.required && !mapping[f.key]).map((f) => f.key);
}

/** The stages of an import run on the server, the same for every kind of file. */
export type RunStatus = 'queued' | 'validating' | 'writing' | 'completed' | 'rejected' | 'failed';

const FINISHED: readonly RunStatus[] = ['completed', 'rejected', 'failed'];

/** Whether a run has stopped (so polling stops). */
export function isImportFinished(status: RunStatus): boolean {
  return FINISHED.includes(status);
}

/**
 * The progress of a run in percent: the server's own measure when it sends one, else processed rows
 * of all rows (0 while the row count is unknown); 100 once finished.
 */
export function importPercent(item: { status: RunStatus; progress?: number; totalRows: number; processedRows: number }): number {
  if (isImportFinished(item.status)) return 100;
  if (item.progress !== undefined) return Math.max(0, Math.min(99, Math.floor(item.progress)));
  if (item.totalRows <= 0) return 0;
  return Math.min(99, Math.floor((item.processedRows / item.totalRows) * 100));
}

/** How the progress bar looks: green when done, red when stopped short, moving otherwise. */
export function progressBarStatus(status: RunStatus): 'success' | 'exception' | 'active' {
  return status === 'completed' ? 'success' : status === 'rejected' || status === 'failed' ? 'exception' : 'active';
}

/** The colour of a run's status tag. */
export function runStatusColor(status: RunStatus): string {
  switch (status) {
    case 'queued':
      return 'default';
    case 'validating':
    case 'writing':
      return 'processing';
    case 'completed':
      return 'success';
    case 'rejected':
    case 'failed':
      return 'error';
  }
}

/** Whole megabytes, as the page states the server's limit. */
export function megabytes(bytes: number): number {
  return Math.floor(bytes / 1_048_576);
}
