import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Progress, Radio, Row, Space, Statistic, Table, Tooltip, Typography, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { problemText } from '../../../components/problem-text.ts';
import { formatDateTime } from '../../../../../shared/format.ts';
import { i18n } from '../../../../../shared/i18n/index.ts';
import { TRADES } from '../../orgs/rules.ts';
import { membersApi, type ImportMapping, type ImportMode, type ImportPreview, type ImportStatus, type MemberImport } from '../api.ts';
import { importHasReport, importPercent, importProgressKey, importTemplateCsv, isImportFinished, megabytes } from '../rules.ts';
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
  const [params, setParams] = useSearchParams();
  const currentId = params.get('import');
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [file, setFile] = useState<File | null>(null);
  const [limitBytes, setLimitBytes] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [fileRegion, setFileRegion] = useState<string | undefined>(undefined);
  const [previewing, setPreviewing] = useState(false);
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [current, setCurrent] = useState<MemberImport | null>(null);
  const [recent, setRecent] = useState<MemberImport[]>([]);
  const [recentLoading, setRecentLoading] = useState(true);
  const [recentProblem, setRecentProblem] = useState<string | null>(null);
  const pollSeq = useRef(0);

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

  const show = useCallback(
    (id: string | null) =>
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        if (id) next.set('import', id);
        else next.delete('import');
        return next;
      }),
    [setParams],
  );

  // Follow the chosen import: read it every second until it has finished.
  useEffect(() => {
    const seq = ++pollSeq.current;
    if (!currentId) {
      setCurrent(null);
      return undefined;
    }
    let timer: number | undefined;
    const poll = async () => {
      try {
        const found = await membersApi.import(currentId);
        if (seq !== pollSeq.current) return;
        setCurrent(found);
        setProblem(null);
        if (isImportFinished(found.status)) {
          void loadRecent();
          return;
        }
      } catch (error) {
        if (seq !== pollSeq.current) return;
        setProblem(errorText(error));
      }
      timer = window.setTimeout(() => void poll(), 1000);
    };
    setCurrent((previous) => (previous?.id === currentId ? previous : null));
    void poll();
    return () => {
      pollSeq.current += 1;
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [currentId, loadRecent]);

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
      setCurrent(started);
      setFile(null);
      setPreview(null);
      show(started.id);
      void loadRecent();
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setStarting(false);
    }
  };

  const limitMb = limitBytes === null ? null : megabytes(limitBytes);

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
      {problem && preview && <Alert type="error" showIcon title={problem} data-testid="import-error" />}
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
              <div data-testid="import-file">
                <Upload.Dragger
                  accept=".xlsx,.csv"
                  maxCount={1}
                  fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
                  beforeUpload={(chosen) => {
                    const name = chosen.name.toLowerCase();
                    if (!name.endsWith('.xlsx') && !name.endsWith('.csv')) {
                      setProblem(t('consoleMembers.imports.unsupported'));
                      return Upload.LIST_IGNORE;
                    }
                    if (limitBytes !== null && chosen.size > limitBytes) {
                      setProblem(t('consoleMembers.imports.tooLarge', { mb: limitMb ?? 0 }));
                      return Upload.LIST_IGNORE;
                    }
                    setFile(chosen);
                    setProblem(null);
                    return false; // sent on "start", not on choose
                  }}
                  onRemove={() => setFile(null)}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('consoleMembers.imports.chooseFile')}</p>
                  {limitMb !== null && (
                    <p className="ant-upload-hint" data-testid="import-limit">
                      {t('consoleMembers.imports.fileHint', { mb: limitMb })}
                    </p>
                  )}
                </Upload.Dragger>
              </div>
              {problem && !preview && <Alert type="error" showIcon title={problem} data-testid="import-error" />}
              <Button
                type="primary"
                icon={<UploadOutlined />}
                disabled={!file}
                loading={previewing}
                onClick={() => void next()}
                data-testid="import-start"
              >
                {previewing ? t('consoleMembers.imports.reading') : t('consoleMembers.imports.next')}
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
  const percent = importPercent(item);
  const progressStatus =
    item.status === 'completed' ? 'success' : item.status === 'rejected' || item.status === 'failed' ? 'exception' : 'active';

  return (
    <Card
      size="small"
      style={{ height: '100%' }}
      title={finished ? t('consoleMembers.imports.resultTitle') : t('consoleMembers.imports.progressTitle', { fileName: item.fileName })}
      extra={
        finished && (
          <Button size="small" type="link" onClick={onClose} data-testid="import-again">
            {t('consoleMembers.imports.again')}
          </Button>
        )
      }
      data-testid="import-status"
      data-status={item.status}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space size={8} wrap>
          <FileExcelOutlined />
          <Typography.Text strong>{item.fileName}</Typography.Text>
          <ImportStatusTag status={item.status} />
          <Typography.Text type="secondary">{t(`consoleMembers.enums.importMode.${item.mode}`)}</Typography.Text>
        </Space>
        <div data-testid="import-progress">
          <Progress percent={percent} status={progressStatus} />
          <Typography.Text type="secondary">
            {item.totalRows > 0
              ? t('consoleMembers.imports.progressRows', { processed: item.processedRows, total: item.totalRows })
              : t(importProgressKey(item.status))}
          </Typography.Text>
          {item.encoding && (
            <Typography.Text type="secondary" style={{ display: 'block' }} data-testid="import-encoding">
              {t('consoleMembers.imports.encoding', { encoding: t(`consoleMembers.imports.encodings.${item.encoding}`) })}
            </Typography.Text>
          )}
        </div>
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
      </Space>
    </Card>
  );
}
