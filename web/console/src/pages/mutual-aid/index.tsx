import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { BatchesTab } from './batches/batches-tab.tsx';
import { ClaimList } from './claims/claim-list.tsx';
import { ClaimView } from './claims/claim-view.tsx';
import { DashboardTab } from './dashboard/dashboard-tab.tsx';
import { GroupsTab } from './groups/groups-tab.tsx';
import { PlanForm } from './plans/plan-form.tsx';
import { PlansTab } from './plans/plans-tab.tsx';
import { ReconciliationsTab } from './reconciliations/reconciliations-tab.tsx';
import './mutual-aid.css';

const TABS = ['plans', 'claims', 'batches', 'groups', 'reconciliations', 'dashboard'] as const;
type Tab = (typeof TABS)[number];

/**
 * 互助保障: the plans (/mutual-aid/plans, with 举办计划 at /plans/new), the claims to review
 * (/mutual-aid/claims, one claim at /claims/:claimId), the payment batches of a plan, group enrolment from
 * a list, the hospitals' daily reconciliation and the fund dashboard, as tabs. The plan chosen in one
 * tab stays chosen in the others (?plan=).
 */
export function MutualAidPage() {
  const { t } = useTranslation();
  const { access } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const first = location.pathname.replace(/^\/mutual-aid\/?/, '').split('/')[0] ?? '';
  const tab = TABS.includes(first as Tab) ? (first as Tab) : null;
  const plan = new URLSearchParams(location.search).get('plan');
  const forbidden = <Result status="403" title={t('common.errors.forbidden')} />;

  return (
    <div className="gh-ma">
      {tab && (
        <Tabs
          className="gh-ma-tabs"
          activeKey={tab}
          onChange={(key) => void navigate(`/mutual-aid/${key}${plan ? `?plan=${encodeURIComponent(plan)}` : ''}`)}
          items={TABS.map((key) => ({
            key,
            label: <span data-testid={`mutual-aid-tab-${key}`}>{t(`consoleMutualAid.tabs.${key}`)}</span>,
          }))}
        />
      )}
      <Routes>
        <Route index element={<Navigate to="plans" replace />} />
        <Route path="plans" element={<PlansTab />} />
        <Route path="plans/new" element={access.canAdminMutualAid ? <PlanForm /> : forbidden} />
        <Route path="claims" element={<ClaimList />} />
        <Route path="claims/:claimId" element={<ClaimView />} />
        <Route path="batches" element={<BatchesTab />} />
        <Route path="groups" element={access.canEditMutualAid ? <GroupsTab /> : forbidden} />
        <Route path="reconciliations" element={<ReconciliationsTab />} />
        <Route path="dashboard" element={<DashboardTab />} />
        <Route path="*" element={<Navigate to="/mutual-aid/plans" replace />} />
      </Routes>
    </div>
  );
}
