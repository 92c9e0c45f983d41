import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Result, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, FileDoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../../../shared/format.ts';
import { problemText } from '../../../../components/problem-text.ts';
import { useSession } from '../../../../session.tsx';
import { PhotoGallery } from '../../photos/photo-gallery.tsx';
import { inspectionsApi, type InspectedStation, type Inspection, type StationStandard } from '../api.ts';
import { inspectionAccess } from '../rules.ts';
import { InspectionConclusionTag } from './conclusion-tag.tsx';
import { InspectionForm } from './inspection-form.tsx';
import { InspectionHistory } from './inspection-history.tsx';

/** Today's Asia/Shanghai day, as the server counts days. */
export const shanghaiToday = (): string => formatDate(new Date());

function useStation(stationId: string | undefined) {
  const [station, setStation] = useState<InspectedStation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!stationId) return;
    setStation(null);
    setProblem(null);
    inspectionsApi
      .station(stationId)
      .then(setStation)
      .catch((error: unknown) => setProblem(problemText(error)));
  }, [stationId]);
  return { station, problem };
}

/** One station as its inspections see it: its photos, its standing, its visits (the latest first). */
export function StationInspectionsPage() {
  const { stationId } = useParams();
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const can = inspectionAccess(me.roles);
  const { station, problem } = useStation(stationId);
  const [items, setItems] = useState<Inspection[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const today = shanghaiToday();

  const load = useCallback(
    async (after: string | undefined) => {
      if (!stationId) return;
      setLoading(true);
      try {
        const page = await inspectionsApi.list(stationId, after);
        setItems((list) => (after ? [...list, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } finally {
        setLoading(false);
      }
    },
    [stationId],
  );

  useEffect(() => {
    void load(undefined).catch(() => undefined);
  }, [load]);

  if (problem) return <Result status="warning" title={problem} />;
  if (!station) return <Spin />;
  const latest = items[0] ?? null;
  const overdue = latest !== null && latest.conclusion === 'rectify' && latest.rectifyBy !== null && latest.rectifyBy < today;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 1200 }} data-testid="station-inspections">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="center" wrap>
        <Space size={12} align="center" wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/station-inspections')}>
            {t('consoleStationInspections.station.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {station.name}
          </Typography.Title>
          <Tag>{t(`consoleStations.kind.${station.kind}`)}</Tag>
          <InspectionConclusionTag last={latest ? { ...latest, overdue } : null} />
          {latest && (
            <Typography.Text type="secondary">{t('consoleStationInspections.overview.lastOn', { day: latest.visitedOn })}</Typography.Text>
          )}
        </Space>
        <Space>
          <Button icon={<EditOutlined />} onClick={() => void navigate(`/stations/${station.id}`)}>
            {t('consoleStationInspections.station.editStation')}
          </Button>
          {can.canEdit && station.status !== 'closed' && (
            <Button
              type="primary"
              icon={<FileDoneOutlined />}
              onClick={() => void navigate(`/station-inspections/stations/${station.id}/new`)}
              data-testid="inspection-new"
            >
              {t('consoleStationInspections.station.record')}
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Text type="secondary">
        {station.address}
        {station.host ? ` · ${station.host}` : ''}
      </Typography.Text>
      <Card size="small" title={t('consoleStationInspections.station.photos')}>
        <PhotoGallery stationId={station.id} canEdit={can.canEdit && station.status !== 'closed'} />
      </Card>
      <Card size="small" title={t('consoleStationInspections.station.history')}>
        <InspectionHistory
          items={items}
          loading={loading}
          hasMore={cursor !== null}
          onLoadMore={() => void load(cursor ?? undefined)}
          canEdit={can.canEdit}
          today={today}
          onChanged={(changed) => setItems((list) => list.map((i) => (i.id === changed.id ? changed : i)))}
        />
      </Card>
    </Space>
  );
}

/** The form for a new visit, against the standard that holds for the station's union today. */
export function NewInspectionPage() {
  const { stationId } = useParams();
  const navigate = useNavigate();
  const { station, problem } = useStation(stationId);
  const [standard, setStandard] = useState<StationStandard | null>(null);
  const [standardProblem, setStandardProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!station) return;
    inspectionsApi
      .standard(station.orgId)
      .then(setStandard)
      .catch((error: unknown) => setStandardProblem(problemText(error)));
  }, [station]);

  if (problem ?? standardProblem) return <Result status="warning" title={problem ?? standardProblem} />;
  if (!station || !standard) return <Spin />;
  return (
    <InspectionForm
      station={station}
      standard={standard}
      today={shanghaiToday()}
      onSaved={() => void navigate(`/station-inspections/stations/${station.id}`)}
    />
  );
}
