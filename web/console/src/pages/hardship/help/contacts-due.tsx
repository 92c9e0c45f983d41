import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { useSession } from '../../../session.tsx';
import { helpApi, type ContactDue, type ContactState } from './api.ts';
import { ContactDialog } from './contact-form.tsx';
import { ContactStateTag, lastContactText } from './words.tsx';

/**
 * 本周待联系: the subtree's filed families nobody has contacted within the week (冀北's 周联系), the
 * longest waiting first, each with its helpers and a 记录联系 that takes it off the list.
 */
export function ContactsDuePanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const [items, setItems] = useState<ContactDue[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [logging, setLogging] = useState<ContactDue | null>(null);
  const k = 'consoleHardshipHelp.due';

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setItems((await helpApi.contactsDue()).items);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const logged = (family: ContactDue) => (state: ContactState) => {
    setLogging(null);
    void message.success(t(`${k}.logged`, { number: family.fileNumber, state: t(`consoleHardshipHelp.contactState.${state}`) }));
    void load();
  };
  const overdue = items.filter((i) => i.state === 'overdue').length;

  return (
    <div data-testid="help-due">
      <div className="gh-toolbar">
        <Space size={12} wrap>
          <Typography.Text data-testid="help-due-count" data-count={items.length}>
            {loading && items.length === 0 ? t('common.loading') : t(`${k}.count`, { count: items.length })}
          </Typography.Text>
          {overdue > 0 && (
            <Tag color="red" bordered={false} data-testid="help-due-overdue">
              {t(`${k}.overdue`, { count: overdue })}
            </Tag>
          )}
          <Typography.Text type="secondary" className="gh-hardship-small">
            {t(`${k}.hint`)}
          </Typography.Text>
        </Space>
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load()} data-testid="help-due-refresh" />
        </Tooltip>
      </div>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="help-due-error" />}
      <Table<ContactDue>
        rowKey="fileId"
        size="middle"
        loading={loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t(`${k}.empty`) }}
        onRow={(d) => ({ 'data-testid': `help-due-row-${d.fileId}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'fileNumber',
            title: t(`${k}.fileNumber`),
            width: 200,
            render: (_, d) => (
              <Link to={`/hardship/${d.fileId}`} className="gh-mono">
                {d.fileNumber}
              </Link>
            ),
          },
          { key: 'head', title: t(`${k}.head`), width: 110, dataIndex: 'head' },
          { key: 'union', title: t(`${k}.union`), width: 170, dataIndex: 'orgName' },
          {
            key: 'helpers',
            title: t(`${k}.helpers`),
            render: (_, d) =>
              d.helpers.length > 0 ? (
                <Space size={[4, 4]} wrap>
                  {d.helpers.map((name) => (
                    <Tag key={name} bordered={false}>
                      {name}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="warning" data-testid="help-due-no-helpers">
                  {t(`${k}.noHelpers`)}
                </Typography.Text>
              ),
          },
          {
            key: 'last',
            title: t(`${k}.lastContact`),
            width: 130,
            render: (_, d) => <span className="gh-mono">{lastContactText(d.lastContactOn)}</span>,
          },
          { key: 'state', title: t(`${k}.state`), width: 120, render: (_, d) => <ContactStateTag state={d.state} /> },
          ...(access.canEditHardship
            ? [
                {
                  key: 'action',
                  title: '',
                  width: 120,
                  render: (_: unknown, d: ContactDue) => (
                    <Button size="small" icon={<PhoneOutlined />} onClick={() => setLogging(d)} data-testid={`help-due-log-${d.fileId}`}>
                      {t(`${k}.log`)}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {logging && (
        <ContactDialog
          fileId={logging.fileId}
          title={t(`${k}.logTitle`, { head: logging.head, number: logging.fileNumber })}
          onDone={logged(logging)}
          onClose={() => setLogging(null)}
        />
      )}
    </div>
  );
}
