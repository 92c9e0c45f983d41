import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { FileList } from './components/file-list.tsx';
import { FileView } from './components/file-view.tsx';
import { RegisterForm } from './components/register-form.tsx';
import { SettingsTab } from './components/settings-tab.tsx';
import './hardship.css';

/**
 * 困难帮扶: the hardship files of the subtree (the landing page) and the threshold the unions classify
 * by (/hardship/settings) as tabs; a new file (/hardship/new) and one file with its process
 * (/hardship/:fileId) as pages of their own.
 */
export function HardshipPage() {
  const { t } = useTranslation();
  const { access } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const first = location.pathname.replace(/^\/hardship\/?/, '').split('/')[0] ?? '';
  const tab = first === '' ? 'files' : first === 'settings' ? 'settings' : null;
  const forbidden = <Result status="403" title={t('common.errors.forbidden')} />;

  return (
    <div className="gh-hardship">
      {tab && (
        <Tabs
          className="gh-hardship-tabs"
          activeKey={tab}
          onChange={(key) => void navigate(key === 'files' ? '/hardship' : '/hardship/settings')}
          items={(['files', 'settings'] as const).map((key) => ({
            key,
            label: <span data-testid={`hardship-tab-${key}`}>{t(`consoleHardship.tabs.${key}`)}</span>,
          }))}
        />
      )}
      <Routes>
        <Route index element={<FileList />} />
        <Route path="settings" element={<SettingsTab />} />
        <Route path="new" element={access.canEditHardship ? <RegisterForm /> : forbidden} />
        <Route path=":fileId" element={<FileView />} />
        <Route path="*" element={<Navigate to="/hardship" replace />} />
      </Routes>
    </div>
  );
}
