import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Result, Space, Table, Typography } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type ProblemItem } from '../../../../../shared/api.ts';
import { FileDrop } from '../../../components/import/file-drop.tsx';
import { MappingStep } from '../../../components/import/mapping-step.tsx';
import { missingFields } from '../../../components/import/rules.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { problemText } from '../../../components/problem-text.ts';
import { useSession } from '../../../session.tsx';
import {
  stationsApi,
  type StationImportField,
  type StationImportMapping,
  type StationImportPreview,
  type StationImportResult,
} from '../api.ts';
import { problemsCsv } from '../rules.ts';

type Outcome = { kind: 'done'; result: StationImportResult } | { kind: 'rejected'; title: string; problems: ProblemItem[] };

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A station list from Excel: choose the file (and the union of rows that name none), check which column
 * is which, import. The server takes all of it or, with any bad row, none: then every bad row is listed
 * here, and can be downloaded to fix beside the file.
 */
export function StationImportPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [orgId, setOrgId] = useState<string | undefined>(me.org.id);
  const [preview, setPreview] = useState<StationImportPreview | null>(null);
  const [mapping, setMapping] = useState<StationImportMapping>({});
  const [previewing, setPreviewing] = useState(false);
  const [importing, setImporting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const next = async () => {
    if (!file) return;
    setPreviewing(true);
    setProblem(null);
    try {
      const read = await stationsApi.previewImport(file);
      setPreview(read);
      setMapping(read.mapping);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setPreviewing(false);
    }
  };

  const start = async () => {
    if (!file) return;
    setImporting(true);
    setProblem(null);
    try {
      setOutcome({ kind: 'done', result: await stationsApi.importFile(file, { orgId, mapping }) });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stations.import_rejected') {
        setOutcome({ kind: 'rejected', title: error.title, problems: error.errors });
      } else setProblem(problemText(error));
    } finally {
      setImporting(false);
    }
  };

  const again = () => {
    setFile(null);
    setPreview(null);
    setOutcome(null);
    setProblem(null);
  };

  const back = (
    <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/stations')} style={{ marginBottom: 12 }}>
      {t('consoleStations.import.backToList')}
    </Button>
  );

  if (outcome?.kind === 'done') {
    return (
      <div data-testid="stations-import-page">
        {back}
        <Result
          status="success"
          title={t('consoleStations.import.doneTitle')}
          subTitle={t('consoleStations.import.done', outcome.result)}
          data-testid="stations-import-done"
          extra={[
            <Button key="list" type="primary" onClick={() => void navigate('/stations')}>
              {t('consoleStations.import.backToList')}
            </Button>,
            <Button key="again" onClick={again}>
              {t('consoleStations.import.again')}
            </Button>,
          ]}
        />
      </div>
    );
  }

  if (outcome?.kind === 'rejected') {
    const header = [
      t('consoleStations.import.row'),
      t('consoleStations.import.column'),
      t('consoleStations.import.code'),
      t('consoleStations.import.message'),
    ];
    return (
      <div data-testid="stations-import-page">
        {back}
        <Card
          size="small"
          title={t('consoleStations.import.rejectedTitle')}
          extra={
            <Space>
              <Button
                icon={<DownloadOutlined />}
                onClick={() => download(problemsCsv(header, outcome.problems), t('consoleStations.import.reportFileName'))}
                data-testid="stations-import-report"
              >
                {t('consoleStations.import.downloadReport')}
              </Button>
              <Button type="primary" onClick={again} data-testid="stations-import-again">
                {t('consoleStations.import.again')}
              </Button>
            </Space>
          }
        >
          <Alert type="error" showIcon title={outcome.title} style={{ marginBottom: 12 }} data-testid="stations-import-rejected" />
          <Table<ProblemItem & { key: number }>
            size="small"
            rowKey="key"
            dataSource={outcome.problems.map((p, key) => ({ ...p, key }))}
            pagination={outcome.problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            data-testid="stations-import-problems"
            columns={[
              { key: 'row', title: t('consoleStations.import.row'), dataIndex: 'row', width: 80, align: 'right' },
              { key: 'column', title: t('consoleStations.import.column'), dataIndex: 'column', width: 140 },
              { key: 'message', title: t('consoleStations.import.message'), dataIndex: 'message' },
              {
                key: 'code',
                title: t('consoleStations.import.code'),
                dataIndex: 'code',
                width: 280,
                render: (code: string) => <Typography.Text type="secondary">{code}</Typography.Text>,
              },
            ]}
          />
        </Card>
      </div>
    );
  }

  if (file && preview) {
    const label = (key: StationImportField) => t(`consoleStations.import.fields.${key}`);
    const missing = missingFields(preview.fields, mapping).map(label);
    const gaps = [
      ...(missing.length > 0 ? [t('consoleImport.missingRequired', { fields: missing.join(t('common.listSeparator')) })] : []),
      ...(!mapping.point && !(mapping.lng && mapping.lat) ? [t('consoleStations.import.coordinatesMissing')] : []),
    ];
    return (
      <div data-testid="stations-import-page">
        {back}
        <MappingStep<StationImportField>
          fileName={file.name}
          preview={preview}
          mapping={mapping}
          onMappingChange={setMapping}
          fieldLabel={label}
          hint={t('consoleStations.import.mappingHint')}
          problems={gaps}
          blocked={gaps.length > 0}
          confirmLabel={importing ? t('consoleStations.import.importing') : t('consoleStations.import.confirm')}
          starting={importing}
          onBack={() => setPreview(null)}
          onConfirm={() => void start()}
        />
        {problem && <Alert type="error" showIcon title={problem} style={{ marginTop: 12 }} data-testid="stations-import-error" />}
      </div>
    );
  }

  return (
    <div data-testid="stations-import-page">
      {back}
      <Card
        size="small"
        title={t('consoleStations.import.title')}
        style={{ maxWidth: 860 }}
        extra={
          <Button
            size="small"
            type="link"
            icon={<DownloadOutlined />}
            href={stationsApi.templateUrl}
            data-testid="stations-import-template"
          >
            {t('consoleStations.import.template')}
          </Button>
        }
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <div>
            <Typography.Text type="secondary">{t('consoleStations.import.hint')}</Typography.Text>
            <ul style={{ margin: '8px 0 0', paddingLeft: 20, color: 'rgba(0,0,0,0.65)' }}>
              <li>{t('consoleStations.import.hintColumns')}</li>
              <li>{t('consoleStations.import.hintUnion')}</li>
              <li>{t('consoleStations.import.hintHours')}</li>
              <li>{t('consoleStations.import.hintAll')}</li>
            </ul>
          </div>
          <Form layout="vertical">
            <Form.Item label={t('consoleStations.import.defaultUnion')} style={{ marginBottom: 0, maxWidth: 360 }}>
              <OrgPicker value={orgId} onChange={(id) => setOrgId(id)} data-testid="stations-import-union" />
            </Form.Item>
          </Form>
          <FileDrop
            file={file}
            onChange={setFile}
            onProblem={setProblem}
            limitBytes={null}
            testId="stations-import-file"
            limitTestId="stations-import-limit"
          />
          {problem && <Alert type="error" showIcon title={problem} data-testid="stations-import-error" />}
          <Button
            type="primary"
            icon={<UploadOutlined />}
            disabled={!file}
            loading={previewing}
            onClick={() => void next()}
            data-testid="stations-import-next"
          >
            {previewing ? t('consoleImport.reading') : t('consoleStations.import.next')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
