// The console's one route table (ant-design-pro's config/routes.ts): each entry is a menu item, a
// lazily loaded page and the access flag that shows it.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AccountBookOutlined,
  ApartmentOutlined,
  AuditOutlined,
  ClockCircleOutlined,
  CustomerServiceOutlined,
  EnvironmentOutlined,
  FundOutlined,
  GiftOutlined,
  HeartOutlined,
  IdcardOutlined,
  MedicineBoxOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { AccessKey } from './access.ts';

export type MenuKey =
  | 'census'
  | 'members'
  | 'campaigns'
  | 'stations'
  | 'stationServices'
  | 'stationInspections'
  | 'funds'
  | 'hardship'
  | 'mutualAid'
  | 'orgs'
  | 'staff'
  | 'partners'
  | 'audit'
  | 'jobs';

/** The i18n key of a menu item's label (the census, members, campaigns, station, funds and hardship pages keep theirs in their own catalogues). */
export type MenuLabelKey =
  | `console.menu.${Exclude<MenuKey, 'census' | 'members' | 'campaigns' | 'stations' | 'stationServices' | 'stationInspections' | 'funds' | 'hardship' | 'mutualAid'>}`
  | 'consoleCensus.menu'
  | 'consoleMembers.menu'
  | 'consoleCampaigns.menu'
  | 'consoleStations.menu'
  | 'consoleStationServices.menu'
  | 'consoleStationInspections.menu'
  | 'consoleFunds.menu'
  | 'consoleHardship.menu'
  | 'consoleMutualAid.menu';

export interface ConsoleRoute {
  path: string;
  menu: MenuKey;
  label: MenuLabelKey;
  icon: ReactNode;
  access: AccessKey;
  Page: LazyExoticComponent<ComponentType>;
}

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}

// The first route the staff member may see is where the console opens after sign-in: the coverage
// dashboard (入会覆盖) for anyone with the census module, else the members overview.
export const consoleRoutes: ConsoleRoute[] = [
  {
    path: '/census',
    menu: 'census',
    label: 'consoleCensus.menu',
    icon: <FundOutlined />,
    access: 'canViewCensus',
    Page: page(() => import('./pages/census/index.tsx'), 'CensusPage'),
  },
  {
    path: '/members',
    menu: 'members',
    label: 'consoleMembers.menu',
    icon: <IdcardOutlined />,
    access: 'canViewMembers',
    Page: page(() => import('./pages/members/index.tsx'), 'MembersPage'),
  },
  {
    path: '/campaigns',
    menu: 'campaigns',
    label: 'consoleCampaigns.menu',
    icon: <GiftOutlined />,
    access: 'canViewCampaigns',
    Page: page(() => import('./pages/campaigns/index.tsx'), 'CampaignsPage'),
  },
  {
    path: '/stations',
    menu: 'stations',
    label: 'consoleStations.menu',
    icon: <EnvironmentOutlined />,
    access: 'canViewStations',
    Page: page(() => import('./pages/stations/index.tsx'), 'StationsPage'),
  },
  {
    path: '/station-services',
    menu: 'stationServices',
    label: 'consoleStationServices.menu',
    icon: <CustomerServiceOutlined />,
    access: 'canViewStations',
    Page: page(() => import('./pages/station-services/index.tsx'), 'StationServicesPage'),
  },
  {
    path: '/station-inspections',
    menu: 'stationInspections',
    label: 'consoleStationInspections.menu',
    icon: <SafetyCertificateOutlined />,
    access: 'canViewStations',
    Page: page(() => import('./pages/stations/inspections/index.tsx'), 'StationInspectionsArea'),
  },
  {
    path: '/funds',
    menu: 'funds',
    label: 'consoleFunds.menu',
    icon: <AccountBookOutlined />,
    access: 'canViewFunds',
    Page: page(() => import('./pages/funds/index.tsx'), 'FundsPage'),
  },
  {
    path: '/hardship',
    menu: 'hardship',
    label: 'consoleHardship.menu',
    icon: <HeartOutlined />,
    access: 'canViewHardship',
    Page: page(() => import('./pages/hardship/index.tsx'), 'HardshipPage'),
  },
  {
    path: '/mutual-aid',
    menu: 'mutualAid',
    label: 'consoleMutualAid.menu',
    icon: <MedicineBoxOutlined />,
    access: 'canViewMutualAid',
    Page: page(() => import('./pages/mutual-aid/index.tsx'), 'MutualAidPage'),
  },
  {
    path: '/orgs',
    menu: 'orgs',
    label: 'console.menu.orgs',
    icon: <ApartmentOutlined />,
    access: 'canViewOrgs',
    Page: page(() => import('./pages/orgs/index.tsx'), 'OrgsPage'),
  },
  {
    path: '/staff',
    menu: 'staff',
    label: 'console.menu.staff',
    icon: <TeamOutlined />,
    access: 'canViewStaff',
    Page: page(() => import('./pages/staff/index.tsx'), 'StaffPage'),
  },
  {
    path: '/partners',
    menu: 'partners',
    label: 'console.menu.partners',
    icon: <ShopOutlined />,
    access: 'canViewPartners',
    Page: page(() => import('./pages/partners/index.tsx'), 'PartnersPage'),
  },
  {
    path: '/audit',
    menu: 'audit',
    label: 'console.menu.audit',
    icon: <AuditOutlined />,
    access: 'canViewAudit',
    Page: page(() => import('./pages/audit/index.tsx'), 'AuditPage'),
  },
  {
    path: '/jobs',
    menu: 'jobs',
    label: 'console.menu.jobs',
    icon: <ClockCircleOutlined />,
    access: 'canViewJobs',
    Page: page(() => import('./pages/jobs/index.tsx'), 'JobsPage'),
  },
];
