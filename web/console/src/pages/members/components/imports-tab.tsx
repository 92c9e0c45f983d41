import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Radio, Row, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { RunCard } from '../../../components/import/run-card.tsx';
import { errorText } from '../../../../../shared/api.ts';
import { problemText } from '../../../components/problem-text.ts';
import { formatDateTime } from '../../../../../shared/format.ts';
import { i18n } from '../../../../../shared/i18n/index.ts';
import { TRADES } from '../../orgs/rules.ts';
import { membersApi, type ImportMapping, type ImportMode, type ImportPreview, type ImportStatus, type MemberImport } from '../api.ts';
import { FileDrop } from '../../../components/import/file-drop.tsx';
import { ProgressLine } from '../../../components/import/progress-line.tsx';
import { isImportFinished } from '../../../components/import/rules.ts';
import { useFollowedRun } from '../../../components/import/use-followed-run.ts';
import { importHasReport, importProgressKey, importTemplateCsv } from '../rules.ts';
import { ImportMappingStep } from './import-mapping.tsx';
import { ImportStatusTag } from './tags.tsx';

function downloadTemplate() {
  const url = URL.createObjectURL(new Blob([importTemplateCsv()], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = i18n.t('consoleMembers.imports.templateFileName');
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Upload a roll (.xlsx/.csv), follow its progress, read the result; and the union's recent imports. */
export function ImportsTab() {
  const { t } = useTranslation();
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [file, setFile] = useState<File | null>(null);
  const [limitBytes, setLimitBytes] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [fileRegion, setFileRegion] = useState<string | undefined>(undefined);
  const [previewing, setPreviewing] = useState(false);
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [recent, setRecent] = useState<MemberImport[]>([]);
  const [recentLoading, setRecentLoading] = useState(true);
  const [recentProblem, setRecentProblem] = useState<string | null>(null);

  const loadRecent = useCallback(async () => {
    setRecentLoading(true);
    setRecentProblem(null);
    try {
      const answer = await membersApi.imports();
      setRecent(answer.items);
      setLimitBytes(answer.limitBytes);
    } catch (error) {
      setRecentProblem(errorText(error));
    } finally {
      setRecentLoading(false);
    }
  }, []);

  useEffect(() => {
    void loadRecent();
  }, [loadRecent]);

  // Follow the chosen import (?import=): read it every second until it has finished.
  const followed = useFollowedRun('import', membersApi.import, {
    intervalMs: 1000,
    onRead: (found) => {
      if (isImportFinished(found.status)) void loadRecent();
    },
  });
  const { id: currentId, current, show } = followed;
  const shownProblem = problem ?? followed.problem;

  // Step 2: the server reads the file's first rows and offers a mapping of its columns.
  const next = async () => {
    if (!file) return;
    setPreviewing(true);
    setProblem(null);
    try {
      const read = await membersApi.previewImport(file);
      setPreview(read);
      setMapping(read.mapping);
      setFileRegion(undefined);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setPreviewing(false);
    }
  };

  const start = async () => {
    if (!file) return;
    setStarting(true);
    setProblem(null);
    try {
      const started = await membersApi.startImport(file, mode, { mapping, workRegionCode: fileRegion });
      setFile(null);
      setPreview(null);
      followed.follow(started);
      void loadRecent();
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {file && preview && (
        <ImportMappingStep
          fileName={file.name}
          preview={preview}
          mapping={mapping}
          onMappingChange={setMapping}
          fileRegion={fileRegion}
          onFileRegionChange={setFileRegion}
          starting={starting}
          onBack={() => setPreview(null)}
          onConfirm={() => void start()}
        />
      )}
      {shownProblem && preview && <Alert type="error" showIcon title={shownProblem} data-testid="import-error" />}
      <Row gutter={16} align="stretch" style={preview ? { display: 'none' } : undefined}>
        <Col xs={24} xl={current ? 12 : 24}>
          <Card
            size="small"
            title={t('consoleMembers.imports.title')}
            style={{ height: '100%' }}
            extra={
              <Button size="small" type="link" icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="import-template">
                {t('consoleMembers.imports.template')}
              </Button>
            }
          >
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <div className="gh-import-hint">
                <Typography.Text type="secondary">{t('consoleMembers.imports.hint')}</Typography.Text>
                <ul>
                  <li>{t('consoleMembers.imports.hintRequired')}</li>
                  <li>{t('consoleMembers.imports.hintUnion')}</li>
                  <li>{t('consoleMembers.imports.hintJoined')}</li>
                  <li>
                    {t('consoleMembers.imports.tradeHint', {
                      trades: TRADES.map((trade) => t(`enums.trade.${trade}`)).join(t('common.listSeparator')),
                    })}
                  </li>
                  <li>{t('consoleMembers.imports.hintDuplicates')}</li>
                  <li>{t('consoleMembers.imports.hintColumns')}</li>
                  <li>{t('consoleMembers.imports.hintLandline')}</li>
                </ul>
              </div>
              <div>
                <Typography.Text strong>{t('common.labelSuffix', { label: t('consoleMembers.imports.mode') })}</Typography.Text>
                <Radio.Group
                  value={mode}
                  onChange={(e) => setMode(e.target.value as ImportMode)}
                  options={[
                    {
                      value: 'all_or_nothing',
                      label: <Tooltip title={t('consoleMembers.imports.modeAllHint')}>{t('consoleMembers.imports.modeAll')}</Tooltip>,
                    },
                    {
                      value: 'valid_rows',
                      label: <Tooltip title={t('consoleMembers.imports.modeValidHint')}>{t('consoleMembers.imports.modeValid')}</Tooltip>,
                    },
                  ]}
                  data-testid="import-mode"
                />
              </div>
              <FileDrop
                file={file}
                onChange={setFile}
                onProblem={setProblem}
                limitBytes={limitBytes}
                testId="import-file"
                limitTestId="import-limit"
              />
              {shownProblem && !preview && <Alert type="error" showIcon title={shownProblem} data-testid="import-error" />}
              <Button
                type="primary"
                icon={<UploadOutlined />}
                disabled={!file}
                loading={previewing}
                onClick={() => void next()}
                data-testid="import-start"
              >
                {previewing ? t('consoleImport.reading') : t('consoleImport.next')}
              </Button>
            </Space>
          </Card>
        </Col>
        {current && (
          <Col xs={24} xl={12}>
            <ImportProgress item={current} onClose={() => show(null)} />
          </Col>
        )}
      </Row>

      <Card
        size="small"
        title={t('consoleMembers.imports.recent')}
        extra={
          <Tooltip title={t('common.refresh')}>
            <Button size="small" type="text" icon={<ReloadOutlined />} onClick={() => void loadRecent()} />
          </Tooltip>
        }
      >
        {recentProblem && <Alert type="error" showIcon title={recentProblem} className="gh-form-alert" />}
        <Table<MemberImport>
          rowKey="id"
          size="small"
          loading={recentLoading}
          dataSource={recent}
          pagination={recent.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          locale={{ emptyText: t('consoleMembers.imports.recentEmpty') }}
          data-testid="imports-table"
          scroll={{ x: 1100 }}
          onRow={(item) =>
            ({
              'data-testid': 'imports-row',
              'data-import-id': item.id,
              className: item.id === currentId ? 'gh-row-open' : undefined,
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('consoleMembers.imports.fileName'),
              key: 'file',
              ellipsis: true,
              render: (_, item) => (
                <div className="gh-import-file">
                  <Space size={6}>
                    <FileExcelOutlined />
                    <span>{item.fileName}</span>
                  </Space>
                  <Typography.Text type="secondary">{t(`consoleMembers.enums.importMode.${item.mode}`)}</Typography.Text>
                </div>
              ),
            },
            {
              title: t('consoleMembers.common.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: ImportStatus) => <ImportStatusTag status={s} />,
            },
            { title: t('consoleMembers.imports.total'), dataIndex: 'totalRows', width: 80, align: 'right' },
            { title: t('consoleMembers.imports.written'), dataIndex: 'writtenRows', width: 80, align: 'right' },
            { title: t('consoleMembers.imports.duplicatesShort'), dataIndex: 'duplicateRows', width: 80, align: 'right' },
            { title: t('consoleMembers.imports.fileDuplicatesShort'), dataIndex: 'fileDuplicateRows', width: 90, align: 'right' },
            { title: t('consoleMembers.imports.errorsShort'), dataIndex: 'errorRows', width: 70, align: 'right' },
            {
              title: t('consoleMembers.imports.staff'),
              dataIndex: 'staffName',
              width: 150,
              ellipsis: true,
              render: (s: string | null) => s ?? t('common.none'),
            },
            {
              title: t('consoleMembers.imports.startedAt'),
              dataIndex: 'startedAt',
              width: 160,
              render: (at: string) => formatDateTime(at),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 150,
              render: (_, item) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => show(item.id)} data-testid="import-view">
                    {t('consoleMembers.imports.view')}
                  </Button>
                  {importHasReport(item) && (
                    <Button type="link" size="small" href={membersApi.importErrorsUrl(item.id)} download>
                      {t('consoleMembers.imports.downloadErrors')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

function ImportProgress({ item, onClose }: { item: MemberImport; onClose: () => void }) {
  const { t } = useTranslation();
  const finished = isImportFinished(item.status);

  return (
    <RunCard
      status={item.status}
      titles={{
        running: t('consoleMembers.imports.progressTitle', { fileName: item.fileName }),
        finished: t('consoleMembers.imports.resultTitle'),
      }}
      again={{ label: t('consoleMembers.imports.again'), testId: 'import-again' }}
      testId="import-status"
      onClose={onClose}
    >
      <Space size={8} wrap>
        <FileExcelOutlined />
        <Typography.Text strong>{item.fileName}</Typography.Text>
        <ImportStatusTag status={item.status} />
        <Typography.Text type="secondary">{t(`consoleMembers.enums.importMode.${item.mode}`)}</Typography.Text>
      </Space>
      <ProgressLine item={item} stage={t(importProgressKey(item.status))} />
      {(finished || item.writtenRows > 0) && (
        <Row gutter={[16, 8]} data-testid="import-result">
          <Col span={8}>
            <Statistic title={t('consoleMembers.imports.total')} value={item.totalRows} />
          </Col>
          <Col span={8}>
            <Statistic title={t('consoleMembers.imports.written')} value={item.writtenRows} styles={{ content: { color: '#389e0d' } }} />
          </Col>
          <Col span={8}>
            <Statistic
              title={t('consoleMembers.imports.errors')}
              value={item.errorRows}
              styles={{ content: { color: item.errorRows > 0 ? '#cf1322' : undefined } }}
            />
          </Col>
          <Col span={8} data-testid="import-duplicates">
            <Statistic title={t('consoleMembers.imports.duplicates')} value={item.duplicateRows} />
          </Col>
          <Col span={8} data-testid="import-file-duplicates">
            <Statistic title={t('consoleMembers.imports.fileDuplicates')} value={item.fileDuplicateRows} />
          </Col>
          <Col span={8} data-testid="import-warnings">
            <Statistic title={t('consoleMembers.imports.warnings')} value={item.warningRows} />
          </Col>
        </Row>
      )}
      {item.status === 'completed' && (
        <Alert
          type={item.errorRows > 0 ? 'warning' : 'success'}
          showIcon
          title={
            item.finishedAt
              ? t('consoleMembers.imports.completedAt', { time: formatDateTime(item.finishedAt) })
              : t('consoleMembers.imports.completedHint')
          }
        />
      )}
      {item.status === 'rejected' && (
        <Alert type="error" showIcon title={t('consoleMembers.imports.rejectedHint')} data-testid="import-rejected" />
      )}
      {item.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={t('consoleMembers.imports.failedHint', { failure: item.failure ?? t('common.none') })}
          data-testid="import-failed"
        />
      )}
      {finished && importHasReport(item) && (
        <Button icon={<DownloadOutlined />} href={membersApi.importErrorsUrl(item.id)} download data-testid="import-errors-download">
          {t('consoleMembers.imports.downloadErrors')}
        </Button>
      )}
    </RunCard>
  );
}
