import { Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { megabytes } from './rules.ts';

export interface FileDropProps {
  file: File | null;
  onChange: (file: File | null) => void;
  /** A file refused here (not .xlsx/.csv, larger than the server takes), as a sentence; null on a good choice. */
  onProblem: (problem: string | null) => void;
  /** The largest file the server takes; unknown (null) until its list answered. */
  limitBytes: number | null;
  /** On the wrapper of the `<input type=file>`, for `setInputFiles`. */
  testId: string;
  /** On the line stating the limit. */
  limitTestId: string;
}

/** One .xlsx or .csv, checked against the server's size limit; kept in the page until the import starts. */
export function FileDrop({ file, onChange, onProblem, limitBytes, testId, limitTestId }: FileDropProps) {
  const { t } = useTranslation();
  const limitMb = limitBytes === null ? null : megabytes(limitBytes);
  return (
    <div data-testid={testId}>
      <Upload.Dragger
        accept=".xlsx,.csv"
        maxCount={1}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
        beforeUpload={(chosen) => {
          const name = chosen.name.toLowerCase();
          if (!name.endsWith('.xlsx') && !name.endsWith('.csv')) {
            onProblem(t('consoleImport.unsupported'));
            return Upload.LIST_IGNORE;
          }
          if (limitBytes !== null && chosen.size > limitBytes) {
            onProblem(t('consoleImport.tooLarge', { mb: limitMb ?? 0 }));
            return Upload.LIST_IGNORE;
          }
          onChange(chosen);
          onProblem(null);
          return false; // sent on "start", not on choose
        }}
        onRemove={() => onChange(null)}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('consoleImport.chooseFile')}</p>
        {limitMb !== null && (
          <p className="ant-upload-hint" data-testid={limitTestId}>
            {t('consoleImport.fileHint', { mb: limitMb })}
          </p>
        )}
      </Upload.Dragger>
    </div>
  );
}
