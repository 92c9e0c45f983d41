import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCursorList } from '../../../../components/use-cursor-list.ts';
import { useSession } from '../../../../session.tsx';
import { inspectionsApi, type InspectedStation, type StationPage } from '../api.ts';
import { inspectionAccess } from '../rules.ts';
import { InspectionConclusionTag, useLastInspections } from './conclusion-tag.tsx';

const PAGE = 50;

/** The subtree's stations with where each stands after its latest inspection, the way into each one's photos and visits. */
export function InspectionOverview() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const can = inspectionAccess(me.roles);
  const [q, setQ] = useState('');
  const list = useCursorList<InspectedStation, { q: string }, StationPage>({ q }, (query, cursor) =>
    inspectionsApi.stations({ ...(query.q ? { q: query.q } : {}), limit: PAGE, ...(cursor ? { cursor } : {}) }),
  );
  const ids = useMemo(() => list.items.map((s) => s.id), [list.items]);
  const last = useLastInspections(ids);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space orientation="vertical" size={2}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('consoleStationInspections.overview.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('consoleStationInspections.overview.intro')}</Typography.Text>
          </Space>
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('consoleStationInspections.overview.searchPlaceholder')}
              onSearch={(value) => setQ(value.trim())}
              style={{ width: 280 }}
              data-testid="inspection-overview-search"
            />
            <Button
              icon={<SafetyCertificateOutlined />}
              onClick={() => void navigate('/station-inspections/standard')}
              data-testid="inspection-standard-link"
            >
              {t('consoleStationInspections.overview.standard')}
            </Button>
          </Space>
        </Space>
      </Card>
      {list.problem && <Alert type="error" showIcon title={list.problem} />}
      <Card size="small">
        <Table<InspectedStation>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          locale={{ emptyText: t('consoleStationInspections.overview.empty') }}
          data-testid="inspection-overview"
          columns={[
            {
              title: t('consoleStationInspections.overview.station'),
              key: 'name',
              render: (_, station) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/station-inspections/stations/${station.id}`} data-testid="inspection-overview-station">
                    {station.name}
                  </Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`consoleStations.kind.${station.kind}`)} · {station.address}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('consoleStationInspections.overview.status'),
              key: 'status',
              width: 110,
              render: (_, station) => (
                <Tag color={station.status === 'open' ? 'green' : station.status === 'suspended' ? 'orange' : 'default'}>
                  {t(`consoleStations.status.${station.status}`)}
                </Tag>
              ),
            },
            {
              title: t('consoleStationInspections.overview.last'),
              key: 'last',
              width: 260,
              render: (_, station) => {
                const found = last[station.id];
                return (
                  <Space size={8}>
                    <InspectionConclusionTag last={found ?? null} />
                    {found && (
                      <Typography.Text type="secondary">
                        {found.conclusion === 'rectify' && found.rectifyBy
                          ? t('consoleStationInspections.conclusion.rectifyBy', { day: found.rectifyBy })
                          : t('consoleStationInspections.overview.lastOn', { day: found.visitedOn })}
                      </Typography.Text>
                    )}
                  </Space>
                );
              },
            },
            {
              title: t('consoleStationInspections.overview.actions'),
              key: 'actions',
              width: 220,
              render: (_, station) => (
                <Space size={4}>
                  <Button type="link" size="small" onClick={() => void navigate(`/station-inspections/stations/${station.id}`)}>
                    {t('consoleStationInspections.overview.open')}
                  </Button>
                  {can.canEdit && station.status !== 'closed' && (
                    <Button type="link" size="small" onClick={() => void navigate(`/station-inspections/stations/${station.id}/new`)}>
                      {t('consoleStationInspections.overview.record')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
        <Space style={{ marginTop: 12, width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">
            {list.page ? t('consoleStationInspections.overview.total', { count: list.page.total }) : null}
          </Typography.Text>
          {list.hasMore && (
            <Button onClick={() => void list.loadMore()} loading={list.loadingMore}>
              {t('common.loadMore')}
            </Button>
          )}
        </Space>
      </Card>
    </Space>
  );
}
