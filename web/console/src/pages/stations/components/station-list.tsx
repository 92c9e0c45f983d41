import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { LoadMore } from '../../../components/load-more.tsx';
import { useCursorList } from '../../../components/use-cursor-list.ts';
import { useSession } from '../../../session.tsx';
import {
  stationsApi,
  type Amenity,
  type Station,
  type StationFilters,
  type StationKind,
  type StationPage,
  type StationStatus,
} from '../api.ts';
import { AMENITIES, hoursSummary, isOpenAt, STATION_KINDS, STATION_STATUSES } from '../rules.ts';
import { StationStatusTag, StatusActions } from './status-actions.tsx';
import { useOrgNames } from './use-org-names.ts';

const SHOWN_AMENITIES = 3;

/** The stations of the staff member's subtree, filtered as an office asks (a union and those under it, kind, status, amenity, name). */
export function StationList() {
  const { t } = useTranslation();
  const { access } = useSession();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<StationFilters>({});
  const [search, setSearch] = useState('');
  const list = useCursorList<Station, StationFilters, StationPage>(filters, (query, cursor) => stationsApi.list(query, cursor));
  const names = useOrgNames(useMemo(() => list.items.map((s) => s.orgId), [list.items]));
  const now = useMemo(() => new Date(), [list.items]);
  const set = (part: Partial<StationFilters>) => setFilters((previous) => ({ ...previous, ...part }));

  return (
    <div data-testid="stations-list">
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} align="start">
        <Space wrap size={8}>
          <div style={{ width: 220 }}>
            <OrgPicker
              allowClear
              value={filters.orgId}
              onChange={(orgId) => set({ orgId })}
              placeholder={t('consoleStations.list.unionPlaceholder')}
              data-testid="stations-filter-union"
            />
          </div>
          <Select<StationKind | 'all'>
            style={{ width: 130 }}
            value={filters.kind ?? 'all'}
            onChange={(kind) => set({ kind: kind === 'all' ? undefined : kind })}
            options={[
              { value: 'all', label: t('consoleStations.list.allKinds') },
              ...STATION_KINDS.map((k) => ({ value: k, label: t(`consoleStations.kind.${k}`) })),
            ]}
            data-testid="stations-filter-kind"
          />
          <Select<StationStatus | 'all'>
            style={{ width: 120 }}
            value={filters.status ?? 'all'}
            onChange={(status) => set({ status: status === 'all' ? undefined : status })}
            options={[
              { value: 'all', label: t('consoleStations.list.allStatuses') },
              ...STATION_STATUSES.map((s) => ({ value: s, label: t(`consoleStations.status.${s}`) })),
            ]}
            data-testid="stations-filter-status"
          />
          <Select<Amenity | 'all'>
            style={{ width: 130 }}
            value={filters.amenity ?? 'all'}
            onChange={(amenity) => set({ amenity: amenity === 'all' ? undefined : amenity })}
            options={[
              { value: 'all', label: t('consoleStations.list.allAmenities') },
              ...AMENITIES.map((a) => ({ value: a, label: t(`consoleStations.amenity.${a}`) })),
            ]}
            data-testid="stations-filter-amenity"
          />
          <Input.Search
            allowClear
            style={{ width: 240 }}
            placeholder={t('consoleStations.list.searchPlaceholder')}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (e.target.value === '') set({ q: undefined });
            }}
            onSearch={(q) => set({ q: q.trim() || undefined })}
            data-testid="stations-search"
          />
          <Tooltip title={t('consoleStations.list.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} />
          </Tooltip>
        </Space>
        <Space size={8}>
          <Button icon={<DownloadOutlined />} href={stationsApi.exportUrl(filters)} data-testid="stations-export">
            {t('consoleStations.list.export')}
          </Button>
          {access.canEditStations && (
            <Button icon={<UploadOutlined />} onClick={() => void navigate('/stations/import')} data-testid="stations-import">
              {t('consoleStations.list.import')}
            </Button>
          )}
          {access.canEditStations && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/stations/new')} data-testid="stations-new">
              {t('consoleStations.list.new')}
            </Button>
          )}
        </Space>
      </Space>
      {list.problem && <Alert type="error" showIcon title={list.problem} style={{ marginBottom: 12 }} />}
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }} data-testid="stations-total">
        {t('consoleStations.list.total', { count: list.page?.total ?? 0 })}
      </Typography.Text>
      <Table<Station>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t('consoleStations.list.empty') }}
        onRow={(s) => ({ 'data-testid': 'station-row', 'data-station-id': s.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t('consoleStations.list.name'),
            width: 180,
            render: (_, s) => (
              <div>
                <Link to={`/stations/${s.id}`} data-testid={`station-link-${s.id}`}>
                  {s.name}
                </Link>
                {s.host && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {s.host}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          { key: 'kind', title: t('consoleStations.list.kind'), width: 90, render: (_, s) => t(`consoleStations.kind.${s.kind}`) },
          {
            key: 'union',
            title: t('consoleStations.list.union'),
            width: 130,
            ellipsis: true,
            render: (_, s) => names[s.orgId] ?? t('common.none'),
          },
          { key: 'address', title: t('consoleStations.list.address'), ellipsis: true, dataIndex: 'address' },
          {
            key: 'hours',
            title: t('consoleStations.list.hours'),
            width: 190,
            render: (_, s) => (
              <Space size={4} orientation="vertical">
                <span data-testid="station-hours">{hoursSummary(s.hours)}</span>
                {s.status === 'open' &&
                  (isOpenAt(s.hours, now) ? (
                    <Tag color="green" bordered={false}>
                      {t('consoleStations.hours.openNow')}
                    </Tag>
                  ) : (
                    <Tag bordered={false}>{t('consoleStations.hours.closedNow')}</Tag>
                  ))}
              </Space>
            ),
          },
          {
            key: 'amenities',
            title: t('consoleStations.list.amenities'),
            width: 170,
            render: (_, s) => {
              const shown = s.amenities.slice(0, SHOWN_AMENITIES);
              const rest = s.amenities.slice(SHOWN_AMENITIES);
              return (
                <Space size={[0, 4]} wrap>
                  {shown.map((a) => (
                    <Tag key={a} bordered={false} color="blue">
                      {t(`consoleStations.amenity.${a}`)}
                    </Tag>
                  ))}
                  {rest.length > 0 && (
                    <Tooltip title={rest.map((a) => t(`consoleStations.amenity.${a}`)).join(t('consoleStations.hours.spanSeparator'))}>
                      <Tag bordered={false}>{t('consoleStations.list.more', { count: rest.length })}</Tag>
                    </Tooltip>
                  )}
                </Space>
              );
            },
          },
          { key: 'status', title: t('consoleStations.list.status'), width: 90, render: (_, s) => <StationStatusTag status={s.status} /> },
          {
            key: 'actions',
            title: t('consoleStations.list.actions'),
            width: 150,
            // The name opens the station (and its form); here, what is done to it most: suspend, reopen, close.
            render: (_, s) =>
              access.canEditStations ? (
                <StatusActions station={s} onChanged={(changed) => list.update((item) => item.id === changed.id, changed)} />
              ) : null,
          },
        ]}
        footer={list.hasMore ? () => <LoadMore list={list} testId="stations-load-more" /> : undefined}
      />
    </div>
  );
}
