// The console's one route table (ant-design-pro's config/routes.ts): each entry is a menu item, a
// lazily loaded page and the access flag that shows it.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined, ClockCircleOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';
import type { AccessKey } from './access.ts';

export type MenuKey = 'orgs' | 'staff' | 'partners' | 'audit' | 'jobs';

export interface ConsoleRoute {
  path: string;
  menu: MenuKey;
  icon: ReactNode;
  access: AccessKey;
  Page: LazyExoticComponent<ComponentType>;
}

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}

export const consoleRoutes: ConsoleRoute[] = [
  {
    path: '/orgs',
    menu: 'orgs',
    icon: <ApartmentOutlined />,
    access: 'canViewOrgs',
    Page: page(() => import('./pages/orgs/index.tsx'), 'OrgsPage'),
  },
  {
    path: '/staff',
    menu: 'staff',
    icon: <TeamOutlined />,
    access: 'canViewStaff',
    Page: page(() => import('./pages/staff/index.tsx'), 'StaffPage'),
  },
  {
    path: '/partners',
    menu: 'partners',
    icon: <ShopOutlined />,
    access: 'canViewPartners',
    Page: page(() => import('./pages/partners/index.tsx'), 'PartnersPage'),
  },
  {
    path: '/audit',
    menu: 'audit',
    icon: <AuditOutlined />,
    access: 'canViewAudit',
    Page: page(() => import('./pages/audit/index.tsx'), 'AuditPage'),
  },
  {
    path: '/jobs',
    menu: 'jobs',
    icon: <ClockCircleOutlined />,
    access: 'canViewJobs',
    Page: page(() => import('./pages/jobs/index.tsx'), 'JobsPage'),
  },
];
