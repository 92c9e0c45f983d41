import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../../shared/format.ts';
import { problemText } from '../../../components/problem-text.ts';
import { useSession } from '../../../session.tsx';
import { FUND_PURPOSES, fundsApi, type Fund, type FundPurpose } from '../api.ts';
import { FundForm } from './fund-form.tsx';
import { PurposeTag } from './words.tsx';

/**
 * The funds the staff member's unions run, and those run above them whose money comes down into their
 * subtree; a name opens the fund. Admins set up a fund here (设立资金), naming its sources.
 */
export function FundList() {
  const { t } = useTranslation();
  const { access } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [funds, setFunds] = useState<Fund[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [purpose, setPurpose] = useState<FundPurpose | 'all'>('all');
  const [creating, setCreating] = useState(false);
  const k = 'consoleFunds.list';

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setFunds((await fundsApi.list()).items);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => funds.filter((f) => purpose === 'all' || f.purpose === purpose), [funds, purpose]);

  return (
    <div data-testid="funds-list">
      <div className="gh-toolbar">
        <Space wrap>
          <Select<FundPurpose | 'all'>
            value={purpose}
            onChange={setPurpose}
            style={{ width: 150 }}
            options={[
              { value: 'all', label: t(`${k}.allPurposes`) },
              ...FUND_PURPOSES.map((p) => ({ value: p, label: t(`consoleFunds.purpose.${p}`) })),
            ]}
            aria-label={t(`${k}.purpose`)}
            data-testid="funds-filter-purpose"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} />
          </Tooltip>
        </Space>
        <Space>
          <Typography.Text type="secondary">{t(`${k}.total`, { count: shown.length })}</Typography.Text>
          {access.canAdminFunds && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="funds-new">
              {t(`${k}.new`)}
            </Button>
          )}
        </Space>
      </div>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Table<Fund>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={shown}
        pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: t(`${k}.empty`) }}
        onRow={(f) => ({ 'data-testid': `fund-row-${f.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t(`${k}.name`),
            width: 220,
            render: (_, f) => (
              <div>
                <Link to={`/funds/${f.id}`} data-testid={`fund-link-${f.id}`}>
                  {f.name}
                </Link>
                {f.description && (
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 1, tooltip: f.description }} className="gh-funds-secondary">
                    {f.description}
                  </Typography.Paragraph>
                )}
              </div>
            ),
          },
          { key: 'purpose', title: t(`${k}.purpose`), width: 110, render: (_, f) => <PurposeTag purpose={f.purpose} /> },
          { key: 'owner', title: t(`${k}.owner`), width: 180, dataIndex: 'orgName' },
          {
            key: 'sources',
            title: t(`${k}.sources`),
            render: (_, f) =>
              f.sources.length > 0 ? (
                <Space size={[0, 4]} wrap>
                  {f.sources.map((s) => (
                    <Tag key={s.id} bordered={false}>
                      {s.name}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t(`${k}.noSources`)}</Typography.Text>
              ),
          },
          {
            key: 'status',
            title: t(`${k}.status`),
            width: 90,
            render: (_, f) => (
              <Tag color={f.status === 'active' ? 'green' : 'default'} bordered={false}>
                {t(`consoleFunds.status.${f.status}`)}
              </Tag>
            ),
          },
          { key: 'createdAt', title: t(`${k}.createdAt`), width: 120, render: (_, f) => formatDate(f.createdAt) },
        ]}
      />
      {creating && (
        <FundForm
          onClose={() => setCreating(false)}
          onSaved={(fund) => {
            setCreating(false);
            void message.success(t('consoleFunds.fundForm.created', { name: fund.name }));
            void navigate(`/funds/${fund.id}`);
          }}
        />
      )}
    </div>
  );
}
