import { Navigate, Route, Routes } from 'react-router-dom';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { StationList } from './components/station-list.tsx';
import { StationForm } from './components/station-form.tsx';
import { StationImportPage } from './components/import-page.tsx';

/**
 * The stations module: the subtree's stations (the landing page), a new station (/stations/new), one
 * station with its status actions (/stations/:id; read-only without the operator role), and the import
 * of a station list (/stations/import).
 */
export function StationsPage() {
  const { t } = useTranslation();
  const { access } = useSession();
  const forbidden = <Result status="403" title={t('common.errors.forbidden')} />;
  return (
    <div>
      <Routes>
        <Route index element={<StationList />} />
        <Route path="new" element={access.canEditStations ? <StationForm /> : forbidden} />
        <Route path="import" element={access.canEditStations ? <StationImportPage /> : forbidden} />
        <Route path=":stationId" element={<StationForm />} />
        <Route path="*" element={<Navigate to="/stations" replace />} />
      </Routes>
    </div>
  );
}
