import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { problemText } from '../../../components/problem-text.ts';
import { useSession } from '../../../session.tsx';
import { SERVICE_CATEGORIES, stationServicesApi, type ServiceCategory, type StationService } from '../api.ts';
import { isFromAbove } from '../rules.ts';
import { ServiceForm } from './service-form.tsx';
import { useUnions } from './use-unions.ts';
import { CategoryTag } from './words.tsx';

type StateFilter = 'all' | 'active' | 'inactive';

/**
 * 服务项目: what the unions offer at their stations — the subtree's own catalogues and those of the
 * unions above that reach down to its stations — with 新增, 编辑, 启用 and 停用 for operators.
 */
export function ServicesTab() {
  const { t } = useTranslation();
  const { me, access } = useSession();
  const { message, modal } = App.useApp();
  const [services, setServices] = useState<StationService[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<ServiceCategory | 'all'>('all');
  const [state, setState] = useState<StateFilter>('all');
  const [editing, setEditing] = useState<StationService | 'new' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { names, myPath } = useUnions(
    services.map((s) => s.orgId),
    me.org.id,
  );
  const k = 'consoleStationServices.services';

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setServices((await stationServicesApi.services()).items);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return services.filter(
      (s) =>
        (!needle || s.name.toLowerCase().includes(needle)) &&
        (category === 'all' || s.category === category) &&
        (state === 'all' || s.active === (state === 'active')),
    );
  }, [services, q, category, state]);

  const replace = (saved: StationService) =>
    setServices((previous) =>
      previous.some((s) => s.id === saved.id) ? previous.map((s) => (s.id === saved.id ? saved : s)) : [saved, ...previous],
    );

  const setActive = async (service: StationService, active: boolean) => {
    setBusy(service.id);
    try {
      const { name, category: c, durationMinutes, description } = service;
      const saved = await stationServicesApi.updateService(service.id, { name, category: c, durationMinutes, description, active });
      replace(saved);
      void message.success(t(active ? `${k}.activated` : `${k}.deactivated`, { name: service.name }));
    } catch (error) {
      void message.error(problemText(error));
    } finally {
      setBusy(null);
    }
  };

  const deactivate = (service: StationService) =>
    modal.confirm({
      title: t(`${k}.deactivateConfirm`, { name: service.name }),
      content: t(`${k}.deactivateHint`),
      okText: t(`${k}.deactivate`),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => setActive(service, false),
    });

  return (
    <div data-testid="services-catalogue">
      <div className="gh-toolbar" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t(`${k}.searchPlaceholder`)}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 200 }}
            data-testid="services-search"
          />
          <Select<ServiceCategory | 'all'>
            value={category}
            onChange={setCategory}
            style={{ width: 150 }}
            options={[
              { value: 'all', label: t(`${k}.allCategories`) },
              ...SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`consoleStationServices.category.${c}`) })),
            ]}
          />
          <Select<StateFilter>
            value={state}
            onChange={setState}
            style={{ width: 120 }}
            options={[
              { value: 'all', label: t(`${k}.allStates`) },
              { value: 'active', label: t(`${k}.active`) },
              { value: 'inactive', label: t(`${k}.inactive`) },
            ]}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t(`${k}.refresh`)}
          </Button>
        </Space>
        <Space>
          <Typography.Text type="secondary">{t(`${k}.total`, { count: shown.length })}</Typography.Text>
          {access.canEditStations && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="services-new">
              {t(`${k}.new`)}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t(`${k}.reachHint`)}
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Table<StationService>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={shown}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t(`${k}.empty`) }}
        rowClassName={(s) => (s.active ? '' : 'gh-ss-inactive')}
        onRow={(s) => ({ 'data-testid': `service-row-${s.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t(`${k}.name`), dataIndex: 'name', width: 180 },
          { key: 'category', title: t(`${k}.category`), width: 130, render: (_, s) => <CategoryTag category={s.category} /> },
          {
            key: 'union',
            title: t(`${k}.union`),
            width: 180,
            render: (_, s) =>
              isFromAbove(s, { orgId: me.org.id, path: myPath }) ? (
                <Tooltip title={t(`${k}.aboveHint`)}>
                  <Tag bordered={false} color="purple">
                    {t(`${k}.unionAbove`)}
                  </Tag>
                </Tooltip>
              ) : (
                (names[s.orgId] ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>)
              ),
          },
          {
            key: 'duration',
            title: t(`${k}.duration`),
            width: 100,
            align: 'right',
            render: (_, s) => t('consoleStationServices.minutes', { count: s.durationMinutes }),
          },
          {
            key: 'description',
            title: t(`${k}.description`),
            render: (_, s) =>
              s.description ? (
                <Typography.Paragraph ellipsis={{ rows: 2, tooltip: s.description }} style={{ marginBottom: 0 }}>
                  {s.description}
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
              ),
          },
          {
            key: 'status',
            title: t(`${k}.status`),
            width: 90,
            render: (_, s) => (
              <Tag color={s.active ? 'green' : 'default'} bordered={false} data-testid={`service-status-${s.id}`}>
                {t(s.active ? `${k}.active` : `${k}.inactive`)}
              </Tag>
            ),
          },
          ...(access.canEditStations
            ? [
                {
                  key: 'actions',
                  title: t(`${k}.actions`),
                  width: 130,
                  render: (_: unknown, s: StationService) =>
                    isFromAbove(s, { orgId: me.org.id, path: myPath }) ? null : (
                      <Space size={4}>
                        <Button type="link" size="small" onClick={() => setEditing(s)} data-testid={`service-edit-${s.id}`}>
                          {t(`${k}.edit`)}
                        </Button>
                        <Button
                          type="link"
                          size="small"
                          danger={s.active}
                          loading={busy === s.id}
                          onClick={() => (s.active ? deactivate(s) : void setActive(s, true))}
                          data-testid={`service-toggle-${s.id}`}
                        >
                          {t(s.active ? `${k}.deactivate` : `${k}.activate`)}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <ServiceForm
          service={editing === 'new' ? null : editing}
          defaultOrgId={me.org.id}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            replace(saved);
            setEditing(null);
            void message.success(
              t(created ? 'consoleStationServices.serviceForm.created' : 'consoleStationServices.serviceForm.saved', { name: saved.name }),
            );
          }}
        />
      )}
    </div>
  );
}
