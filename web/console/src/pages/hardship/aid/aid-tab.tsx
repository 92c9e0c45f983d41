import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDate, formatFen } from '../../../../../shared/format.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { useSession } from '../../../session.tsx';
import type { Fund } from '../../funds/api.ts';
import { Money } from '../components/words.tsx';
import { aidApi, type AidBatch, type AidBatchStatus, type AidItem } from './api.ts';
import { BatchForm } from './batch-form.tsx';
import { ItemForm } from './item-form.tsx';
import { PayDialog } from './pay-dialog.tsx';
import { fundsReaching, limitTexts } from './rules.ts';
import { useOrgs } from './use-orgs.ts';
import './aid.css';

interface Union {
  id: string;
  name: string;
}

type Dialog =
  | { kind: 'item' }
  | { kind: 'batch' }
  | { kind: 'pay'; batch: AidBatch }
  | { kind: 'bank'; batch: AidBatch }
  | { kind: 'reverse'; batch: AidBatch };

const STATUS_COLOR: Record<AidBatchStatus, string> = { draft: 'orange', paid: 'green', reversed: 'default' };

/**
 * 帮扶救助: the disbursement batches of a union's subtree (the staff member's own union by default) with
 * their bank files and payment, and the aid items the union may pay — its own and those of the unions
 * above it — with the form to set one up. Money leaves the ledger only when a batch is marked paid, and
 * comes back when a paid batch is reversed (冲正: the bank returned it, or it was paid in error).
 */
