import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Dropdown, Input, Space, Table, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import {
  EditOutlined,
  KeyOutlined,
  LockOutlined,
  MoreOutlined,
  PlusOutlined,
  ReloadOutlined,
  SafetyOutlined,
  SearchOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../shared/api.ts';
import { formatDateTime, isFuture } from '../../../../shared/format.ts';
import { ACCESS_MODULES } from '../../access.ts';
import { OrgPicker } from '../../components/org-picker.tsx';
import { useSession } from '../../session.tsx';
import { staffApi, type StaffMember } from './api.ts';
import { StaffFormModal, type StaffFormTarget } from './components/staff-form-modal.tsx';
import { ResetPasswordModal } from './components/reset-password-modal.tsx';
import { accessModuleLabelKey } from './components/roles-editor.tsx';

type Dialog = { kind: 'form'; target: StaffFormTarget } | { kind: 'password'; staff: StaffMember };

/** Staff page: staff accounts of the chosen organisation's subtree. */
export function StaffPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const { me, access } = useSession();
  const [params, setParams] = useSearchParams();
  const orgId = params.get('orgId') ?? me.org.id;
  const q = params.get('q') ?? '';
  const [query, setQuery] = useState(q);
  const [items, setItems] = useState<StaffMember[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      const { items: found } = await staffApi.list({ orgId, ...(q ? { q } : {}) });
      setItems(found);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, [orgId, q]);

  useEffect(() => {
    void load();
  }, [load]);

  const setParam = (name: string, value: string | undefined) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });

  const confirmThen = (title: string, run: () => Promise<string>, danger = false) => {
    modal.confirm({
      title,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger },
      onOk: async () => {
        try {
          void message.success(await run());
          void load();
        } catch (error) {
          void message.error(errorText(error));
        }
      },
    });
  };

  const rowMenu = (staff: StaffMember): MenuProps => ({
    items: [
      {
        key: 'password',
        icon: <KeyOutlined />,
        label: <span data-testid="staff-reset-password">{t('console.staff.actions.resetPassword')}</span>,
      },
      { key: 'totp', icon: <SafetyOutlined />, label: <span data-testid="staff-reset-totp">{t('console.staff.actions.resetTotp')}</span> },
      {
        key: 'unlock',
        icon: <UnlockOutlined />,
        disabled: !isFuture(staff.lockedUntil),
        label: <span data-testid="staff-unlock">{t('console.staff.actions.unlock')}</span>,
      },
      { type: 'divider' },
      {
        key: 'sign-out',
        danger: true,
        icon: <LockOutlined />,
        label: <span data-testid="staff-sign-out-everywhere">{t('console.staff.actions.signOutEverywhere')}</span>,
      },
    ],
    onClick: ({ key }) => {
      const name = staff.displayName;
      if (key === 'password') setDialog({ kind: 'password', staff });
      else if (key === 'totp')
        confirmThen(t('console.staff.resetTotpConfirm', { name }), async () => {
          await staffApi.resetTotp(staff.id);
          return t('console.staff.resetTotpDone');
        });
      else if (key === 'unlock')
        confirmThen(t('console.staff.unlockConfirm', { name }), async () => {
          await staffApi.unlock(staff.id);
          return t('console.staff.unlockDone');
        });
      else if (key === 'sign-out')
        confirmThen(
          t('console.staff.signOutConfirm', { name }),
          async () => {
            const result = await staffApi.signOutEverywhere(staff.id);
            return typeof result?.revoked === 'number'
              ? t('console.staff.signOutDone', { count: result.revoked })
              : t('console.staff.signOutDoneSimple');
          },
          true,
        );
    },
  });

  return (
    <Card>
      <div className="gh-toolbar">
        <Space wrap>
          <OrgPicker value={orgId} onChange={(id) => setParam('orgId', id)} style={{ width: 300 }} data-testid="staff-org" />
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('console.staff.searchPlaceholder')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              if (!e.target.value) setParam('q', undefined);
            }}
            onPressEnter={() => setParam('q', query.trim() || undefined)}
            style={{ width: 260 }}
            data-testid="staff-search"
          />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} />
          </Tooltip>
        </Space>
        {access.canEditStaff && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ kind: 'form', target: { mode: 'create', orgId } })}
            data-testid="staff-create"
          >
            {t('console.staff.create')}
          </Button>
        )}
      </div>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Table<StaffMember>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('console.staff.empty') }}
        data-testid="staff-table"
        columns={[
          {
            title: t('console.staff.displayName'),
            key: 'name',
            fixed: 'left',
            width: 180,
            render: (_, s) => (
              <div>
                <div>{s.displayName}</div>
                <Typography.Text type="secondary">{s.username}</Typography.Text>
              </div>
            ),
          },
          { title: t('console.staff.org'), key: 'org', width: 200, render: (_, s) => s.org.name },
          {
            title: t('console.staff.roles'),
            key: 'roles',
            width: 300,
            render: (_, s) => {
              const granted = ACCESS_MODULES.filter((m) => s.roles[m]);
              if (granted.length === 0) return <Typography.Text type="secondary">{t('enums.role.none')}</Typography.Text>;
              return (
                <Space size={[4, 4]} wrap>
                  {granted.map((m) => {
                    const role = s.roles[m];
                    return role ? (
                      <Tag key={m} color={role === 'admin' ? 'red' : role === 'viewer' ? 'default' : 'blue'}>
                        {t('console.staff.roleTag', { module: t(accessModuleLabelKey(m)), role: t(`enums.role.${role}`) })}
                      </Tag>
                    ) : null;
                  })}
                </Space>
              );
            },
          },
          {
            title: t('console.staff.status'),
            key: 'status',
            width: 160,
            render: (_, s) => (
              <Space orientation="vertical" size={2}>
                <Tag color={s.status === 'active' ? 'green' : 'default'}>{t(`enums.staffStatus.${s.status}`)}</Tag>
                {isFuture(s.lockedUntil) && (
                  <Tag color="orange" icon={<LockOutlined />}>
                    {t('console.staff.lockedUntil', { time: formatDateTime(s.lockedUntil).slice(5, 16) })}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('console.staff.totp'),
            key: 'totp',
            width: 100,
            render: (_, s) =>
              s.totpEnrolled ? <Tag color="green">{t('console.staff.totpEnrolled')}</Tag> : <Tag>{t('console.staff.totpNotEnrolled')}</Tag>,
          },
          {
            title: t('console.staff.lastSignInAt'),
            key: 'lastSignInAt',
            width: 170,
            render: (_, s) =>
              s.lastSignInAt ? (
                formatDateTime(s.lastSignInAt)
              ) : (
                <Typography.Text type="secondary">{t('console.staff.never')}</Typography.Text>
              ),
          },
          ...(access.canEditStaff || access.canManageStaffSecurity
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  fixed: 'right' as const,
                  width: 140,
                  render: (_: unknown, s: StaffMember) => (
                    <Space size={0}>
                      {access.canEditStaff && (
                        <Button
                          type="link"
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => setDialog({ kind: 'form', target: { mode: 'edit', staff: s } })}
                          data-testid="staff-edit"
                        >
                          {t('console.staff.actions.edit')}
                        </Button>
                      )}
                      {access.canManageStaffSecurity && s.id !== me.id && (
                        <Dropdown menu={rowMenu(s)} trigger={['click']}>
                          <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('common.more')} data-testid="staff-more" />
                        </Dropdown>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {dialog?.kind === 'form' && (
        <StaffFormModal
          target={dialog.target}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            void load();
          }}
        />
      )}
      {dialog?.kind === 'password' && <ResetPasswordModal staff={dialog.staff} onClose={() => setDialog(null)} />}
    </Card>
  );
}
