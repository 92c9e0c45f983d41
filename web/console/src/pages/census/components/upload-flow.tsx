import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Form, Radio, Row, Select, Space, Tooltip, Typography } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDateTime } from '../../../../../shared/format.ts';
import { TRADES, type Trade } from '../../../../../shared/trades.ts';
import { FileDrop } from '../../../components/import/file-drop.tsx';
import { MappingStep } from '../../../components/import/mapping-step.tsx';
import { problemText } from '../../../components/problem-text.ts';
import { RegionCascader, RegionName } from '../../../components/region-cascader.tsx';
import { useSession } from '../../../session.tsx';
import {
  censusApi,
  LIST_MODES,
  type CensusField,
  type CensusList,
  type CensusMapping,
  type CensusSource,
  type ListMode,
  type ListPreview,
  type ReplacedList,
  type SourceKind,
} from '../api.ts';
import { countText, defaultListArea, isListArea, listMappingGaps, withinArea } from '../rules.ts';
import { SourceModal } from './source-modal.tsx';

/** What the server said of the list an upload would replace, for one source, area and trade (`key`). */
type ReplacesCheck = { key: string; list: ReplacedList | null } | { key: string; problem: string };

const targetKey = (sourceId: string, regionCode: string, trade: Trade | undefined) => `${sourceId}|${regionCode}|${trade ?? ''}`;

export interface UploadFlowProps {
  /** The largest file the server takes (from its list of lists); null until known. */
  limitBytes: number | null;
  onStarted: (list: CensusList) => void;
  /** Beside the first step (the list being counted, or the last result); the mapping step takes the whole width. */
  aside?: ReactNode;
}

/**
 * Uploading a census list: its source, area, trade and mode, then the file; the server's preview
 * offers a mapping of the file's columns (remembered per source), and on confirming the list is sent
 * whole and counted in the background.
 */
