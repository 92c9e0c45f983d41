import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { Button, NavBar } from 'antd-mobile';
import { EnvironmentOutline, PhoneFill } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import type { NearbyStation } from './api.ts';
import { AmenityGlyph, NavigateGlyph } from './amenity-icon.tsx';
import { findSeenStation } from './cache.ts';
import { amapMarkerUrl, shanghaiWeekday } from './rules.ts';
import { OpenBadge } from './station-row.tsx';
import { amenityHoursNotes, distanceText, hoursLines, ridingText } from './station-text.ts';
import { StationEventsSection, StationLoadState, StationServicesSection } from '../station-services/station-sections.tsx';
import { useStationPage } from '../station-services/use-station-page.ts';
import './stations.css';

/** The station handed over by the list or the map, else the one kept from the last list (a reload). */
function useStation(id: string): NearbyStation | null {
  const state = useLocation().state as { station?: NearbyStation } | null;
  if (state?.station && state.station.id === id) return state.station;
  return findSeenStation(id);
}

/** A station's page: what it is, where, when it is open, what it has, and the way there. */
export function StationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { stationId = '' } = useParams();
  // Loaded by its id as well: a link from an SMS or a check-in hands nothing over; the services and days come from there.
  const handedOver = useStation(stationId);
  const { station, page, reload } = useStationPage(stationId, handedOver);
  // Back to the list as it was (its filters are in its address) when the rider came from it.
  const back = () => void (location.key !== 'default' ? navigate(-1) : navigate('/stations'));

  const nav = (
    <NavBar onBack={back} className="gh-nav">
      {t('memberStations.detail.title')}
    </NavBar>
  );
  if (!station && (page.state === 'loading' || page.state === 'error')) {
    return (
      <div className="gh-page gh-sub-page gh-st-page" data-testid="station-page" data-state={page.state}>
        {nav}
        <StationLoadState page={page} onRetry={reload} />
      </div>
    );
  }
  if (!station) {
    return (
      <div className="gh-page gh-sub-page gh-st-page" data-testid="station-page" data-state="missing">
        {nav}
        <section className="gh-st-state" data-testid="station-missing">
          <span className="gh-st-state-icon">
            <EnvironmentOutline />
          </span>
          <h2 className="gh-st-state-title">{t('memberStations.detail.notFound')}</h2>
          <p className="gh-st-state-text">{t('memberStations.detail.notFoundText')}</p>
          <Button block color="primary" size="large" shape="rounded" onClick={() => void navigate('/stations', { replace: true })}>
            {t('memberStations.detail.backToList')}
          </Button>
        </section>
      </div>
    );
  }

  const today = shanghaiWeekday(new Date());
  const lines = hoursLines(station.hours, today);
  const ownHours = amenityHoursNotes(station.amenityHours, station.amenities, today);

  return (
    <div className="gh-page gh-sub-page gh-st-page" data-testid="station-page" data-id={station.id}>
      {nav}
      <header className="gh-st-head">
        <h1 className="gh-st-head-name" data-testid="station-title">
          {station.name}
        </h1>
        <div className="gh-st-row-meta">
          <span className="gh-st-kind">{t(`memberStations.kind.${station.kind}`)}</span>
          <OpenBadge open={station.openNow} />
        </div>
        {station.distanceM !== null && station.ridingMinutes !== null && (
          <div className="gh-st-head-distance" data-testid="station-distance">
            {t('memberStations.detail.distanceValue', { distance: distanceText(station.distanceM), minutes: station.ridingMinutes })}
          </div>
        )}
        <div className="gh-st-head-actions">
          <a
            className="gh-st-action gh-st-action-primary"
            href={amapMarkerUrl(station.gcj02, station.name)}
            rel="noreferrer"
            data-testid="station-navigate"
          >
            <NavigateGlyph />
            {t('memberStations.detail.navigate')}
          </a>
          {station.phone && (
            <a className="gh-st-action" href={`tel:${station.phone.replace(/[^\d+]/g, '')}`} data-testid="station-call">
              <PhoneFill />
              {t('memberStations.detail.call')}
            </a>
          )}
        </div>
      </header>

      <section className="gh-section gh-st-facts">
        <dl>
          {station.host && (
            <div>
              <dt>{t('memberStations.detail.host')}</dt>
              <dd data-testid="station-host">{station.host}</dd>
            </div>
          )}
          <div>
            <dt>{t('memberStations.detail.address')}</dt>
            <dd data-testid="station-address">{station.address}</dd>
          </div>
          {station.areaM2 !== null && (
            <div>
              <dt>{t('memberStations.detail.area')}</dt>
              <dd data-testid="station-area">{t('memberStations.detail.areaValue', { n: station.areaM2 })}</dd>
            </div>
          )}
          {station.phone && (
            <div>
              <dt>{t('memberStations.detail.phone')}</dt>
              <dd>
                <a href={`tel:${station.phone.replace(/[^\d+]/g, '')}`} data-testid="station-phone">
                  {station.phone}
                </a>
              </dd>
            </div>
          )}
          {station.distanceM !== null && station.ridingMinutes !== null && (
            <div>
              <dt>{t('memberStations.detail.distance')}</dt>
              <dd>
                {distanceText(station.distanceM)} · {ridingText(station.ridingMinutes)}
              </dd>
            </div>
          )}
        </dl>
      </section>

      <section className="gh-section" data-testid="station-hours">
        <h3 className="gh-st-section-title">{t('memberStations.detail.hours')}</h3>
        <table className="gh-st-hours">
          <tbody>
            {lines.map((line) => (
              <tr key={line.days} className={line.today ? 'gh-st-hours-today' : ''} data-testid="station-hours-line">
                <th scope="row">{line.days}</th>
                <td>{line.hours}</td>
                <td className="gh-st-hours-mark">{line.today && lines.length > 1 ? t('memberStations.detail.today') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {ownHours.length > 0 && (
          <div className="gh-st-own-hours" data-testid="station-amenity-hours">
            <div className="gh-st-own-hours-title">{t('memberStations.detail.amenityHours')}</div>
            {ownHours.map(({ amenity, text }) => (
              <div key={amenity} className="gh-st-own-hours-line" data-amenity={amenity}>
                <AmenityGlyph amenity={amenity} />
                {t('memberStations.nearby.amenityHoursNote', { amenity: t(`memberStations.amenity.${amenity}`), hours: text })}
              </div>
            ))}
          </div>
        )}
      </section>

      <section className="gh-section" data-testid="station-amenities">
        <h3 className="gh-st-section-title">{t('memberStations.detail.amenities')}</h3>
        {station.amenities.length === 0 ? (
          <p className="gh-section-text">{t('memberStations.detail.noAmenities')}</p>
        ) : (
          <ul className="gh-st-amenity-grid">
            {station.amenities.map((amenity) => (
              <li key={amenity} data-amenity={amenity}>
                <AmenityGlyph amenity={amenity} size={22} />
                <span>{t(`memberStations.amenity.${amenity}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <StationServicesSection stationId={station.id} page={page} onRetry={reload} />
      <StationEventsSection stationId={station.id} page={page} onRetry={reload} />
    </div>
  );
}
