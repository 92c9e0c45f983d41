import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Input, Popconfirm, Space, Spin, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowLeftOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../../../../shared/api.ts';
import { OrgPicker } from '../../../../components/org-picker.tsx';
import { problemText } from '../../../../components/problem-text.ts';
import { useSession } from '../../../../session.tsx';
import { inspectionsApi, type StandardItem, type StationStandard } from '../api.ts';
import { inspectionAccess, movePoint, newPointCode } from '../rules.ts';
import { StandardSource } from './standard-source.tsx';

/**
 * A union's uniform standard: the checklist its stations (and those of the unions below it that set
 * none) are inspected against. Anyone may read it; a stations admin may make it the union's own.
 */
export function StandardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const navigate = useNavigate();
  const can = inspectionAccess(me.roles);
  const [orgId, setOrgId] = useState(me.org.id);
  const [standard, setStandard] = useState<StationStandard | null>(null);
  const [items, setItems] = useState<StandardItem[]>([]);
  const [problem, setProblem] = useState<{ title: string; items: string[] } | null>(null);
  const [saving, setSaving] = useState(false);

  const show = useCallback((loaded: StationStandard) => {
    setStandard(loaded);
    setItems(loaded.items.map((item) => ({ ...item })));
  }, []);

  useEffect(() => {
    setStandard(null);
    setProblem(null);
    inspectionsApi
      .standard(orgId)
      .then(show)
      .catch((error: unknown) => setProblem({ title: problemText(error), items: [] }));
  }, [orgId, show]);

  const edit = (index: number, change: Partial<StandardItem>) =>
    setItems((list) => list.map((item, i) => (i === index ? { ...item, ...change } : item)));

  const save = async () => {
    setSaving(true);
    setProblem(null);
    try {
      show(await inspectionsApi.setStandard(orgId, items));
      void message.success(t('consoleStationInspections.standard.saved'));
    } catch (error) {
      setProblem({ title: errorText(error), items: error instanceof ApiError ? error.errors.map((e) => e.message) : [] });
    } finally {
      setSaving(false);
    }
  };

  const clear = async () => {
    try {
      show(await inspectionsApi.clearStandard(orgId));
      void message.success(t('consoleStationInspections.standard.cleared'));
    } catch (error) {
      void message.error(problemText(error));
    }
  };

  const own = standard?.source?.orgId === orgId;
  const required = items.filter((item) => item.required).length;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 1000 }} data-testid="station-standard">
      <Space size={12} align="center">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/station-inspections')}>
          {t('consoleStationInspections.station.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('consoleStationInspections.standard.title')}
        </Typography.Title>
      </Space>
      <Card size="small">
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('consoleStationInspections.standard.intro')}</Typography.Text>
          <Space wrap align="center">
            <Typography.Text strong>{t('consoleStationInspections.standard.union')}</Typography.Text>
            <OrgPicker value={orgId} onChange={(id) => id && setOrgId(id)} style={{ width: 320 }} />
            {standard && <StandardSource standard={standard} />}
          </Space>
          {!can.canSetStandard && <Alert type="info" showIcon title={t('consoleStationInspections.standard.adminOnly')} />}
        </Space>
      </Card>
      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem.title}
          description={problem.items.length > 0 ? problem.items.join(t('common.listSeparator')) : undefined}
        />
      )}
      {!standard ? (
        !problem && <Spin />
      ) : (
        <Card
          size="small"
          title={t('consoleStationInspections.standard.points', { count: items.length, required })}
          extra={
            can.canSetStandard && (
              <Space>
                {own && (
                  <Popconfirm
                    title={t('consoleStationInspections.standard.clearConfirm')}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={clear}
                  >
                    <Button>{t('consoleStationInspections.standard.clear')}</Button>
                  </Popconfirm>
                )}
                <Button type="primary" loading={saving} onClick={() => void save()} data-testid="station-standard-save">
                  {t('consoleStationInspections.standard.save')}
                </Button>
              </Space>
            )
          }
        >
          <Table<StandardItem>
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={items}
            columns={[
              { title: '#', key: 'no', width: 48, render: (_, __, index) => index + 1 },
              {
                title: t('consoleStationInspections.standard.point'),
                key: 'text',
                render: (_, item, index) =>
                  can.canSetStandard ? (
                    <Input
                      value={item.text}
                      maxLength={60}
                      placeholder={t('consoleStationInspections.standard.textPlaceholder')}
                      onChange={(event) => edit(index, { text: event.target.value })}
                    />
                  ) : (
                    item.text
                  ),
              },
              {
                title: (
                  <Tooltip title={t('consoleStationInspections.standard.requiredHint')}>
                    {t('consoleStationInspections.standard.required')}
                  </Tooltip>
                ),
                key: 'required',
                width: 110,
                render: (_, item, index) =>
                  can.canSetStandard ? (
                    <Switch checked={item.required} onChange={(checked) => edit(index, { required: checked })} />
                  ) : (
                    <Tag color={item.required ? 'red' : 'default'}>
                      {item.required ? t('consoleStationInspections.standard.required') : t('consoleStationInspections.standard.optional')}
                    </Tag>
                  ),
              },
              ...(can.canSetStandard
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 130,
                      render: (_: unknown, __: StandardItem, index: number) => (
                        <Space size={0}>
                          <Button
                            type="text"
                            size="small"
                            icon={<ArrowUpOutlined />}
                            disabled={index === 0}
                            aria-label={t('consoleStationInspections.standard.moveUp')}
                            onClick={() => setItems((list) => movePoint(list, index, -1))}
                          />
                          <Button
                            type="text"
                            size="small"
                            icon={<ArrowDownOutlined />}
                            disabled={index === items.length - 1}
                            aria-label={t('consoleStationInspections.standard.moveDown')}
                            onClick={() => setItems((list) => movePoint(list, index, 1))}
                          />
                          <Button
                            type="text"
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t('consoleStationInspections.standard.remove')}
                            onClick={() => setItems((list) => list.filter((_, i) => i !== index))}
                          />
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {can.canSetStandard && (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              style={{ marginTop: 12 }}
              block
              onClick={() => setItems((list) => [...list, { code: newPointCode(list), text: '', required: true }])}
            >
              {t('consoleStationInspections.standard.add')}
            </Button>
          )}
        </Card>
      )}
    </Space>
  );
}