export function UploadFlow({ limitBytes, onStarted, aside }: UploadFlowProps) {
  const { t } = useTranslation();
  const { me } = useSession();
  const ownArea = me.org.regionCode;
  const [sources, setSources] = useState<CensusSource[]>([]);
  const [sourcesProblem, setSourcesProblem] = useState<string | null>(null);
  const [creatingSource, setCreatingSource] = useState(false);
  const [sourceId, setSourceId] = useState<string | undefined>(undefined);
  const [regionCode, setRegionCode] = useState<string | undefined>(defaultListArea(ownArea));
  const [trade, setTrade] = useState<Trade | undefined>(undefined);
  const [mode, setMode] = useState<ListMode>('valid_rows');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ListPreview | null>(null);
  const [mapping, setMapping] = useState<CensusMapping>({});
  const [previewing, setPreviewing] = useState(false);
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [replaces, setReplaces] = useState<ReplacesCheck | null>(null);
  // The id of the replaced list the user agreed to replace: another list (the trade changed) asks again.
  const [replaceConfirmed, setReplaceConfirmed] = useState<string | null>(null);
  const mappingStep = file !== null && preview !== null;

  useEffect(() => {
    let cancelled = false;
    censusApi
      .sources()
      .then((found) => {
        if (cancelled) return;
        setSources(found.items);
        // One source: nothing to choose.
        if (found.items.length === 1) setSourceId((current) => current ?? found.items[0]?.id);
      })
      .catch((error: unknown) => {
        if (!cancelled) setSourcesProblem(errorText(error));
      });
    return () => {
      cancelled = true;
    };
  }, []);

  // Counting replaces the source's earlier list of the same area and trade; the mapping step names it
  // (asked again as the trade changes there) so that nobody replaces a list without knowing.
  useEffect(() => {
    if (!mappingStep || !sourceId || !isListArea(regionCode)) return;
    let cancelled = false;
    const key = targetKey(sourceId, regionCode, trade);
    censusApi
      .replacedList({ sourceId, regionCode, trade })
      .then((found) => {
        if (!cancelled) setReplaces({ key, list: found.replaced });
      })
      .catch((error: unknown) => {
        if (!cancelled) setReplaces({ key, problem: problemText(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [mappingStep, sourceId, regionCode, trade]);

  const source = sources.find((s) => s.id === sourceId);
  const regionOk = isListArea(regionCode) && withinArea(regionCode, ownArea);
  const ready = Boolean(source) && regionOk && file !== null;
  const tradeOptions = useMemo(() => TRADES.map((key) => ({ value: key, label: t(`enums.trade.${key}`) })), [t]);

  // Step 2: the server reads the file's first rows and offers a mapping of its columns.
  const next = async () => {
    if (!file || !ready) return;
    setPreviewing(true);
    setProblem(null);
    try {
      const read = await censusApi.previewList(file, sourceId);
      setPreview(read);
      setMapping(read.mapping);
      // A new file is confirmed anew, even against the list confirmed for the last one.
      setReplaceConfirmed(null);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setPreviewing(false);
    }
  };

  const start = async () => {
    if (!file || !sourceId || !isListArea(regionCode)) return;
    setStarting(true);
    setProblem(null);
    try {
      const started = await censusApi.uploadList(file, { sourceId, regionCode, trade, mode, mapping });
      setFile(null);
      setPreview(null);
      onStarted(started);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setStarting(false);
    }
  };

  const sourceModal = creatingSource && (
    <SourceModal
      onClose={() => setCreatingSource(false)}
      onCreated={(created) => {
        setSources((previous) => [...previous, created].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')));
        setSourceId(created.id);
        setCreatingSource(false);
      }}
    />
  );

  if (file && preview) {
    const gaps = listMappingGaps(preview.fields, mapping, trade);
    const label = (key: CensusField) => t(`consoleCensus.fields.${key}`);
    const problems = [
      ...(gaps.missing.length > 0
        ? [t('consoleImport.missingRequired', { fields: gaps.missing.map(label).join(t('common.listSeparator')) })]
        : []),
      ...(gaps.needsIdOrPhone ? [t('consoleCensus.upload.idOrPhoneRequired')] : []),
    ];
    // Only the answer for what is chosen now counts; until it comes (or when it failed) the upload waits.
    const check = sourceId && isListArea(regionCode) && replaces?.key === targetKey(sourceId, regionCode, trade) ? replaces : null;
    const replaced = check && 'list' in check ? check.list : null;
    const replaceUnsettled = !check || 'problem' in check || (replaced !== null && replaceConfirmed !== replaced.id);
    return (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <MappingStep<CensusField>
          fileName={file.name}
          preview={preview}
          mapping={mapping}
          onMappingChange={setMapping}
          fieldLabel={label}
          hint={t('consoleCensus.upload.mappingHint')}
          confirmLabel={t('consoleCensus.upload.confirm')}
          problems={problems}
          blocked={problems.length > 0 || gaps.needsTrade || replaceUnsettled}
          starting={starting}
          onBack={() => setPreview(null)}
          onConfirm={() => void start()}
        >
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered data-testid="census-mapping-summary">
            <Descriptions.Item label={t('consoleCensus.upload.source')}>{source?.name}</Descriptions.Item>
            <Descriptions.Item label={t('consoleCensus.upload.region')}>
              <RegionName code={regionCode} />
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCensus.upload.mode')}>{t(`consoleCensus.mode.${mode}`)}</Descriptions.Item>
          </Descriptions>
          <Form layout="vertical">
            <Form.Item
              label={t('consoleCensus.upload.trade')}
              extra={t('consoleCensus.upload.tradeHint')}
              validateStatus={gaps.needsTrade ? 'error' : undefined}
              help={gaps.needsTrade ? t('consoleCensus.upload.tradeRequired') : undefined}
              style={{ marginBottom: 0 }}
            >
              <Select<Trade>
                style={{ maxWidth: 320 }}
                allowClear
                value={trade}
                onChange={(value) => setTrade(value)}
                options={tradeOptions}
                placeholder={t('consoleCensus.upload.tradePlaceholder')}
                data-testid="census-mapping-trade"
              />
            </Form.Item>
          </Form>
          {replaced && (
            <Alert
              type="warning"
              showIcon
              title={t('consoleCensus.upload.replacesTitle', { fileName: replaced.fileName })}
              description={
                <Space orientation="vertical" size={8}>
                  <span>
                    {t('consoleCensus.upload.replacesDetail', {
                      time: formatDateTime(replaced.finishedAt),
                      people: countText(replaced.writtenRows),
                      staff: replaced.staffName ?? t('common.none'),
                    })}
                  </span>
                  <Checkbox
                    checked={replaceConfirmed === replaced.id}
                    onChange={(e) => setReplaceConfirmed(e.target.checked ? replaced.id : null)}
                    data-testid="census-replaces-confirm"
                  >
                    {t('consoleCensus.upload.replacesConfirm')}
                  </Checkbox>
                </Space>
              }
              data-testid="census-replaces"
            />
          )}
          {check && 'problem' in check && (
            <Alert type="error" showIcon title={t('consoleCensus.upload.replacesUnknown', { problem: check.problem })} />
          )}
        </MappingStep>
        {problem && <Alert type="error" showIcon title={problem} data-testid="census-upload-error" />}
      </Space>
    );
  }

  return (
    <Row gutter={16} align="stretch">
      <Col xs={24} xl={aside ? 12 : 24}>
        <Card size="small" title={t('consoleCensus.upload.title')} style={{ height: '100%' }} data-testid="census-upload">
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <div className="gh-import-hint">
              <Typography.Text type="secondary">{t('consoleCensus.upload.hint')}</Typography.Text>
              <ul>
                <li>{t('consoleCensus.upload.hintColumns')}</li>
              </ul>
            </div>
            {sourcesProblem && <Alert type="error" showIcon title={sourcesProblem} />}
            <Form layout="vertical" className="gh-census-upload-form">
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item label={t('consoleCensus.upload.source')} required>
                    <Space.Compact style={{ width: '100%' }}>
                      <Select<string>
                        showSearch={{ optionFilterProp: 'label' }}
                        style={{ width: '100%' }}
                        value={sourceId}
                        onChange={setSourceId}
                        placeholder={t('consoleCensus.upload.sourcePlaceholder')}
                        notFoundContent={t('consoleCensus.upload.sourceEmpty')}
                        options={sources.map((s) => ({ value: s.id, label: s.name, kind: s.kind }))}
                        optionRender={(option) => (
                          <Space size={8}>
                            <span>{option.label}</span>
                            <Typography.Text type="secondary">
                              {t(`consoleCensus.sourceKind.${option.data.kind as SourceKind}`)}
                            </Typography.Text>
                          </Space>
                        )}
                        data-testid="census-upload-source"
                      />
                      <Tooltip title={t('consoleCensus.upload.sourceNew')}>
                        <Button icon={<PlusOutlined />} onClick={() => setCreatingSource(true)} data-testid="census-source-new">
                          {t('consoleCensus.upload.sourceNew')}
                        </Button>
                      </Tooltip>
                    </Space.Compact>
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    label={t('consoleCensus.upload.region')}
                    required
                    validateStatus={regionCode && !regionOk ? 'error' : undefined}
                    help={regionCode && !regionOk ? t('consoleCensus.upload.regionLevel') : undefined}
                  >
                    <RegionCascader
                      root={ownArea}
                      value={regionCode}
                      onChange={setRegionCode}
                      placeholder={t('consoleCensus.upload.regionPlaceholder')}
                      data-testid="census-upload-region"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label={t('consoleCensus.upload.trade')} extra={t('consoleCensus.upload.tradeHint')}>
                    <Select<Trade>
                      allowClear
                      value={trade}
                      onChange={(value) => setTrade(value)}
                      options={tradeOptions}
                      placeholder={t('consoleCensus.upload.tradePlaceholder')}
                      data-testid="census-upload-trade"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label={t('consoleCensus.upload.mode')}>
                    <Radio.Group
                      value={mode}
                      onChange={(e) => setMode(e.target.value as ListMode)}
                      options={LIST_MODES.map((value) => ({
                        value,
                        label: <Tooltip title={t(`consoleCensus.modeHint.${value}`)}>{t(`consoleCensus.mode.${value}`)}</Tooltip>,
                      }))}
                      data-testid="census-upload-mode"
                    />
                  </Form.Item>
                </Col>
              </Row>
            </Form>
            <FileDrop
              file={file}
              onChange={setFile}
              onProblem={setProblem}
              limitBytes={limitBytes}
              testId="census-upload-file"
              limitTestId="census-upload-limit"
            />
            {problem && <Alert type="error" showIcon title={problem} data-testid="census-upload-error" />}
            <Button
              type="primary"
              icon={<UploadOutlined />}
              disabled={!ready}
              loading={previewing}
              onClick={() => void next()}
              data-testid="census-upload-next"
            >
              {previewing ? t('consoleImport.reading') : t('consoleImport.next')}
            </Button>
          </Space>
        </Card>
      </Col>
      {aside && (
        <Col xs={24} xl={12}>
          {aside}
        </Col>
      )}
      {sourceModal}
    </Row>
  );
}
