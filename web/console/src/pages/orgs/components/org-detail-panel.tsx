import { Alert, Breadcrumb, Button, Card, Descriptions, Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, SwapOutlined, CheckCircleOutlined, TeamOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { formatDateTime, shortId } from '../../../../../shared/format.ts';
import { RegionName } from '../../../components/region-cascader.tsx';
import { useSession } from '../../../session.tsx';
import type { Org, OrgDetail } from '../api.ts';
import { childKindsOf } from '../rules.ts';

export type OrgAction = 'edit' | 'newChild' | 'move' | 'deactivate' | 'reactivate';

interface Props {
  detail: OrgDetail | null;
  loading: boolean;
  problem: string | null;
  /** Names of orgs already loaded in the tree, for the move history. */
  nameOf: (id: string | null) => string | null;
  /** The number of direct children, when the tree has counted them. */
  childCount: number | undefined;
  onAction: (action: OrgAction, org: Org) => void;
  onSelect: (org: Org) => void;
  onRetry: () => void;
}

export function OrgDetailPanel({ detail, loading, problem, nameOf, childCount, onAction, onSelect, onRetry }: Props) {
  const { t } = useTranslation();
  const { access, me } = useSession();

  if (problem) {
    return (
      <Card>
        <Alert
          type="error"
          showIcon
          title={problem}
          action={
            <Button size="small" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          }
        />
      </Card>
    );
  }
  if (!detail) {
    return <Card>{loading ? <Skeleton active /> : <Empty description={t('console.orgs.selectHint')} />}</Card>;
  }

  const { org, ancestors, moves } = detail;
  const isOwnRoot = org.id === me.org.id;
  const canHaveChildren = childKindsOf(org.kind).length > 0;
  const label = (id: string | null) => (id === null ? t('console.orgs.moves.root') : (nameOf(id) ?? shortId(id)));

  const actions = access.canEditOrgs ? (
    <Space wrap>
      <Button icon={<EditOutlined />} onClick={() => onAction('edit', org)} data-testid="org-edit">
        {t('console.orgs.actions.edit')}
      </Button>
      {canHaveChildren && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          disabled={org.status !== 'active'}
          onClick={() => onAction('newChild', org)}
          data-testid="org-new-child"
        >
          {t('console.orgs.actions.newChild')}
        </Button>
      )}
      {!isOwnRoot && access.canRestructureOrgs && (
        <Button icon={<SwapOutlined />} onClick={() => onAction('move', org)} data-testid="org-move">
          {t('console.orgs.actions.move')}
        </Button>
      )}
      {!isOwnRoot &&
        access.canRestructureOrgs &&
        (org.status === 'active' ? (
          <Button danger icon={<StopOutlined />} onClick={() => onAction('deactivate', org)} data-testid="org-deactivate">
            {t('console.orgs.actions.deactivate')}
          </Button>
        ) : (
          <Button icon={<CheckCircleOutlined />} onClick={() => onAction('reactivate', org)} data-testid="org-reactivate">
            {t('console.orgs.actions.reactivate')}
          </Button>
        ))}
    </Space>
  ) : null;

  const sortedAncestors = [...ancestors].sort((a, b) => a.depth - b.depth);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        loading={loading && !detail}
        title={
          <Space size={8} wrap>
            <span data-testid="org-detail-name">{org.name}</span>
            <Tag color={org.status === 'active' ? 'green' : 'default'}>{t(`enums.orgStatus.${org.status}`)}</Tag>
          </Space>
        }
        extra={
          access.canViewStaff ? (
            <Link to={`/staff?orgId=${encodeURIComponent(org.id)}`}>
              <TeamOutlined /> {t('console.orgs.actions.viewStaff')}
            </Link>
          ) : null
        }
        data-testid="org-detail"
      >
        {sortedAncestors.length > 0 && (
          <Breadcrumb
            className="gh-org-breadcrumb"
            items={[
              ...sortedAncestors.map((a) => ({
                key: a.id,
                title: (
                  <Typography.Link onClick={() => onSelect(a)} data-testid="org-ancestor">
                    {a.name}
                  </Typography.Link>
                ),
              })),
              { key: org.id, title: org.name },
            ]}
          />
        )}
        <Descriptions column={{ xs: 1, lg: 2 }} size="middle" bordered>
          <Descriptions.Item label={t('console.orgs.detail.kind')}>{t(`enums.orgKind.${org.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('console.orgs.detail.region')}>
            <RegionName code={org.regionCode} />
          </Descriptions.Item>
          {(org.formationMode || org.kind === 'grassroots' || org.kind === 'industry_federation') && (
            <Descriptions.Item label={t('console.orgs.detail.formationMode')}>
              {org.formationMode ? t(`enums.formationMode.${org.formationMode}`) : t('common.none')}
            </Descriptions.Item>
          )}
          {(org.trades.length > 0 || org.kind === 'industry_federation') && (
            <Descriptions.Item label={t('console.orgs.detail.trades')}>
              {org.trades.length > 0 ? (
                <Space size={[4, 4]} wrap>
                  {org.trades.map((trade) => (
                    <Tag key={trade}>{t(`enums.trade.${trade}`)}</Tag>
                  ))}
                </Space>
              ) : (
                t('common.none')
              )}
            </Descriptions.Item>
          )}
          {(org.uscc || org.kind === 'grassroots') && (
            <Descriptions.Item label={t('console.orgs.detail.uscc')}>
              {org.uscc ? <Typography.Text copyable>{org.uscc}</Typography.Text> : t('common.none')}
            </Descriptions.Item>
          )}
          {childCount !== undefined && (
            <Descriptions.Item label={t('console.orgs.detail.childCount')}>
              {t('console.orgs.detail.childCountValue', { count: childCount })}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('console.orgs.detail.createdAt')}>{formatDateTime(org.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('console.orgs.detail.updatedAt')}>{formatDateTime(org.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('console.orgs.detail.id')}>
            <Typography.Text type="secondary" copyable={{ text: org.id }}>
              {shortId(org.id)}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        {actions && <div className="gh-org-actions">{actions}</div>}
      </Card>

      <Card title={t('console.orgs.moves.title')} size="small" data-testid="org-moves">
        {moves.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.orgs.moves.empty')} />
        ) : (
          <Timeline
            items={[...moves]
              .sort((a, b) => b.movedAt.localeCompare(a.movedAt))
              .map((move) => ({
                key: move.id,
                content: (
                  <div>
                    <div>{t('console.orgs.moves.item', { from: label(move.fromParentId), to: label(move.toParentId) })}</div>
                    <Typography.Text type="secondary">
                      {t('common.joinDot', {
                        a: formatDateTime(move.movedAt),
                        b: t('console.orgs.moves.by', { by: nameOf(move.movedBy) ?? move.movedBy ?? t('common.none') }),
                      })}
                    </Typography.Text>
                    {move.reason && (
                      <div className="gh-move-reason">{t('common.labelValue', { label: t('common.reason'), value: move.reason })}</div>
                    )}
                  </div>
                ),
              }))}
          />
        )}
      </Card>
    </Space>
  );
}
