import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Card, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ApartmentOutlined, ArrowLeftOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../../shared/format.ts';
import { useSession } from '../../../session.tsx';
import type { FundTree, Transfer } from '../api.ts';
import { AllocationForm } from './allocation-form.tsx';
import { ChildrenTable } from './children-table.tsx';
import { DisbursementForm } from './disbursement-form.tsx';
import { FiguresCards } from './figures-cards.tsx';
import { ReceiptForm } from './receipt-form.tsx';
import { SourceForm } from './source-form.tsx';
import { StatementTab } from './statement-tab.tsx';
import { useFundTree } from './use-fund-tree.ts';
import { PurposeTag } from './words.tsx';

const TABS = ['children', 'statement'] as const;
type TabKey = (typeof TABS)[number];
type Action = 'receive' | 'allocate' | 'disburse' | 'source';

export function FundView() {
  const { fundId = '' } = useParams();
  // A new fund starts from its own top: nothing of the last one's view is kept.
  return <FundAtUnion key={fundId} fundId={fundId} />;
}

/**
 * One fund at one union (?org=, by default the top of the fund as the staff member sees it): the
 * union's figures and its subtree's, the unions below it the money reached (a row drills down, the
 * breadcrumb leads back up) or its statement (?tab=statement), and money in, down and out.
 */
function FundAtUnion({ fundId }: { fundId: string }) {
  const { t } = useTranslation();
  const { access } = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const orgId = params.get('org') ?? undefined;
  const tab: TabKey = params.get('tab') === 'statement' ? 'statement' : 'children';
  const view = useFundTree(fundId, orgId);
  const [action, setAction] = useState<Action | null>(null);
  const [version, setVersion] = useState(0);
  const k = 'consoleFunds.view';

  const go = (next: { org?: string | undefined; tab?: TabKey }) =>
    setParams(() => {
      const query = new URLSearchParams();
      const org = 'org' in next ? next.org : orgId;
      if (org && org !== view.crumbs[0]?.id) query.set('org', org);
      if ((next.tab ?? tab) === 'statement') query.set('tab', 'statement');
      return query;
    });

  const moved = (text: string) => {
    setAction(null);
    void message.success(text);
    void view.reload();
    setVersion((v) => v + 1);
  };

  const tree = view.tree;
  const fund = tree?.fund;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="funds-view">
      <Card size="small">
        <div className="gh-funds-head">
          <Space size={12} wrap>
            <Link to="/funds" data-testid="funds-back">
              <ArrowLeftOutlined /> {t(`${k}.back`)}
            </Link>
            {fund && (
              <>
                <Typography.Title level={4} style={{ margin: 0 }} data-testid="funds-name">
                  {fund.name}
                </Typography.Title>
                <PurposeTag purpose={fund.purpose} />
                {fund.status === 'closed' && <Tag bordered={false}>{t('consoleFunds.status.closed')}</Tag>}
              </>
            )}
          </Space>
          {fund && (
            <Space size={[4, 4]} wrap className="gh-funds-meta">
              <Typography.Text type="secondary">{t(`${k}.owner`, { org: fund.orgName })}</Typography.Text>
              <Typography.Text type="secondary">{t(`${k}.sources`)}</Typography.Text>
              {fund.sources.map((s) => (
                <Tag key={s.id} bordered={false}>
                  {s.name}
                </Tag>
              ))}
              {access.canAdminFunds && view.runsFund && (
                <Button
                  size="small"
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => setAction('source')}
                  data-testid="funds-add-source"
                >
                  {t(`${k}.addSource`)}
                </Button>
              )}
            </Space>
          )}
        </div>
      </Card>

      <div className="gh-toolbar" style={{ marginBottom: 0 }}>
        <Breadcrumb
          data-testid="funds-breadcrumb"
          items={view.crumbs.map((crumb, i) => ({
            key: crumb.id,
            title:
              i === view.crumbs.length - 1 ? (
                <Space size={6}>
                  <ApartmentOutlined />
                  <Typography.Text strong data-testid="funds-current-org">
                    {crumb.name}
                  </Typography.Text>
                </Space>
              ) : (
                <Typography.Link onClick={() => go({ org: crumb.id })} data-testid={`funds-crumb-${crumb.id}`}>
                  {crumb.name}
                </Typography.Link>
              ),
          }))}
        />
        <Space wrap>
          {access.canEditFunds && tree && fund?.status === 'active' && (
            <>
              <Tooltip title={fund.sources.length === 0 ? t(`${k}.noSources`) : undefined}>
                <Button onClick={() => setAction('receive')} disabled={fund.sources.length === 0} data-testid="funds-receive">
                  {t(`${k}.receive`)}
                </Button>
              </Tooltip>
              <Button onClick={() => setAction('allocate')} data-testid="funds-allocate">
                {t(`${k}.allocate`)}
              </Button>
              <Button type="primary" onClick={() => setAction('disburse')} data-testid="funds-disburse">
                {t(`${k}.disburse`)}
              </Button>
            </>
          )}
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              loading={view.loading}
              onClick={() => {
                void view.reload();
                setVersion((v) => v + 1);
              }}
              data-testid="funds-refresh"
            />
          </Tooltip>
        </Space>
      </div>

      {view.problem && <Alert type="error" showIcon title={view.problem} data-testid="funds-error" />}
      {tree && <FiguresCards node={tree.node} />}

      {tree && (
        <Tabs
          className="gh-funds-tabs"
          activeKey={tab}
          onChange={(key) => go({ tab: key as TabKey })}
          items={TABS.map((key) => ({
            key,
            label: <span data-testid={`funds-tab-${key}`}>{t(`${k}.tabs.${key}`, { count: tree.children.length })}</span>,
          }))}
        />
      )}
      {tree && tab === 'children' && (
        <ChildrenTable items={tree.children} loading={view.loading} onDrill={(child) => go({ org: child.org.id })} />
      )}
      {tree && tab === 'statement' && (
        <StatementTab
          fundId={fundId}
          orgId={tree.node.org.id}
          version={version}
          onReversed={() => {
            void view.reload();
            setVersion((v) => v + 1);
          }}
        />
      )}

      {tree && (
        <ActionForm
          action={action}
          tree={tree}
          path={view.path}
          onClose={() => setAction(null)}
          onMoved={moved}
          onSourceAdded={() => {
            setAction(null);
            void view.reload();
          }}
        />
      )}
    </Space>
  );
}

