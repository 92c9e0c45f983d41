import { Component, lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, NavBar, SpinLoading, Switch } from 'antd-mobile';
import { EnvironmentOutline, FilterOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { stationsApi, type MapSettings, type NearbyStation, type NearestList } from './api.ts';
import { AmenityGlyph, NavigateGlyph } from './amenity-icon.tsx';
import { rememberStations } from './cache.ts';
import { LocationProblem } from './location-problem.tsx';
import { useRiderLocation } from './location.ts';
import { OpenBadge, StationRow } from './station-row.tsx';
import { distanceText, ridingText } from './station-text.ts';
import { AMENITIES, amapMarkerUrl, circleMeters, readFilters, writeFilters, type Amenity, type StationFilters } from './rules.ts';
import './stations.css';

// Leaflet and the map's code load only when the rider opens the map: the list is what most open first.
const StationMap = lazy(() => import('./station-map.tsx').then((m) => ({ default: m.StationMap })));

const DEFAULT_CIRCLE_MINUTES = 5;
/**
 * The search answers the nearest ten however far they are; past 20 km (well over an hour's ride) a
 * station is no help to a rider looking for a rest, and a town's list would end in another city's.
 */
const NEAR_ENOUGH_M = 20_000;

type Result =
  | { state: 'idle' }
  | { state: 'loading'; previous: NearestList | null }
  | { state: 'error'; message: string }
  | { state: 'ready'; list: NearestList };

/** The map's code could not be fetched (a dropped connection): say so and let the rider try again, the list still works. */
class MapBoundary extends Component<{ fallback: (retry: () => void) => ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback(() => this.setState({ failed: false })) : this.props.children;
  }
}

