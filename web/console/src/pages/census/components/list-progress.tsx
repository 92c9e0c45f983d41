import { Link } from 'react-router-dom';
import { Alert, Button, Col, Row, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { RunCard } from '../../../components/import/run-card.tsx';
import { formatDateTime } from '../../../../../shared/format.ts';
import { ProgressLine } from '../../../components/import/progress-line.tsx';
import { isImportFinished, runStatusColor } from '../../../components/import/rules.ts';
import { censusApi, type CensusList, type ListStatus } from '../api.ts';
import { countText, listHasReport, listStageKey } from '../rules.ts';

export function ListStatusTag({ status }: { status: ListStatus }) {
  const { t } = useTranslation();
  return <Tag color={runStatusColor(status)}>{t(`consoleCensus.status.${status}`)}</Tag>;
}

/** 「已被替换」 on a list a newer one of the same source, area and trade has replaced. */
export function ReplacedTag({ at }: { at: string | null }) {
  const { t } = useTranslation();
  if (!at) return null;
  return (
    <Tooltip title={t('consoleCensus.lists.replacedHint', { time: formatDateTime(at) })}>
      <Tag data-testid="census-list-replaced">{t('consoleCensus.lists.replaced')}</Tag>
    </Tooltip>
  );
}

const COUNTERS = [
  { key: 'totalRows', label: 'total' },
  { key: 'writtenRows', label: 'written', color: '#389e0d' },
  { key: 'errorRows', label: 'errors', color: '#cf1322', onlyWhenAny: true },
  { key: 'fileDuplicateRows', label: 'fileDuplicates' },
  { key: 'warningRows', label: 'warnings' },
  { key: 'newPeople', label: 'newPeople' },
  { key: 'matchedPeople', label: 'matchedPeople', color: '#1677ff' },
  { key: 'probablePeople', label: 'probablePeople', color: '#d46b08', onlyWhenAny: true },
] as const;

/** A list being counted (its progress bar and counters, polled by the caller), then its result. */
export function ListProgress({ item, onClose }: { item: CensusList; onClose: () => void }) {
  const { t } = useTranslation();
  const finished = isImportFinished(item.status);

  return (
    <RunCard
      status={item.status}
      titles={{ running: t('consoleCensus.result.progressTitle', { fileName: item.fileName }), finished: t('consoleCensus.result.title') }}
      again={{ label: t('consoleCensus.result.again'), testId: 'census-list-again' }}
      testId="census-list-status"
      onClose={onClose}
    >
      <Space size={8} wrap>
        <FileExcelOutlined />
        <Typography.Text strong>{item.fileName}</Typography.Text>
        <ListStatusTag status={item.status} />
        <ReplacedTag at={item.replacedAt} />
      </Space>
      <Typography.Text type="secondary">
        {[item.sourceName, item.regionName, item.trade ? t(`enums.trade.${item.trade}`) : null, t(`consoleCensus.mode.${item.mode}`)]
          .filter(Boolean)
          .join(t('consoleCensus.lists.separator'))}
      </Typography.Text>
      <ProgressLine item={item} stage={t(listStageKey(item.status))} />
      {(finished || item.writtenRows > 0) && (
        <Row gutter={[16, 8]} data-testid="census-list-result">
          {COUNTERS.map((counter) => {
            const value = item[counter.key];
            const color = 'color' in counter && (!('onlyWhenAny' in counter) || value > 0) ? counter.color : undefined;
            return (
              <Col key={counter.key} span={6} data-testid={`census-list-${counter.label}`}>
                <Statistic
                  title={t(`consoleCensus.result.${counter.label}`)}
                  value={countText(value)}
                  styles={{ content: { color, fontSize: 20 } }}
                />
              </Col>
            );
          })}
        </Row>
      )}
      {item.status === 'completed' && (
        <Alert
          type={item.errorRows > 0 ? 'warning' : 'success'}
          showIcon
          title={
            item.finishedAt
              ? t('consoleCensus.result.completedAt', { time: formatDateTime(item.finishedAt) })
              : t('consoleCensus.result.completed')
          }
          action={
            <Link to="/census" data-testid="census-list-dashboard">
              {t('consoleCensus.result.viewDashboard')}
            </Link>
          }
        />
      )}
      {item.status === 'rejected' && (
        <Alert type="error" showIcon title={t('consoleCensus.result.rejected')} data-testid="census-list-rejected" />
      )}
      {item.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={t('consoleCensus.result.failed', { failure: item.failure ?? t('common.none') })}
          data-testid="census-list-failed"
        />
      )}
      {finished && listHasReport(item) && (
        <Button icon={<DownloadOutlined />} href={censusApi.listErrorsUrl(item.id)} download data-testid="census-list-errors-download">
          {t('consoleCensus.lists.downloadErrors')}
        </Button>
      )}
    </RunCard>
  );
}
