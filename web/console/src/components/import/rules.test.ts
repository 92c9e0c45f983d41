import { describe, expect, it } from 'vitest';
import { importPercent, isImportFinished, megabytes, missingFields, progressBarStatus, runStatusColor, withColumn } from './rules.ts';

describe(withColumn.name, () => {
  it('gives a header to one field only, and clears a field when no header is chosen', () => {
    expect(withColumn<'name' | 'phone' | 'employerName'>({ name: '姓名', phone: '联系电话' }, 'employerName', '联系电话')).toEqual({
      name: '姓名',
      employerName: '联系电话',
    });
    expect(withColumn<'name' | 'phone'>({ name: '姓名', phone: '联系电话' }, 'phone', undefined)).toEqual({ name: '姓名' });
  });
});

describe(missingFields.name, () => {
  it('names the required fields without a column, in the fields’ order', () => {
    const fields = [
      { key: 'name', required: true },
      { key: 'idNumber', required: true },
      { key: 'phone', required: false },
    ] as const;
    expect(missingFields(fields, {})).toEqual(['name', 'idNumber']);
    expect(missingFields(fields, { idNumber: '身份证号码' })).toEqual(['name']);
    expect(missingFields(fields, { name: '姓名', idNumber: '身份证号码' })).toEqual([]);
  });
});

describe(importPercent.name, () => {
  it('counts processed rows, and is full only once the import has finished', () => {
    expect(importPercent({ status: 'queued', totalRows: 0, processedRows: 0 })).toBe(0);
    expect(importPercent({ status: 'writing', totalRows: 200, processedRows: 50 })).toBe(25);
    expect(importPercent({ status: 'writing', totalRows: 200, processedRows: 200 })).toBe(99);
    expect(importPercent({ status: 'rejected', totalRows: 200, processedRows: 20 })).toBe(100);
    expect(importPercent({ status: 'validating', progress: 37.5, totalRows: 0, processedRows: 0 })).toBe(37);
    expect(isImportFinished('validating')).toBe(false);
    expect(isImportFinished('failed')).toBe(true);
  });
});

describe(progressBarStatus.name, () => {
  it('is green when completed, red when rejected or failed, moving while the run goes on', () => {
    expect(progressBarStatus('completed')).toBe('success');
    expect(progressBarStatus('rejected')).toBe('exception');
    expect(progressBarStatus('failed')).toBe('exception');
    expect(progressBarStatus('writing')).toBe('active');
    expect(runStatusColor('validating')).toBe('processing');
    expect(runStatusColor('rejected')).toBe('error');
  });
});

describe(megabytes.name, () => {
  it('states the server’s limit in whole MB', () => {
    expect(megabytes(500 * 1_048_576)).toBe(500);
  });
});
