import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, DotLoading, NavBar, Toast } from 'antd-mobile';
import { CalendarOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText, isApiError } from '../../../shared/api.ts';
import { LocationProblem } from '../stations/location-problem.tsx';
import { useRiderLocation } from '../stations/location.ts';
import { distanceText } from '../stations/station-text.ts';
import { stationServicesApi, type NearbyEventDay } from './api.ts';
import { shanghaiClock, signUpKey } from './rules.ts';
import { EventDayRow } from './station-sections.tsx';
import '../stations/stations.css';
import './station-services.css';

type EventsState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; items: NearbyEventDay[] };

/** 附近活动: the service days and events at stations within 5 km over the next two weeks, soonest first, with 报名. */
export function NearbyEventsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const routerLocation = useLocation();
  const { location, relocate } = useRiderLocation();
  const [events, setEvents] = useState<EventsState>({ state: 'loading' });
  const [mine, setMine] = useState<Set<string> | 'anonymous' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const now = new Date();
  const today = shanghaiClock(now).day;

  const at = location.state === 'located' ? { lng: location.lng, lat: location.lat } : null;
  const lng = at?.lng;
  const lat = at?.lat;
  useEffect(() => {
    if (lng === undefined || lat === undefined) return undefined;
    const abort = new AbortController();
    setEvents({ state: 'loading' });
    stationServicesApi.nearbyEvents({ lng, lat }, abort.signal).then(
      ({ items }) => setEvents({ state: 'ready', items }),
      (error: unknown) => {
        if (!abort.signal.aborted) setEvents({ state: 'error', message: errorText(error) });
      },
    );
    return () => abort.abort();
  }, [lng, lat]);

  useEffect(() => {
    let current = true;
    stationServicesApi.signUps().then(
      ({ items }) => current && setMine(new Set(items.map((s) => signUpKey(s.eventId, s.day)))),
      (error: unknown) => current && setMine(isApiError(error) && error.status === 401 ? 'anonymous' : null),
    );
    return () => {
      current = false;
    };
  }, []);

  const signIn = () => void navigate('/sign-in', { state: { from: routerLocation.pathname } });

  const toggle = async (item: NearbyEventDay, holding: boolean) => {
    if (mine === 'anonymous') {
      signIn();
      return;
    }
    const key = signUpKey(item.event.id, item.day);
    setBusy(key);
    try {
      let taken = item.taken;
      if (holding) {
        await stationServicesApi.cancelSignUp(item.event.id, item.day);
        taken = Math.max(0, taken - 1);
        setMine((m) => (m instanceof Set ? new Set([...m].filter((k) => k !== key)) : m));
        Toast.show({ content: t('memberStationServices.events.cancelledToast') });
      } else {
        taken = (await stationServicesApi.signUp(item.event.id, item.day)).taken;
        setMine((m) => new Set([...(m instanceof Set ? m : []), key]));
        Toast.show({ content: t('memberStationServices.events.signedUpToast'), icon: 'success' });
      }
      setEvents((e) =>
        e.state === 'ready'
          ? { state: 'ready', items: e.items.map((i) => (signUpKey(i.event.id, i.day) === key ? { ...i, taken } : i)) }
          : e,
      );
      stationServicesApi.forget(item.station.id);
    } catch (error) {
      if (isApiError(error) && error.status === 401) signIn();
      else Toast.show({ content: errorText(error), icon: 'fail', duration: 3000 });
    } finally {
      setBusy(null);
    }
  };

  let body;
  if (location.state === 'failed') body = <LocationProblem reason={location.reason} onRetry={relocate} />;
  else if (location.state === 'locating' || events.state === 'loading')
    body = (
      <div className="gh-ss-loading">
        <DotLoading color="primary" />
      </div>
    );
  else if (events.state === 'error')
    body = (
      <section className="gh-st-state" data-testid="nearby-events-error">
        <p className="gh-st-state-text">{t('memberStationServices.nearby.loadFailed')}</p>
        <Button color="primary" shape="rounded" onClick={relocate}>
          {t('memberStationServices.retry')}
        </Button>
      </section>
    );
  else if (events.items.length === 0)
    body = (
      <section className="gh-ss-empty" data-testid="nearby-events-empty">
        <span className="gh-ss-result-icon gh-ss-result-icon-info">
          <CalendarOutline />
        </span>
        <p className="gh-ss-result-text">{t('memberStationServices.nearby.empty')}</p>
      </section>
    );
  else
    body = (
      <section className="gh-section gh-ss-section" data-testid="nearby-events">
        <p className="gh-ss-hint">{t('memberStationServices.nearby.hint')}</p>
        <ul className="gh-ss-list">
          {events.items.map((item) => {
            const key = signUpKey(item.event.id, item.day);
            const holding = mine instanceof Set && mine.has(key);
            return (
              <EventDayRow
                key={key}
                item={item}
                today={today}
                holding={holding}
                busy={busy === key}
                now={now}
                onToggle={() => void toggle(item, holding)}
                station={
                  <div className="gh-ss-event-station">
                    <button type="button" className="gh-ss-text-link" onClick={() => void navigate(`/stations/${item.station.id}`)}>
                      {item.station.name}
                    </button>
                    <span className="gh-ss-event-distance">
                      {t('memberStationServices.nearby.distance', { distance: distanceText(item.station.distanceM) })}
                    </span>
                  </div>
                }
              />
            );
          })}
        </ul>
      </section>
    );

  return (
    <div className="gh-page gh-sub-page" data-testid="nearby-events-page">
      <NavBar onBack={() => void (routerLocation.key !== 'default' ? navigate(-1) : navigate('/'))} className="gh-nav">
        {t('memberStationServices.nearby.title')}
      </NavBar>
      {body}
    </div>
  );
}
