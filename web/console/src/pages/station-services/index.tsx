import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { CheckInPage } from './components/check-in-page.tsx';
import { DashboardTab } from './components/dashboard-tab.tsx';
import { EventsTab } from './components/events-tab.tsx';
import { OrdersTab } from './components/orders-tab.tsx';
import { ServicesTab } from './components/services-tab.tsx';
import './station-services.css';

const TABS = ['orders', 'services', 'events', 'dashboard'] as const;
type TabKey = (typeof TABS)[number];

/**
 * 驿站服务: the work queue of members' orders (the landing page), the unions' service catalogue
 * (/station-services/services), a station's service days and events (/station-services/events?station=),
 * the dashboard (/station-services/dashboard), and a station's printable check-in poster
 * (/station-services/check-in/:stationId), shown without the tabs so that it prints alone.
 */
export function StationServicesPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const first = location.pathname.replace(/^\/station-services\/?/, '').split('/')[0] ?? '';
  const active: TabKey = (TABS as readonly string[]).includes(first) ? (first as TabKey) : 'orders';

  return (
    <div className="gh-members">
      {first !== 'check-in' && (
        <Tabs
          className="gh-members-tabs"
          activeKey={active}
          onChange={(key) => void navigate(key === 'orders' ? '/station-services' : `/station-services/${key}`)}
          items={TABS.map((key) => ({
            key,
            label: <span data-testid={`station-services-tab-${key}`}>{t(`consoleStationServices.tabs.${key}`)}</span>,
          }))}
        />
      )}
      <Routes>
        <Route index element={<OrdersTab />} />
        <Route path="services" element={<ServicesTab />} />
        <Route path="events" element={<EventsTab />} />
        <Route path="dashboard" element={<DashboardTab />} />
        <Route path="check-in/:stationId" element={<CheckInPage />} />
        <Route path="*" element={<Navigate to="/station-services" replace />} />
      </Routes>
    </div>
  );
}
