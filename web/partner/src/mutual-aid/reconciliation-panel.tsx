import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Flex, Statistic, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { shanghaiToday } from '../../../shared/id-number.ts';
import type { PartnerCredentials } from '../signing.ts';
import { mutualAidApi, type Reconciliation, type ReconciliationLine } from './api.ts';
import './mutual-aid.css';

type Load = { state: 'loading' } | { state: 'ready'; data: Reconciliation } | { state: 'failed'; title: string };

/**
 * 当日对账: the hospital's settlements of a day as they stand now — the live ones, and the cancelled ones
 * with what replaced them — and what the union will pay the hospital for the day. Loaded again each
 * time the tab is opened, since a settlement made a moment ago belongs in it.
 */
export function ReconciliationPanel({ credentials, active }: { credentials: PartnerCredentials; active: boolean }) {
  const { t } = useTranslation();
  const [day, setDay] = useState(shanghaiToday);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [reloads, setReloads] = useState(0);

  const fetchDay = useCallback(
    (wanted: string, isCurrent: () => boolean) => {
      setLoad({ state: 'loading' });
      mutualAidApi
        .reconciliation(credentials, wanted)
        .then((data) => {
          if (isCurrent()) setLoad({ state: 'ready', data });
        })
        .catch((error: unknown) => {
          if (isCurrent()) setLoad({ state: 'failed', title: errorText(error) });
        });
    },
    [credentials],
  );

  useEffect(() => {
    if (!active) return undefined;
    let current = true;
    fetchDay(day, () => current);
    return () => {
      current = false;
    };
  }, [active, day, reloads, fetchDay]);

  const data = load.state === 'ready' ? load.data : null;
  const claimNoOf = useMemo(() => new Map((data?.lines ?? []).map((l) => [l.settlementId, l.claimNo])), [data]);

  const columns = [
    {
      key: 'settledAt',
      title: t('partnerMutualAid.reconciliation.settledAt'),
      render: (_: unknown, line: ReconciliationLine) => formatDateTime(line.settledAt).slice(11),
      width: 96,
    },
    { key: 'claimNo', dataIndex: 'claimNo', title: t('partnerMutualAid.reconciliation.claimNo') },
    { key: 'settlementRef', dataIndex: 'settlementRef', title: t('partnerMutualAid.reconciliation.settlementRef') },
    {
      key: 'stay',
      title: t('partnerMutualAid.reconciliation.stay'),
      render: (_: unknown, line: ReconciliationLine) =>
        t('partnerMutualAid.reconciliation.stayRange', { from: line.admittedOn, to: line.dischargedOn ?? t('common.none') }),
    },
    {
      key: 'total',
      title: t('partnerMutualAid.reconciliation.total'),
      align: 'right' as const,
      render: (_: unknown, line: ReconciliationLine) => formatFen(line.totalFen),
    },
    {
      key: 'payout',
      title: t('partnerMutualAid.reconciliation.linePayout'),
      align: 'right' as const,
      render: (_: unknown, line: ReconciliationLine) => (
        <span className={line.status === 'cancelled' ? 'gh-aid-struck' : 'gh-aid-line-money'}>{formatFen(line.payoutFen)}</span>
      ),
    },
    {
      key: 'status',
      title: t('partnerMutualAid.reconciliation.status'),
      render: (_: unknown, line: ReconciliationLine) => {
        const replacement = line.replacedBy ? claimNoOf.get(line.replacedBy) : undefined;
        return line.status === 'settled' ? (
          <Tag color="success">{t('partnerMutualAid.reconciliation.statusSettled')}</Tag>
        ) : (
          <Flex gap={4} wrap align="center">
            <Tag>{t('partnerMutualAid.reconciliation.statusCancelled')}</Tag>
            <Typography.Text type="secondary" data-testid="partner-aid-replaced-by">
              {replacement
                ? t('partnerMutualAid.reconciliation.replacedBy', { claimNo: replacement })
                : t('partnerMutualAid.reconciliation.replacedByUnknown')}
            </Typography.Text>
          </Flex>
        );
      },
    },
  ];

  return (
    <Card
      title={t('partnerMutualAid.reconciliation.title')}
      className="gh-aid-reconciliation"
      data-testid="partner-aid-reconciliation"
      data-state={load.state}
      extra={
        <Flex gap={8} align="center">
          <DatePicker
            value={dayjs(day)}
            allowClear={false}
            disabledDate={(value: Dayjs) => value.format('YYYY-MM-DD') > shanghaiToday()}
            onChange={(value: Dayjs | null) => {
              if (value) setDay(value.format('YYYY-MM-DD'));
            }}
            aria-label={t('partnerMutualAid.reconciliation.day')}
            data-testid="partner-aid-day"
          />
          <Button icon={<ReloadOutlined />} onClick={() => setReloads((n) => n + 1)} data-testid="partner-aid-reconciliation-refresh">
            {t('common.refresh')}
          </Button>
        </Flex>
      }
    >
      {load.state === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={load.title}
          className="gh-aid-reconciliation-error"
          data-testid="partner-aid-reconciliation-error"
        />
      )}
      <div className="gh-aid-summary">
        <Statistic
          title={t('partnerMutualAid.reconciliation.settled')}
          value={data ? t('partnerMutualAid.reconciliation.count', { count: data.settled }) : t('common.none')}
          data-testid="partner-aid-reconciliation-settled"
        />
        <Statistic
          title={t('partnerMutualAid.reconciliation.cancelled')}
          value={data ? t('partnerMutualAid.reconciliation.count', { count: data.cancelled }) : t('common.none')}
          data-testid="partner-aid-reconciliation-cancelled"
        />
        <Statistic
          title={t('partnerMutualAid.reconciliation.payout')}
          value={data ? formatFen(data.payoutFen) : t('common.none')}
          className="gh-aid-summary-payout"
          data-testid="partner-aid-reconciliation-payout"
        />
      </div>
      <Table<ReconciliationLine>
        rowKey="settlementId"
        size="middle"
        loading={load.state === 'loading'}
        dataSource={data?.lines ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('partnerMutualAid.reconciliation.empty') }}
        onRow={(line) =>
          ({ 'data-testid': 'partner-aid-reconciliation-row', 'data-status': line.status }) as React.HTMLAttributes<HTMLElement>
        }
        rowClassName={(line) => (line.status === 'cancelled' ? 'gh-aid-row-cancelled' : '')}
      />
      <Typography.Paragraph type="secondary" className="gh-aid-hint">
        {t('partnerMutualAid.reconciliation.note')}
      </Typography.Paragraph>
    </Card>
  );
}
