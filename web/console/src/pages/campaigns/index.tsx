import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { CampaignList } from './components/campaign-list.tsx';
import { CampaignForm } from './components/campaign-form.tsx';
import { CampaignDetail } from './components/campaign-detail.tsx';
import { SettlementsTab } from './components/settlements-tab.tsx';
import { FlagsTab } from './components/flags-tab.tsx';

type TabKey = 'list' | 'settlements' | 'flags';

/**
 * The campaigns module: the list (the landing page) with each campaign's page (/campaigns/:id, its
 * 统计 at /campaigns/:id/stats), the draft form (/campaigns/new, /campaigns/:id/edit), the merchants'
 * settlement and the accounts flagged for scripted claiming, as tabs over sub-routes.
 */
export function CampaignsPage() {
  const { t } = useTranslation();
  const { access } = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  const first = location.pathname.replace(/^\/campaigns\/?/, '').split('/')[0] ?? '';
  const active: TabKey = first === 'settlements' ? 'settlements' : first === 'flags' ? 'flags' : 'list';
  const tabs: { key: TabKey; show: boolean }[] = [
    { key: 'list', show: true },
    { key: 'settlements', show: true },
    { key: 'flags', show: access.canReviewCampaigns },
  ];

  return (
    <div className="gh-members">
      <Tabs
        className="gh-members-tabs"
        activeKey={active}
        onChange={(key) => void navigate(key === 'list' ? '/campaigns' : `/campaigns/${key}`)}
        items={tabs
          .filter((tab) => tab.show)
          .map((tab) => ({
            key: tab.key,
            label: <span data-testid={`campaigns-tab-${tab.key}`}>{t(`consoleCampaigns.tabs.${tab.key}`)}</span>,
          }))}
      />
      <Routes>
        <Route index element={<CampaignList />} />
        <Route
          path="new"
          element={access.canEditCampaigns ? <CampaignForm /> : <Result status="403" title={t('common.errors.forbidden')} />}
        />
        <Route path="settlements" element={<SettlementsTab />} />
        <Route
          path="flags"
          element={access.canReviewCampaigns ? <FlagsTab /> : <Result status="403" title={t('common.errors.forbidden')} />}
        />
        <Route
          path=":campaignId/edit"
          element={access.canEditCampaigns ? <CampaignForm /> : <Result status="403" title={t('common.errors.forbidden')} />}
        />
        <Route path=":campaignId/stats" element={<CampaignDetail tab="stats" />} />
        <Route path=":campaignId" element={<CampaignDetail tab="info" />} />
        <Route path="*" element={<Navigate to="/campaigns" replace />} />
      </Routes>
    </div>
  );
}
