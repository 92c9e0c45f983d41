import { useCallback, useEffect, useState } from 'react';
import { Alert, AutoComplete, Button, Card, DatePicker, Descriptions, Form, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../shared/api.ts';
import { formatDateTime, shortId } from '../../../../shared/format.ts';
import { leafKeys, translateOptional } from '../../../../shared/i18n/index.ts';
import { zhCN } from '../../../../shared/i18n/zh-CN.ts';
import { auditApi, type AuditQuery, type AuditRecord } from './api.ts';

interface FilterValues {
  action?: string;
  actorId?: string;
  targetId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const KNOWN_ACTIONS = leafKeys(zhCN.console.audit.actions);

/** The label of an audit action ('orgs.create' gives its zh-CN name), or null for one the console does not know yet. */
export function actionLabel(action: string): string | null {
  return translateOptional(`console.audit.actions.${action}`);
}

function toQuery(values: FilterValues): AuditQuery {
  const [from, to] = values.range ?? [];
  return {
    ...(values.action?.trim() ? { action: values.action.trim() } : {}),
    ...(values.actorId?.trim() ? { actorId: values.actorId.trim() } : {}),
    ...(values.targetId?.trim() ? { targetId: values.targetId.trim() } : {}),
    ...(from ? { from: from.toISOString() } : {}),
    ...(to ? { to: to.toISOString() } : {}),
  };
}

/** Audit page: newest first, filtered, 50 at a time with "load more". */
export function AuditPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterValues>();
  const [query, setQuery] = useState<AuditQuery>({});
  const [items, setItems] = useState<AuditRecord[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async (q: AuditQuery) => {
    setLoading(true);
    setProblem(null);
    try {
      const page = await auditApi.list(q);
      setItems(page.items);
      setNext(page.nextBeforeSeq);
    } catch (error) {
      setItems([]);
      setNext(null);
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(query);
  }, [load, query]);

  const loadMore = async () => {
    if (next === null) return;
    setLoadingMore(true);
    try {
      const page = await auditApi.list({ ...query, beforeSeq: next });
      setItems((previous) => [...previous, ...page.items]);
      setNext(page.nextBeforeSeq);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Card>
      <Form<FilterValues> form={form} layout="inline" className="gh-filters" onFinish={(values) => setQuery(toQuery(values))}>
        <Form.Item name="action" label={t('console.audit.action')}>
          <AutoComplete
            allowClear
            style={{ width: 220 }}
            placeholder={t('console.audit.actionPlaceholder')}
            options={KNOWN_ACTIONS.map((a) => ({ value: a, label: `${actionLabel(a) ?? a} (${a})` }))}
            showSearch={{
              filterOption: (input, option) => (option?.label ?? '').toLowerCase().includes(input.toLowerCase()),
            }}
            data-testid="audit-action"
          />
        </Form.Item>
        <Form.Item name="actorId" label={t('console.audit.actor')}>
          <Input allowClear placeholder={t('console.audit.actorIdPlaceholder')} style={{ width: 200 }} data-testid="audit-actor" />
        </Form.Item>
        <Form.Item name="targetId" label={t('console.audit.target')}>
          <Input allowClear placeholder={t('console.audit.targetIdPlaceholder')} style={{ width: 200 }} data-testid="audit-target" />
        </Form.Item>
        <Form.Item name="range" label={t('console.audit.timeRange')}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[true, true]}
            data-testid="audit-range"
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setQuery({});
              }}
            >
              {t('common.reset')}
            </Button>
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={() => void load(query)} />
            </Tooltip>
          </Space>
        </Form.Item>
      </Form>

      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}

      <Table<AuditRecord>
        rowKey="seq"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1200 }}
        locale={{ emptyText: t('console.audit.empty') }}
        data-testid="audit-table"
        expandable={{
          expandedRowRender: (record) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('console.audit.details')}>
                <pre className="gh-json">
                  {record.details === null || record.details === undefined ? t('common.none') : JSON.stringify(record.details, null, 2)}
                </pre>
              </Descriptions.Item>
              <Descriptions.Item label={t('console.audit.org')}>{record.orgPath ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('console.audit.requestId')}>{record.requestId ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('console.audit.hash')}>
                <Typography.Text code className="gh-hash">
                  {record.hash ?? t('common.none')}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: t('console.audit.seq'), dataIndex: 'seq', width: 80 },
          { title: t('console.audit.at'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at) },
          {
            title: t('console.audit.actor'),
            key: 'actor',
            width: 180,
            render: (_, r) => (
              <div>
                <div>{r.actorName ?? (r.actorId ? shortId(r.actorId) : t('common.none'))}</div>
                <Typography.Text type="secondary">{translateOptional(`enums.actorKind.${r.actorKind}`) ?? r.actorKind}</Typography.Text>
              </div>
            ),
          },
          {
            title: t('console.audit.action'),
            dataIndex: 'action',
            width: 200,
            render: (action: string) => {
              const label = actionLabel(action);
              return label ? (
                <Tooltip title={action}>
                  <Tag color="blue">{label}</Tag>
                </Tooltip>
              ) : (
                <Tag>{action}</Tag>
              );
            },
          },
          {
            title: t('console.audit.target'),
            key: 'target',
            width: 200,
            render: (_, r) =>
              r.targetId ? (
                <div>
                  <Typography.Text type="secondary">
                    {r.targetType ? (translateOptional(`console.audit.targetType.${r.targetType}`) ?? r.targetType) : ''}
                  </Typography.Text>{' '}
                  <Typography.Text copyable={{ text: r.targetId }}>{targetName(r.details) ?? shortId(r.targetId)}</Typography.Text>
                </div>
              ) : (
                t('common.none')
              ),
          },
          {
            title: t('console.audit.reason'),
            dataIndex: 'reason',
            ellipsis: true,
            render: (reason: string | null) => reason ?? t('common.none'),
          },
          { title: t('console.audit.ip'), dataIndex: 'ip', width: 140, render: (ip: string | null) => ip ?? t('common.none') },
        ]}
        footer={() => (
          <div className="gh-load-more">
            <Typography.Text type="secondary">{t('console.audit.loaded', { count: items.length })}</Typography.Text>
            {next !== null ? (
              <Button onClick={() => void loadMore()} loading={loadingMore} data-testid="audit-load-more">
                {t('common.loadMore')}
              </Button>
            ) : (
              items.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
            )}
          </div>
        )}
      />
    </Card>
  );
}

// Records of organisations and staff carry the name they had at the time: show it instead of the id.
function targetName(details: unknown): string | null {
  const name = (details as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : null;
}
