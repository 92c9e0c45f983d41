import { useState } from 'react';
import { Alert, Button, Modal, Radio, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../../../shared/api.ts';
import { orgsApi, type ImportMode, type ImportResult, type ImportRowError } from '../api.ts';

type Outcome =
  | { kind: 'done'; result: ImportResult }
  | { kind: 'rejected'; title: string; errors: ImportRowError[] }
  | { kind: 'failed'; title: string };

/** Uploads an .xlsx/.csv of organisations and shows the rows that failed. Render only while open. */
export function ImportOrgsModal({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const start = async () => {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    try {
      const result = await orgsApi.import(file, mode);
      setOutcome({ kind: 'done', result });
      if (result.written > 0) onImported();
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && error.errors.length > 0) {
        setOutcome({ kind: 'rejected', title: error.title, errors: error.errors });
      } else {
        setOutcome({ kind: 'failed', title: errorText(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  const rowErrors = outcome?.kind === 'done' ? outcome.result.errors : outcome?.kind === 'rejected' ? outcome.errors : [];

  return (
    <Modal
      open
      width={760}
      title={t('console.orgs.importModal.title')}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={[
        <Button key="close" onClick={onClose}>
          {t('common.close')}
        </Button>,
        <Button key="start" type="primary" disabled={!file} loading={busy} onClick={() => void start()} data-testid="org-import-start">
          {busy ? t('console.orgs.importModal.importing') : t('console.orgs.importModal.start')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('console.orgs.importModal.hint')}{' '}
          <Typography.Link href={orgsApi.templateUrl} download>
            <DownloadOutlined /> {t('console.orgs.downloadTemplate')}
          </Typography.Link>
        </Typography.Paragraph>
        <div>
          <Typography.Text strong>{t('common.labelSuffix', { label: t('console.orgs.importModal.mode') })}</Typography.Text>
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value as ImportMode)}
            options={[
              { value: 'all_or_nothing', label: t('console.orgs.importModal.modeAll') },
              { value: 'valid_rows', label: t('console.orgs.importModal.modeValid') },
            ]}
            data-testid="org-import-mode"
          />
        </div>
        <div data-testid="org-import-file">
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
            beforeUpload={(chosen) => {
              const name = chosen.name.toLowerCase();
              if (!name.endsWith('.xlsx') && !name.endsWith('.csv')) {
                setOutcome({ kind: 'failed', title: t('console.orgs.importModal.unsupported') });
                return Upload.LIST_IGNORE;
              }
              setFile(chosen);
              setOutcome(null);
              return false; // upload on "start", not on choose
            }}
            onRemove={() => {
              setFile(null);
              setOutcome(null);
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('console.orgs.importModal.chooseFile')}</p>
            <p className="ant-upload-hint">{t('console.orgs.importModal.fileHint')}</p>
          </Upload.Dragger>
        </div>

        {outcome?.kind === 'failed' && <Alert type="error" showIcon title={outcome.title} />}
        {outcome?.kind === 'rejected' && (
          <Alert
            type="error"
            showIcon
            title={outcome.title}
            description={t('console.orgs.importModal.rejected')}
            data-testid="org-import-rejected"
          />
        )}
        {outcome?.kind === 'done' && (
          <Alert
            type={outcome.result.errors.length > 0 ? 'warning' : 'success'}
            showIcon
            title={t('console.orgs.importModal.success')}
            description={t('console.orgs.importModal.result', { total: outcome.result.total, written: outcome.result.written })}
            data-testid="org-import-result"
          />
        )}
        {rowErrors.length > 0 && (
          <Table<ImportRowError>
            size="small"
            title={() => t('console.orgs.importModal.errorsTitle')}
            rowKey={(e) => `${e.row ?? ''}-${e.column ?? e.field}-${e.code}`}
            dataSource={rowErrors}
            pagination={rowErrors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            columns={[
              { title: t('console.orgs.importModal.row'), dataIndex: 'row', width: 72 },
              { title: t('console.orgs.importModal.column'), width: 120, render: (_, e) => e.column ?? (e.field || t('common.none')) },
              { title: t('console.orgs.importModal.message'), dataIndex: 'message' },
              {
                title: t('console.orgs.importModal.code'),
                dataIndex: 'code',
                width: 200,
                render: (code: string) => <Typography.Text type="secondary">{code}</Typography.Text>,
              },
            ]}
            data-testid="org-import-errors"
          />
        )}
      </Space>
    </Modal>
  );
}
