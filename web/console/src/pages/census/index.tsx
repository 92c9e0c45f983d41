import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { CoverageDashboard } from './components/coverage-dashboard.tsx';
import { ListsTab } from './components/lists-tab.tsx';
import { OutreachTab } from './outreach/outreach-tab.tsx';
import { TargetsTab } from './targets/targets-tab.tsx';

type TabKey = 'dashboard' | 'lists' | 'outreach' | 'targets';

/**
 * The census module (底数摸排): the coverage dashboard (the landing page, /census?region=&trade=) and
 * the lists counted as the census with their upload (/census/lists?list=…), as tabs over sub-routes.
 */
export function CensusPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const first = location.pathname.replace(/^\/census\/?/, '').split('/')[0] ?? '';
  const active: TabKey = first === 'lists' || first === 'outreach' || first === 'targets' ? first : 'dashboard';

  return (
    <div className="gh-members">
      <Tabs
        className="gh-members-tabs"
        activeKey={active}
        onChange={(key) => void navigate(key === 'dashboard' ? '/census' : `/census/${key}`)}
        items={[
          ...(['dashboard', 'lists'] as const).map((key) => ({
            key,
            label: <span data-testid={`census-tab-${key}`}>{t(`consoleCensus.tabs.${key}`)}</span>,
          })),
          ...(['outreach', 'targets'] as const).map((key) => ({
            key,
            label: <span data-testid={`census-tab-${key}`}>{t(`consoleCensusOutreach.tabs.${key}`)}</span>,
          })),
        ]}
      />
      <Routes>
        <Route index element={<CoverageDashboard />} />
        <Route path="lists" element={<ListsTab />} />
        <Route path="outreach" element={<OutreachTab />} />
        <Route path="targets" element={<TargetsTab />} />
        <Route path="*" element={<Navigate to="/census" replace />} />
      </Routes>
    </div>
  );
}
