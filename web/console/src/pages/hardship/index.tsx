import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { FileList } from './components/file-list.tsx';
import { FileView } from './components/file-view.tsx';
import { RegisterForm } from './components/register-form.tsx';
import { SettingsTab } from './components/settings-tab.tsx';
import { AidTab } from './aid/aid-tab.tsx';
import { HelpTab } from './help/help-tab.tsx';
import { RankingTab } from './ranking/ranking-tab.tsx';
import './hardship.css';

const TABS = ['files', 'aid', 'help', 'ranking', 'settings'] as const;
type Tab = (typeof TABS)[number];

/**
 * 困难帮扶: the hardship files of the subtree (the landing page) and the threshold the unions classify
 * by (/hardship/settings) as tabs, with the aid items and batches
 * (/hardship/aid), the help work — contacts due, call-backs, needs (/hardship/help) — and the competition
 * ranking (/hardship/ranking); a new file (/hardship/new) and one file with its process
 * (/hardship/:fileId) as pages of their own.
 */
export function HardshipPage() {
  const { t } = useTranslation();
  const { access } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const first = location.pathname.replace(/^\/hardship\/?/, '').split('/')[0] ?? '';
  const tab = first === '' ? 'files' : TABS.includes(first as Tab) ? (first as Tab) : null;
  const forbidden = <Result status="403" title={t('common.errors.forbidden')} />;

  return (
    <div className="gh-hardship">
      {tab && (
        <Tabs
          className="gh-hardship-tabs"
          activeKey={tab}
          onChange={(key) => void navigate(key === 'files' ? '/hardship' : `/hardship/${key}`)}
          items={TABS.map((key) => ({
            key,
            label: <span data-testid={`hardship-tab-${key}`}>{t(`consoleHardship.tabs.${key}`)}</span>,
          }))}
        />
      )}
      <Routes>
        <Route index element={<FileList />} />
        <Route path="aid/*" element={<AidTab />} />
        <Route path="help/*" element={<HelpTab />} />
        <Route path="ranking/*" element={<RankingTab />} />
        <Route path="settings" element={<SettingsTab />} />
        <Route path="new" element={access.canEditHardship ? <RegisterForm /> : forbidden} />
        <Route path=":fileId" element={<FileView />} />
        <Route path="*" element={<Navigate to="/hardship" replace />} />
      </Routes>
    </div>
  );
}