/** 附近驿站: from the phone's position, the nearest stations as a list (first) or on a map, filtered by amenity and "open now". */
export function NearbyStationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search);
  const { location, relocate } = useRiderLocation();
  const [result, setResult] = useState<Result>({ state: 'idle' });
  const [settings, setSettings] = useState<MapSettings | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // Without the settings the page still works: a five-minute circle and no tiles.
    stationsApi.mapSettings().then(setSettings, () => undefined);
  }, []);

  const at = location.state === 'located' ? { lng: location.lng, lat: location.lat } : null;
  const amenityKey = filters.amenities.join(',');
  useEffect(() => {
    if (!at) return;
    const controller = new AbortController();
    setResult((previous) => ({ state: 'loading', previous: previous.state === 'ready' ? previous.list : null }));
    stationsApi
      .nearest({ at, amenities: amenityKey ? (amenityKey.split(',') as Amenity[]) : [], openNow: filters.openNow }, controller.signal)
      .then(
        (list) => {
          rememberStations(list.items);
          setResult({ state: 'ready', list });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setResult({ state: 'error', message: errorText(error) });
        },
      );
    return () => controller.abort();
    // `at` is read through its parts: a new object with the same position asks nothing new.
  }, [at?.lng, at?.lat, amenityKey, filters.openNow, attempt]);

  const update = (change: Partial<StationFilters>) => {
    setSelectedId(null);
    setSearch(writeFilters({ ...filters, ...change }), { replace: true });
  };
  const toggleAmenity = (amenity: Amenity) =>
    update({
      amenities: filters.amenities.includes(amenity) ? filters.amenities.filter((a) => a !== amenity) : [...filters.amenities, amenity],
    });

  const answer = result.state === 'ready' ? result.list : result.state === 'loading' ? result.previous : null;
  const list = useMemo(() => (answer ? { ...answer, items: answer.items.filter((s) => s.distanceM <= NEAR_ENOUGH_M) } : null), [answer]);
  const farLeftOut = answer ? answer.items.length - (list?.items.length ?? 0) : 0;
  const circleMinutes = settings?.ridingCircleMinutes ?? DEFAULT_CIRCLE_MINUTES;
  const circle = list ? circleMeters(circleMinutes, list.ridingSpeedKmh) : 0;
  const withinCount = list ? list.items.filter((s) => s.distanceM <= circle).length : 0;
  const filtered = filters.amenities.length > 0 || filters.openNow;
  const openStation = (station: NearbyStation) => void navigate(`/stations/${station.id}`, { state: { station } });
  const selected = useMemo(() => list?.items.find((s) => s.id === selectedId) ?? null, [list, selectedId]);

  let body: ReactNode;
  if (location.state === 'locating') {
    body = (
      <section className="gh-st-state" data-testid="stations-locating">
        <SpinLoading color="primary" style={{ '--size': '36px' }} />
        <h2 className="gh-st-state-title">{t('memberStations.nearby.locating')}</h2>
        <p className="gh-st-state-text">{t('memberStations.nearby.locatingHint')}</p>
      </section>
    );
  } else if (location.state === 'failed') {
    body = <LocationProblem reason={location.reason} onRetry={relocate} />;
  } else if (result.state === 'error') {
    body = (
      <section className="gh-st-state" data-testid="stations-error">
        <h2 className="gh-st-state-title">{t('memberStations.nearby.networkError')}</h2>
        <p className="gh-st-state-text">{result.message}</p>
        <Button block color="primary" size="large" shape="rounded" onClick={() => setAttempt((n) => n + 1)} data-testid="stations-retry">
          {t('common.retry')}
        </Button>
      </section>
    );
  } else if (!list) {
    body = (
      <section className="gh-st-state" data-testid="stations-loading">
        <SpinLoading color="primary" style={{ '--size': '36px' }} />
      </section>
    );
  } else if (list.items.length === 0) {
    body = (
      <section className="gh-st-state" data-testid="stations-empty" data-filtered={filtered} data-far={farLeftOut}>
        <span className="gh-st-state-icon">
          <EnvironmentOutline />
        </span>
        <h2 className="gh-st-state-title">{filtered ? t('memberStations.nearby.emptyFiltered') : t('memberStations.nearby.empty')}</h2>
        <p className="gh-st-state-text">{filtered ? t('memberStations.nearby.emptyFilteredText') : t('memberStations.nearby.emptyText')}</p>
        {filtered && (
          <Button
            block
            shape="rounded"
            size="large"
            onClick={() => update({ amenities: [], openNow: false })}
            data-testid="stations-clear-filters"
          >
            {t('memberStations.nearby.clearFilters')}
          </Button>
        )}
      </section>
    );
  } else if (filters.view === 'list') {
    body = (
      <>
        <p className={`gh-st-summary${withinCount === 0 ? ' gh-st-summary-none' : ''}`} data-testid="stations-summary">
          {withinCount > 0
            ? t('memberStations.nearby.inCircleMinutes', { minutes: circleMinutes, count: withinCount })
            : t('memberStations.nearby.noneInCircle', { minutes: circleMinutes })}
        </p>
        <div className={`gh-st-list${result.state === 'loading' ? ' gh-st-stale' : ''}`} data-testid="stations-list">
          {list.items.map((station, i) => (
            <StationRow
              key={station.id}
              station={station}
              index={i + 1}
              within={station.distanceM <= circle}
              circleMinutes={circleMinutes}
              highlighted={filters.amenities}
              onOpen={() => openStation(station)}
            />
          ))}
        </div>
        {farLeftOut > 0 && (
          <p className="gh-st-far-note" data-testid="stations-far-note">
            {t('memberStations.nearby.farNote', { count: farLeftOut, km: NEAR_ENOUGH_M / 1000 })}
          </p>
        )}
      </>
    );
  } else {
    const mapLoading = (
      <div className="gh-st-map-loading">
        <SpinLoading color="primary" style={{ '--size': '28px' }} />
        <span>{t('memberStations.map.loading')}</span>
      </div>
    );
    body = (
      <div className="gh-st-map-wrap" data-testid="stations-map-view">
        <MapBoundary
          fallback={(retry) => (
            <div className="gh-st-map-loading" data-testid="stations-map-failed">
              <span>{t('memberStations.map.failed')}</span>
              <Button size="small" shape="rounded" onClick={retry}>
                {t('common.retry')}
              </Button>
            </div>
          )}
        >
          <Suspense fallback={mapLoading}>
            <StationMap
              settings={settings}
              origin={list.origin}
              stations={list.items}
              circleMeters={circle}
              circleMinutes={circleMinutes}
              selectedId={selectedId}
              onSelect={setSelectedId}
            />
          </Suspense>
        </MapBoundary>
        {selected && (
          <div className="gh-st-map-card" data-testid="stations-map-card" data-id={selected.id}>
            <div className="gh-st-row-head">
              <span className="gh-st-name">{selected.name}</span>
              <span className="gh-st-distance">{distanceText(selected.distanceM)}</span>
            </div>
            <div className="gh-st-row-meta">
              <span className="gh-st-kind">{t(`memberStations.kind.${selected.kind}`)}</span>
              <OpenBadge open={selected.openNow} />
              <span className="gh-st-riding">{ridingText(selected.ridingMinutes)}</span>
            </div>
            <div className="gh-st-map-card-actions">
              <a
                className="gh-st-action"
                href={amapMarkerUrl(selected.gcj02, selected.name)}
                rel="noreferrer"
                data-testid="stations-map-card-navigate"
              >
                <NavigateGlyph />
                {t('memberStations.detail.navigate')}
              </a>
              <Button
                size="middle"
                color="primary"
                shape="rounded"
                onClick={() => openStation(selected)}
                data-testid="stations-map-card-open"
              >
                {t('memberStations.map.details')}
              </Button>
            </div>
          </div>
        )}
      </div>
    );
  }

  const located = location.state === 'located';
  return (
    <div
      className={`gh-page gh-sub-page gh-st-page${filters.view === 'map' && located ? ' gh-st-page-map' : ''}`}
      data-testid="stations-page"
    >
      <NavBar onBack={() => void navigate('/')} className="gh-nav">
        {t('memberStations.nearby.title')}
      </NavBar>
      {located && (
        <div className="gh-st-toolbar">
          <div className="gh-st-views" role="tablist">
            {(['list', 'map'] as const).map((view) => (
              <button
                key={view}
                type="button"
                role="tab"
                aria-selected={filters.view === view}
                className={`gh-st-view${filters.view === view ? ' gh-st-view-on' : ''}`}
                onClick={() => update({ view })}
                data-testid={`stations-view-${view}`}
              >
                {t(`memberStations.nearby.${view}`)}
              </button>
            ))}
          </div>
          <label className="gh-st-open-toggle">
            <span>{t('memberStations.nearby.openNow')}</span>
            <Switch checked={filters.openNow} onChange={(openNow) => update({ openNow })} data-testid="stations-open-now" />
          </label>
        </div>
      )}
      {located && (
        <div className="gh-st-chips" role="group" aria-label={t('memberStations.nearby.filterLabel')} data-testid="stations-amenities">
          <FilterOutline className="gh-st-chips-icon" aria-hidden="true" />
          {AMENITIES.map((amenity) => {
            const on = filters.amenities.includes(amenity);
            return (
              <button
                key={amenity}
                type="button"
                aria-pressed={on}
                className={`gh-st-chip${on ? ' gh-st-chip-on' : ''}`}
                onClick={() => toggleAmenity(amenity)}
                data-testid={`stations-amenity-${amenity}`}
              >
                <AmenityGlyph amenity={amenity} size={15} />
                {t(`memberStations.amenity.${amenity}`)}
              </button>
            );
          })}
        </div>
      )}
      {located && (
        <div className="gh-st-here">
          <span>
            {location.accuracy >= 1
              ? t('memberStations.nearby.here', { accuracy: location.accuracy })
              : t('memberStations.nearby.hereExact')}
          </span>
          <button type="button" className="gh-st-link" onClick={relocate} data-testid="stations-relocate">
            {t('memberStations.nearby.relocate')}
          </button>
          {result.state === 'loading' && <SpinLoading color="primary" style={{ '--size': '14px' }} />}
        </div>
      )}
      {body}
    </div>
  );
}
