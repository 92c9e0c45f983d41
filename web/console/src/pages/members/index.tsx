import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Badge, Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { membersApi, type ApplicationCounts } from './api.ts';
import { MembersContext } from './context.ts';
import { StatsOverview } from './components/stats-overview.tsx';
import { ApplicationsTab } from './components/applications-tab.tsx';
import { RollTab } from './components/roll-tab.tsx';
import { MemberPage } from './components/member-page.tsx';
import { TransfersTab } from './components/transfers-tab.tsx';
import { ImportsTab } from './components/imports-tab.tsx';
import { SettingsTab } from './components/settings-tab.tsx';

type TabKey = 'overview' | 'applications' | 'roll' | 'transfers' | 'imports' | 'settings';

/**
 * The members module: overview (the landing page), the review queue, the roll and each member's
 * page (/members/:memberId), transfers, roll imports and review settings, as tabs over sub-routes.
 */
export function MembersPage() {
  const { t } = useTranslation();
  const { access } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [counts, setCounts] = useState<ApplicationCounts | null>(null);

  const refreshCounts = useCallback(() => {
    membersApi
      .applications({ status: 'pending', limit: 1 })
      .then((page) => setCounts(page.counts))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    refreshCounts();
  }, [refreshCounts]);

  const context = useMemo(() => ({ counts, refreshCounts, publishCounts: setCounts }), [counts, refreshCounts]);

  const rest = location.pathname.replace(/^\/members\/?/, '');
  const first = rest.split('/')[0] ?? '';
  const known: TabKey[] = ['applications', 'roll', 'transfers', 'imports', 'settings'];
  // A member's own page (/members/:id) belongs to the roll tab.
  const active: TabKey = first === '' ? 'overview' : (known as string[]).includes(first) ? (first as TabKey) : 'roll';

  const waiting = (counts?.pending ?? 0) + (counts?.held_duplicate ?? 0);
  const tabs: { key: TabKey; label: React.ReactNode; show: boolean }[] = [
    { key: 'overview', label: t('consoleMembers.tabs.overview'), show: true },
    {
      key: 'applications',
      label: (
        <span className="gh-tab-with-badge">
          {t('consoleMembers.tabs.applications')}
          {waiting > 0 && <Badge count={waiting} size="small" overflowCount={999} data-testid="members-tab-pending-count" />}
        </span>
      ),
      show: true,
    },
    { key: 'roll', label: t('consoleMembers.tabs.roll'), show: true },
    { key: 'transfers', label: t('consoleMembers.tabs.transfers'), show: true },
    { key: 'imports', label: t('consoleMembers.tabs.imports'), show: access.canEditMembers },
    { key: 'settings', label: t('consoleMembers.tabs.settings'), show: access.canAdminMembers },
  ];

  return (
    <MembersContext.Provider value={context}>
      <div className="gh-members">
        <Tabs
          className="gh-members-tabs"
          activeKey={active}
          onChange={(key) => void navigate(key === 'overview' ? '/members' : `/members/${key}`)}
          items={tabs
            .filter((tab) => tab.show)
            .map((tab) => ({ key: tab.key, label: <span data-testid={`members-tab-${tab.key}`}>{tab.label}</span> }))}
        />
        <Routes>
          <Route index element={<StatsOverview />} />
          <Route path="applications" element={<ApplicationsTab />} />
          <Route path="roll" element={<RollTab />} />
          <Route path="transfers" element={<TransfersTab />} />
          <Route
            path="imports"
            element={access.canEditMembers ? <ImportsTab /> : <Result status="403" title={t('consoleMembers.imports.operatorOnly')} />}
          />
          <Route
            path="settings"
            element={access.canAdminMembers ? <SettingsTab /> : <Result status="403" title={t('consoleMembers.settings.adminOnly')} />}
          />
          <Route path=":memberId" element={<MemberPage />} />
          <Route path="*" element={<Navigate to="/members" replace />} />
        </Routes>
      </div>
    </MembersContext.Provider>
  );
}