/** The open money form, if any, and what it says when it is done. */
function ActionForm({
  action,
  tree,
  path,
  onClose,
  onMoved,
  onSourceAdded,
}: {
  action: Action | null;
  tree: FundTree;
  path: string | null;
  onClose: () => void;
  onMoved: (text: string) => void;
  onSourceAdded: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const k = 'consoleFunds.done';
  const amount = (line: Transfer) => formatFen(line.amountFen);
  switch (action) {
    case null:
      return null;
    case 'receive':
      return (
        <ReceiptForm
          tree={tree}
          onClose={onClose}
          onSaved={(line) => onMoved(t(`${k}.received`, { amount: amount(line), org: tree.node.org.name }))}
        />
      );
    case 'allocate':
      return (
        <AllocationForm
          tree={tree}
          fromPath={path}
          onClose={onClose}
          onSaved={(line, to) => onMoved(t(`${k}.allocated`, { amount: amount(line), from: tree.node.org.name, to }))}
        />
      );
    case 'disburse':
      return (
        <DisbursementForm
          tree={tree}
          onClose={onClose}
          onSaved={(line) => onMoved(t(`${k}.disbursed`, { amount: amount(line), payee: line.payee ?? t('common.none') }))}
        />
      );
    case 'source':
      return (
        <SourceForm
          fundId={tree.fund.id}
          onClose={onClose}
          onSaved={(source) => {
            void message.success(t(`${k}.sourceAdded`, { name: source.name }));
            onSourceAdded();
          }}
        />
      );
  }
}
