import { useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { App, Avatar, Dropdown, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { DownOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import type { ConsoleRoute } from '../routes.tsx';
import { useSession } from '../session.tsx';

export function ConsoleLayout({ routes, children }: { routes: ConsoleRoute[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { me, signOut, signOutEverywhere } = useSession();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const selected = routes.find((route) => location.pathname === route.path || location.pathname.startsWith(`${route.path}/`));

  const userMenu: MenuProps['items'] = [
    {
      key: 'sign-out',
      icon: <LogoutOutlined />,
      label: <span data-testid="console-sign-out">{t('console.header.signOut')}</span>,
    },
    {
      key: 'sign-out-everywhere',
      icon: <SafetyOutlined />,
      label: <span data-testid="console-sign-out-everywhere">{t('console.header.signOutEverywhere')}</span>,
    },
  ];

  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'sign-out') {
      signOut().catch((error: unknown) => void message.error(errorText(error)));
    } else if (key === 'sign-out-everywhere') {
      modal.confirm({
        title: t('console.header.signOutEverywhere'),
        content: t('console.header.signOutEverywhereConfirm'),
        okText: t('common.confirm'),
        cancelText: t('common.cancel'),
        okButtonProps: { danger: true },
        onOk: async () => {
          try {
            const count = await signOutEverywhere();
            void message.success(t('console.header.signedOutEverywhere', { count }));
          } catch (error) {
            void message.error(errorText(error));
          }
        },
      });
    }
  };

  return (
    <Layout className="gh-layout">
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} theme="light" className="gh-sider">
        <div className="gh-brand">
          <img src="/icon.svg" alt="" width={32} height={32} />
          {!collapsed && <span className="gh-brand-name">{t('console.shortTitle')}</span>}
        </div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected.menu] : []}
          items={routes.map((route) => ({
            key: route.menu,
            icon: route.icon,
            label: <span data-testid={`console-menu-${route.menu}`}>{t(route.label)}</span>,
          }))}
          onClick={({ key }) => {
            const route = routes.find((r) => r.menu === key);
            if (route) void navigate(route.path);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="gh-header">
          <Typography.Text strong className="gh-header-title">
            {selected ? t(selected.label) : t('console.title')}
          </Typography.Text>
          <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']} placement="bottomRight">
            <button type="button" className="gh-user" data-testid="console-user-menu">
              <Space size={10}>
                <Avatar size="small" icon={<UserOutlined />} className="gh-user-avatar" />
                <span className="gh-user-text">
                  <span className="gh-user-name" data-testid="console-user-name">
                    {me.displayName}
                  </span>
                  <span className="gh-user-org">{me.org.name}</span>
                </span>
                <DownOutlined className="gh-user-caret" />
              </Space>
            </button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content className="gh-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
