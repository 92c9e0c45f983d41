import { Navigate, Route, Routes } from 'react-router-dom';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../session.tsx';
import { InspectionOverview } from './components/overview.tsx';
import { StandardPage } from './components/standard-page.tsx';
import { NewInspectionPage, StationInspectionsPage } from './components/station-page.tsx';
import { inspectionAccess } from './rules.ts';
import './inspections.css';

/**
 * Station inspections (驿站检查): the subtree's stations with their standing (the landing page), the
 * union's uniform standard (/station-inspections/standard), one station's photos and visits
 * (/station-inspections/stations/:id) and a new visit (…/new; operators only).
 */
export function StationInspectionsArea() {
  const { t } = useTranslation();
  const { me } = useSession();
  const can = inspectionAccess(me.roles);
  const forbidden = <Result status="403" title={t('common.errors.forbidden')} />;
  return (
    <Routes>
      <Route index element={<InspectionOverview />} />
      <Route path="standard" element={<StandardPage />} />
      <Route path="stations/:stationId" element={<StationInspectionsPage />} />
      <Route path="stations/:stationId/new" element={can.canEdit ? <NewInspectionPage /> : forbidden} />
      <Route path="*" element={<Navigate to="/station-inspections" replace />} />
    </Routes>
  );
}
