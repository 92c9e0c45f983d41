import { useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFen } from '../../../../../shared/format.ts';
import { LoadMore } from '../../../components/load-more.tsx';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { useCursorList } from '../../../components/use-cursor-list.ts';
import { useSession } from '../../../session.tsx';
import { MOVEMENT_KINDS, fundsApi, type MovementKind, type Statement, type StatementFilters, type StatementLine } from '../api.ts';
import { canReverse, cleanFilters, counterpartyText, kindText, reversedIds } from '../rules.ts';
import { KindTag, Money } from './words.tsx';

interface StatementKey extends StatementFilters {
  fundId: string;
  /** Bumped by the page after a movement, so the first page is read again. */
  version: number;
}

/**
 * 明细账: the union's lines in the fund, newest first, each with what it added or took and the balance it
 * left — filtered by days and kind, exported as .xlsx with the same filters, and reversed (冲正) with a
 * reason by a reviewer.
 */
export function StatementTab({
  fundId,
  orgId,
  version,
  onReversed,
}: {
  fundId: string;
  orgId: string;
  version: number;
  onReversed: () => void;
}) {
  const { t } = useTranslation();
  const { me, access } = useSession();
  const { message } = App.useApp();
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const [kind, setKind] = useState<MovementKind | undefined>(undefined);
  const [reversing, setReversing] = useState<StatementLine | null>(null);
  const filters = cleanFilters({ orgId, ...range, kind });
  const list = useCursorList<StatementLine, StatementKey, Statement>(
    { ...filters, fundId, version },
    ({ fundId: id, version: _, ...query }, cursor) => fundsApi.statement(id, query, cursor),
  );
  const reversed = useMemo(() => reversedIds(list.items), [list.items]);
  const k = 'consoleFunds.statement';

  const reverse = async (line: StatementLine, reason: string) => {
    await fundsApi.reverse(line.id, reason);
    setReversing(null);
    void message.success(t(`${k}.reversed`, { kind: kindText(line), amount: formatFen(line.amountFen) }));
    onReversed();
  };

  return (
    <div data-testid="funds-statement">
      <div className="gh-toolbar">
        <Space wrap>
          <DatePicker.RangePicker
            value={[range.from ? dayjs(range.from) : null, range.to ? dayjs(range.to) : null]}
            allowEmpty={[true, true]}
            onChange={(_, [from, to]) => setRange({ ...(from ? { from } : {}), ...(to ? { to } : {}) })}
            format="YYYY-MM-DD"
            data-testid="statement-range"
          />
          <Select<MovementKind | 'all'>
            value={kind ?? 'all'}
            onChange={(value) => setKind(value === 'all' ? undefined : value)}
            style={{ width: 130 }}
            options={[
              { value: 'all', label: t(`${k}.allKinds`) },
              ...MOVEMENT_KINDS.map((value) => ({
                value,
                label: <span data-testid={`statement-kind-${value}`}>{t(`consoleFunds.kind.${value}`)}</span>,
              })),
            ]}
            aria-label={t(`${k}.kind`)}
            data-testid="statement-kind-filter"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} data-testid="statement-refresh" />
          </Tooltip>
        </Space>
        <Space>
          {list.page && (
            <Typography.Text type="secondary">
              {t(`${k}.loaded`, { count: list.items.length })}
              {list.hasMore ? t(`${k}.loadedMore`) : ''}
            </Typography.Text>
          )}
          <Button icon={<DownloadOutlined />} href={fundsApi.statementExportUrl(fundId, filters)} download data-testid="statement-export">
            {t(`${k}.export`)}
          </Button>
        </Space>
      </div>
      {list.problem && <Alert type="error" showIcon title={list.problem} className="gh-form-alert" />}
      <Table<StatementLine>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t(`${k}.empty`) }}
        scroll={{ x: 1180 }}
        rowClassName={(line) => (reversed.has(line.id) ? 'gh-funds-undone' : '')}
        onRow={(line) => ({ 'data-testid': `statement-row-${line.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'time',
            title: t(`${k}.col.time`),
            width: 156,
            render: (_, line) => <span className="gh-funds-time">{formatDateTime(line.createdAt)}</span>,
          },
          {
            key: 'kind',
            title: t(`${k}.col.kind`),
            width: 104,
            render: (_, line) => (
              <Space size={2} orientation="vertical">
                <KindTag line={line} />
                {reversed.has(line.id) && (
                  <Tag bordered={false} data-testid="statement-reversed">
                    {t(`${k}.reversedTag`)}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            key: 'counterparty',
            title: t(`${k}.col.counterparty`),
            width: 150,
            ellipsis: true,
            render: (_, line) => counterpartyText(line),
          },
          { key: 'payee', title: t(`${k}.col.payee`), width: 76, render: (_, line) => line.payee ?? t('common.none') },
          {
            key: 'memo',
            title: t(`${k}.col.memo`),
            render: (_, line) =>
              line.memo ? (
                <Typography.Paragraph ellipsis={{ rows: 2, tooltip: line.memo }} style={{ marginBottom: 0 }}>
                  {line.memo}
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
              ),
          },
          {
            key: 'in',
            className: 'gh-funds-flow',
            title: t(`${k}.col.in`),
            width: 116,
            align: 'right',
            render: (_, line) => <Money fen={line.inFen} blankZero />,
          },
          {
            key: 'out',
            className: 'gh-funds-flow',
            title: t(`${k}.col.out`),
            width: 116,
            align: 'right',
            render: (_, line) => <Money fen={line.outFen} blankZero />,
          },
          {
            key: 'balance',
            title: t(`${k}.col.balance`),
            width: 124,
            align: 'right',
            render: (_, line) => <Money fen={line.balanceFen} strong />,
          },
          { key: 'actor', title: t(`${k}.col.actor`), width: 150, ellipsis: true, render: (_, line) => line.actorName ?? t('common.none') },
          ...(access.canReviewFunds
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  width: 60,
                  fixed: 'right' as const,
                  render: (_: unknown, line: StatementLine) =>
                    canReverse(line, reversed, { orgId, myOrgId: me.org.id }) ? (
                      <Button
                        type="link"
                        size="small"
                        danger
                        onClick={() => setReversing(line)}
                        data-testid={`statement-reverse-${line.id}`}
                      >
                        {t(`${k}.reverse`)}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
        footer={list.hasMore ? () => <LoadMore list={list} testId="statement-load-more" /> : undefined}
      />
      {reversing && (
        <ReasonDialog
          title={t(`${k}.reverseTitle`, { kind: kindText(reversing), amount: formatFen(reversing.amountFen) })}
          hint={t(`${k}.reverseHint`, {
            time: formatDateTime(reversing.createdAt),
            counterparty: reversing.payee ?? counterpartyText(reversing),
          })}
          danger
          okText={t(`${k}.reverseOk`)}
          testId="reverse-reason"
          onSubmit={(reason) => reverse(reversing, reason)}
          onClose={() => setReversing(null)}
        />
      )}
    </div>
  );
}