export function AidTab() {
  const { t } = useTranslation();
  const { me, access } = useSession();
  const { message } = App.useApp();
  const [union, setUnion] = useState<Union>({ id: me.org.id, name: me.org.name });
  const [items, setItems] = useState<AidItem[] | null>(null);
  const [batches, setBatches] = useState<AidBatch[] | null>(null);
  const [funds, setFunds] = useState<Fund[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const k = 'consoleHardshipAid';

  const load = useCallback(async (orgId: string) => {
    setLoading(true);
    setProblem(null);
    try {
      const [found, listed, visible] = await Promise.all([aidApi.items(orgId), aidApi.batches(orgId), aidApi.funds()]);
      setItems(found.items);
      setBatches(listed.items);
      setFunds(visible.items);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(union.id);
  }, [load, union.id]);

  const orgIds = useMemo(() => [union.id, ...(items ?? []).map((i) => i.orgId)], [union.id, items]);
  const orgOf = useOrgs(orgIds);
  const unionPath = orgOf(union.id)?.path ?? null;
  const shown = batches ?? [];
  const fundsHere = unionPath ? fundsReaching(funds, unionPath) : [];
  // Unknown while asked; null when out of reach, which only a union above the staff member's own is.
  const orgName = (orgId: string) => {
    const info = orgOf(orgId);
    if (info) return info.name;
    if (orgId === union.id) return union.name;
    return info === null ? t(`${k}.items.aboveUnion`) : t('common.none');
  };

  const reverse = async (batch: AidBatch, reason: string) => {
    await aidApi.reverse(batch.id, reason);
    setDialog(null);
    void message.success(t(`${k}.reverse.done`, { name: batch.name, amount: formatFen(batch.totalFen) }));
    void load(union.id);
  };

  const downloadBankFile = async (batch: AidBatch, reason: string) => {
    const name = await aidApi.downloadBankFile(batch.id, reason);
    setDialog(null);
    void message.success(t(`${k}.bank.done`, { name }));
  };

  return (
    <div className="gh-aid" data-testid="hardship-aid">
      <div className="gh-toolbar">
        <Space size={12} wrap align="center">
          <Typography.Text>{t('common.labelSuffix', { label: t(`${k}.union`) })}</Typography.Text>
          <div style={{ width: 260 }}>
            <OrgPicker value={union.id} onChange={(id, org) => id && setUnion({ id, name: org?.name ?? id })} data-testid="aid-union" />
          </div>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load(union.id)} data-testid="aid-refresh" />
          </Tooltip>
        </Space>
        <Typography.Text type="secondary">{t(`${k}.unionHint`)}</Typography.Text>
      </div>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="aid-error" />}

      <Card
        size="small"
        className="gh-aid-card"
        title={t(`${k}.batches.title`)}
        extra={
          access.canEditHardship && (
            <Tooltip title={items?.length === 0 ? t(`${k}.batches.noItems`) : undefined}>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={items?.length === 0}
                onClick={() => setDialog({ kind: 'batch' })}
                data-testid="aid-batch-new"
              >
                {t(`${k}.batches.new`)}
              </Button>
            </Tooltip>
          )
        }
      >
        <Table<AidBatch>
          rowKey="id"
          size="middle"
          loading={batches === null && !problem}
          dataSource={shown}
          pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{ emptyText: t(`${k}.batches.empty`, { org: union.name }) }}
          data-testid="aid-batches"
          onRow={(b) => ({ 'data-testid': `aid-batch-row-${b.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'name',
              title: t(`${k}.batches.col.name`),
              render: (_, b) => (
                <div>
                  <div data-testid="aid-batch-title">{b.name}</div>
                  <Typography.Text type="secondary" className="gh-hardship-small">
                    {t(`${k}.batches.createdOn`, { day: formatDate(b.createdAt) })}
                  </Typography.Text>
                </div>
              ),
            },
            {
              key: 'union',
              title: t(`${k}.batches.col.union`),
              width: 170,
              render: (_, b) => (
                <div>
                  <div>{b.orgName}</div>
                  <Typography.Text type="secondary" className="gh-hardship-small">
                    {t(`${k}.batches.fund`, { fund: b.fundName })}
                  </Typography.Text>
                </div>
              ),
            },
            { key: 'item', title: t(`${k}.batches.col.item`), width: 170, dataIndex: 'itemName' },
            {
              key: 'households',
              title: t(`${k}.batches.col.households`),
              width: 90,
              align: 'right',
              render: (_, b) => t(`${k}.batches.householdsValue`, { count: b.households }),
            },
            {
              key: 'total',
              title: t(`${k}.batches.col.total`),
              width: 140,
              align: 'right',
              render: (_, b) => (
                <span data-testid="aid-batch-total">
                  <Money fen={b.totalFen} strong />
                </span>
              ),
            },
            {
              key: 'status',
              title: t(`${k}.batches.col.status`),
              width: 150,
              render: (_, b) => (
                <div>
                  <Tag color={STATUS_COLOR[b.status]} bordered={false} data-testid="aid-batch-status">
                    {t(`${k}.status.${b.status}`)}
                  </Tag>
                  {b.paidAt && (
                    <div>
                      <Typography.Text type="secondary" className="gh-hardship-small">
                        {t(`${k}.batches.paidOn`, { day: formatDate(b.paidAt) })}
                      </Typography.Text>
                    </div>
                  )}
                  {b.reversedAt && (
                    <div data-testid="aid-batch-reversal">
                      <Typography.Text type="secondary" className="gh-hardship-small">
                        {t(`${k}.batches.reversedOn`, { day: formatDate(b.reversedAt), reason: b.reversalReason ?? '' })}
                      </Typography.Text>
                    </div>
                  )}
                </div>
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              width: 230,
              render: (_, b) => (
                <Space size={4} wrap>
                  {access.canEditHardship && (
                    <Button
                      size="small"
                      icon={<DownloadOutlined />}
                      onClick={() => setDialog({ kind: 'bank', batch: b })}
                      data-testid={`aid-batch-bank-${b.id}`}
                    >
                      {t(`${k}.batches.bankFile`)}
                    </Button>
                  )}
                  {access.canReviewHardship && b.status === 'draft' && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setDialog({ kind: 'pay', batch: b })}
                      data-testid={`aid-batch-pay-${b.id}`}
                    >
                      {t(`${k}.batches.pay`)}
                    </Button>
                  )}
                  {access.canReviewHardship && b.status === 'paid' && (
                    <Button
                      size="small"
                      danger
                      onClick={() => setDialog({ kind: 'reverse', batch: b })}
                      data-testid={`aid-batch-reverse-${b.id}`}
                    >
                      {t(`${k}.batches.reverse`)}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card
        size="small"
        className="gh-aid-card"
        title={t(`${k}.items.title`)}
        extra={
          access.canAdminHardship && (
            <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'item' })} data-testid="aid-item-new">
              {t(`${k}.items.new`)}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary" className="gh-aid-hint">
          {t(`${k}.items.hint`, { org: union.name })}
        </Typography.Paragraph>
        <Table<AidItem>
          rowKey="id"
          size="middle"
          loading={items === null && !problem}
          dataSource={items ?? []}
          pagination={false}
          locale={{ emptyText: t(`${k}.items.empty`, { org: union.name }) }}
          data-testid="aid-items"
          onRow={(i) => ({ 'data-testid': `aid-item-row-${i.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'name',
              title: t(`${k}.items.col.name`),
              render: (_, i) => (
                <div>
                  <div>{i.name}</div>
                  <Typography.Text type="secondary" className="gh-mono gh-hardship-small">
                    {i.code}
                  </Typography.Text>
                </div>
              ),
            },
            {
              key: 'kind',
              title: t(`${k}.items.col.kind`),
              width: 120,
              render: (_, i) => <Tag bordered={false}>{t(`${k}.kind.${i.kind}`)}</Tag>,
            },
            {
              key: 'owner',
              title: t(`${k}.items.col.owner`),
              width: 170,
              render: (_, i) => (i.orgId === union.id ? t(`${k}.items.ownUnion`, { org: union.name }) : orgName(i.orgId)),
            },
            {
              key: 'amount',
              title: t(`${k}.items.col.amount`),
              width: 130,
              align: 'right',
              render: (_, i) => <Money fen={i.defaultAmountFen} strong />,
            },
            {
              key: 'fund',
              title: t(`${k}.items.col.fund`),
              width: 220,
              render: (_, i) => <FundCell fund={funds.find((f) => f.id === i.fundId)} orgId={union.id} />,
            },
            {
              key: 'limits',
              title: t(`${k}.items.col.limits`),
              width: 280,
              render: (_, i) => (
                <Space size={[4, 4]} wrap data-testid="aid-item-limits">
                  {limitTexts(i).map((text) => (
                    <Tag key={text} bordered={false}>
                      {text}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      {dialog?.kind === 'item' && (
        <ItemForm
          union={union}
          funds={fundsHere}
          onClose={() => setDialog(null)}
          onSaved={(item) => {
            setDialog(null);
            void message.success(t(`${k}.itemForm.saved`, { name: item.name }));
            void load(union.id);
          }}
        />
      )}
      {dialog?.kind === 'batch' && (
        <BatchForm
          union={union}
          funds={funds}
          onClose={() => setDialog(null)}
          onSaved={(batch) => {
            setDialog(null);
            void message.success(
              t(`${k}.batchForm.saved`, { name: batch.name, count: batch.households, amount: formatFen(batch.totalFen) }),
            );
            void load(union.id);
          }}
        />
      )}
      {dialog?.kind === 'pay' && (
        <PayDialog
          batch={dialog.batch}
          unionName={dialog.batch.orgName}
          funds={funds}
          onClose={() => setDialog(null)}
          onPaid={(batch, fund) => {
            setDialog(null);
            void message.success(
              fund
                ? t(`${k}.pay.done`, { name: batch.name, amount: formatFen(batch.totalFen), fund: fund.name })
                : t(`${k}.pay.doneNoFund`, { name: batch.name, amount: formatFen(batch.totalFen) }),
            );
            void load(union.id);
          }}
        />
      )}
      {dialog?.kind === 'reverse' && (
        <ReasonDialog
          title={t(`${k}.reverse.title`, { batch: dialog.batch.name })}
          hint={t(`${k}.reverse.hint`, { count: dialog.batch.households, amount: formatFen(dialog.batch.totalFen) })}
          okText={t(`${k}.reverse.submit`)}
          testId="aid-reverse-reason"
          onSubmit={(reason) => reverse(dialog.batch, reason)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'bank' && (
        <ReasonDialog
          title={t(`${k}.bank.title`, { batch: dialog.batch.name })}
          hint={t(`${k}.bank.hint`, { count: dialog.batch.households })}
          okText={t(`${k}.bank.submit`)}
          testId="aid-bank-reason"
          onSubmit={(reason) => downloadBankFile(dialog.batch, reason)}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

/** An item's fund, linked to its page at the union on screen (where its balance and statement are). */
function FundCell({ fund, orgId }: { fund: Fund | undefined; orgId: string }) {
  const { t } = useTranslation();
  if (!fund) return <Typography.Text type="secondary">{t('consoleHardshipAid.items.fundHidden')}</Typography.Text>;
  return (
    <div>
      <Link to={`/funds/${fund.id}?org=${orgId}`} data-testid="aid-item-fund-link">
        {fund.name}
      </Link>
      <div>
        <Typography.Text type="secondary" className="gh-hardship-small">
          {t('consoleHardshipAid.items.fundOwner', { org: fund.orgName })}
        </Typography.Text>
      </div>
    </div>
  );
}
