// The station page's 服务预约 and 服务日/活动 sections, and what the page shows while the station is
// loading by its id.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, Dialog, DotLoading, Toast } from 'antd-mobile';
import { CalendarOutline, RightOutline, TeamOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText, isApiError } from '../../../shared/api.ts';
import { stationServicesApi, type StationEventDay, type StationService } from './api.ts';
import { eventDayStanding, shanghaiClock, signUpKey } from './rules.ts';
import { dateText, dayShortText, dayText } from './text.ts';
import type { StationPageState } from './use-station-page.ts';
import './station-services.css';

/** While the page of a station that was not handed over loads, or when it could not. */
export function StationLoadState({ page, onRetry }: { page: StationPageState; onRetry: () => void }) {
  const { t } = useTranslation();
  if (page.state === 'error') {
    return (
      <section className="gh-st-state" data-testid="station-load-error">
        <p className="gh-st-state-text">{t('memberStationServices.loadFailed')}</p>
        <Button color="primary" shape="rounded" onClick={onRetry}>
          {t('memberStationServices.retry')}
        </Button>
      </section>
    );
  }
  return (
    <div className="gh-ss-loading" data-testid="station-loading">
      <DotLoading color="primary" />
    </div>
  );
}

/** What a section shows until the station's services and days are in. */
function SectionBody({ page, onRetry, children }: { page: StationPageState; onRetry: () => void; children: () => ReactNode }) {
  const { t } = useTranslation();
  if (page.state === 'loading') {
    return (
      <div className="gh-ss-section-loading">
        <DotLoading color="primary" />
      </div>
    );
  }
  if (page.state === 'error') {
    return (
      <div className="gh-ss-section-problem">
        <span>{t('memberStationServices.loadFailed')}</span>
        <Button size="small" shape="rounded" onClick={onRetry} data-testid="station-sections-retry">
          {t('memberStationServices.retry')}
        </Button>
      </div>
    );
  }
  if (page.state === 'missing') return <p className="gh-section-text">{t('memberStationServices.services.unavailable')}</p>;
  return <>{children()}</>;
}

/** The category as a tag, unless the service's name already says it (法律援助 is 法律援助). */
export function CategoryTag({ category, name }: { category: StationService['category']; name: string }) {
  const { t } = useTranslation();
  const text = t(`memberStationServices.category.${category}`);
  return text === name ? null : <span className="gh-ss-tag">{text}</span>;
}

/** 服务预约: what the station's union offers, each with 预约 (the order form signs the rider in first). */
export function StationServicesSection({ stationId, page, onRetry }: { stationId: string; page: StationPageState; onRetry: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const services: StationService[] = page.state === 'ready' ? page.data.services : [];
  return (
    <section className="gh-section gh-ss-section" data-testid="station-order">
      <div className="gh-ss-section-head">
        <h3 className="gh-st-section-title">
          <TeamOutline />
          {t('memberStationServices.services.title')}
        </h3>
        <button type="button" className="gh-ss-link" onClick={() => void navigate('/station-orders')} data-testid="station-my-orders">
          {t('memberStationServices.services.myOrders')}
          <RightOutline />
        </button>
      </div>
      <SectionBody page={page} onRetry={onRetry}>
        {() =>
          services.length === 0 ? (
            <p className="gh-section-text" data-testid="station-services-empty">
              {t('memberStationServices.services.empty')}
            </p>
          ) : (
            <>
              <p className="gh-ss-hint">{t('memberStationServices.services.hint')}</p>
              <ul className="gh-ss-list">
                {services.map((service) => (
                  <li key={service.id} className="gh-ss-service" data-testid="station-service" data-id={service.id}>
                    <div className="gh-ss-service-main">
                      <div className="gh-ss-service-name">
                        {service.name}
                        <CategoryTag category={service.category} name={service.name} />
                      </div>
                      <div className="gh-ss-service-sub">
                        {t('memberStationServices.duration', { n: service.durationMinutes })}
                        {service.description && ` · ${service.description}`}
                      </div>
                    </div>
                    <Button
                      color="primary"
                      shape="rounded"
                      className="gh-ss-action"
                      onClick={() => void navigate(`/stations/${stationId}/order?service=${service.id}`)}
                      data-testid="station-service-order"
                    >
                      {t('memberStationServices.services.order')}
                    </Button>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </SectionBody>
    </section>
  );
}

type SignUps = { state: 'unknown' } | { state: 'anonymous' } | { state: 'known'; keys: Set<string> };

/**
 * 服务日/活动: the coming two weeks' days with places left and 报名 / 已报名 (取消报名). A rider who is
 * not signed in is sent to sign in and brought back here.
 */
export function StationEventsSection({ stationId, page, onRetry }: { stationId: string; page: StationPageState; onRetry: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [signUps, setSignUps] = useState<SignUps>({ state: 'unknown' });
  const [taken, setTaken] = useState<Record<string, number>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const events: StationEventDay[] = useMemo(() => (page.state === 'ready' ? page.data.events : []), [page]);
  const now = new Date();
  const today = shanghaiClock(now).day;

  // Whose places these are: asked only when there is something to sign up for.
  const hasEvents = events.length > 0;
  useEffect(() => {
    if (!hasEvents) return undefined;
    let current = true;
    stationServicesApi.signUps().then(
      ({ items }) => current && setSignUps({ state: 'known', keys: new Set(items.map((s) => signUpKey(s.eventId, s.day))) }),
      (error: unknown) => current && setSignUps(isApiError(error) && error.status === 401 ? { state: 'anonymous' } : { state: 'unknown' }),
    );
    return () => {
      current = false;
    };
  }, [hasEvents]);

  const signIn = () => void navigate('/sign-in', { state: { from: `${location.pathname}${location.search}` } });

  const toggle = async (item: StationEventDay, holding: boolean) => {
    if (signUps.state === 'anonymous') {
      signIn();
      return;
    }
    const key = signUpKey(item.event.id, item.day);
    if (holding) {
      const confirmed = await Dialog.confirm({
        content: t('memberStationServices.events.cancelConfirm', { title: item.event.title, day: dayText(item.day, today) }),
        confirmText: t('memberStationServices.events.cancelSignUp'),
        cancelText: t('memberStationServices.events.keep'),
      });
      if (!confirmed) return;
    }
    setBusy(key);
    try {
      if (holding) {
        await stationServicesApi.cancelSignUp(item.event.id, item.day);
        setTaken((all) => ({ ...all, [key]: Math.max(0, (all[key] ?? item.taken) - 1) }));
        setSignUps((s) => (s.state === 'known' ? { state: 'known', keys: new Set([...s.keys].filter((k) => k !== key)) } : s));
        Toast.show({ content: t('memberStationServices.events.cancelledToast') });
      } else {
        const answer = await stationServicesApi.signUp(item.event.id, item.day);
        setTaken((all) => ({ ...all, [key]: answer.taken }));
        setSignUps((s) => ({ state: 'known', keys: new Set([...(s.state === 'known' ? s.keys : []), key]) }));
        Toast.show({ content: t('memberStationServices.events.signedUpToast'), icon: 'success' });
      }
      stationServicesApi.forget(stationId);
    } catch (error) {
      if (isApiError(error) && error.status === 401) signIn();
      else Toast.show({ content: errorText(error), icon: 'fail', duration: 3000 });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="gh-section gh-ss-section" data-testid="station-events">
      <div className="gh-ss-section-head">
        <h3 className="gh-st-section-title">
          <CalendarOutline />
          {t('memberStationServices.events.title')}
        </h3>
        <button type="button" className="gh-ss-link" onClick={() => void navigate('/station-events')} data-testid="station-nearby-events">
          {t('memberStationServices.nearby.title')}
          <RightOutline />
        </button>
      </div>
      <SectionBody page={page} onRetry={onRetry}>
        {() =>
          events.length === 0 ? (
            <p className="gh-section-text" data-testid="station-events-empty">
              {t('memberStationServices.events.empty')}
            </p>
          ) : (
            <ul className="gh-ss-list">
              {events.map((item) => {
                const key = signUpKey(item.event.id, item.day);
                const holding = signUps.state === 'known' && signUps.keys.has(key);
                const shown = { ...item, taken: taken[key] ?? item.taken };
                return (
                  <EventDayRow
                    key={key}
                    item={shown}
                    today={today}
                    holding={holding}
                    busy={busy === key}
                    now={now}
                    onToggle={() => void toggle(item, holding)}
                  />
                );
              })}
            </ul>
          )
        }
      </SectionBody>
    </section>
  );
}

/** One day of a service day or event: when, what, places left, and 报名 / 已报名. */
export function EventDayRow({
  item,
  today,
  holding,
  busy,
  now,
  onToggle,
  station,
}: {
  item: StationEventDay;
  today: string;
  holding: boolean;
  busy: boolean;
  now: Date;
  onToggle: () => void;
  /** Shown on the nearby list: where it is. */
  station?: ReactNode;
}) {
  const { t } = useTranslation();
  const standing = eventDayStanding(item, holding, now);
  const places =
    standing.kind === 'ended'
      ? t('memberStationServices.events.ended')
      : standing.kind === 'full'
        ? t('memberStationServices.events.full')
        : standing.left === null
          ? t('memberStationServices.events.unlimited')
          : t('memberStationServices.events.placesLeft', { n: standing.left });
  return (
    <li
      className="gh-ss-event"
      data-testid="station-event-day"
      data-event={item.event.id}
      data-day={item.day}
      data-signed-up={holding}
      data-standing={standing.kind}
    >
      <div className={`gh-ss-date${item.day === today ? ' gh-ss-date-today' : ''}`}>
        <span className="gh-ss-date-day">{dateText(item.day)}</span>
        <span className="gh-ss-date-week">{dayShortText(item.day, today)}</span>
      </div>
      <div className="gh-ss-event-main">
        <div className="gh-ss-event-title">
          <span className={`gh-ss-tag gh-ss-tag-${item.event.kind}`}>{t(`memberStationServices.eventKind.${item.event.kind}`)}</span>
          {item.event.title}
        </div>
        <div className="gh-ss-meta">
          <span>{t('memberStationServices.timeSpan', { starts: item.event.starts, ends: item.event.ends })}</span>
          <span className={standing.kind === 'open' ? 'gh-ss-places' : 'gh-ss-places-none'} data-testid="station-event-places">
            {places}
          </span>
        </div>
        {item.event.topics.length > 0 && (
          <div className="gh-ss-topics">
            {item.event.topics.map((topic) => (
              <span key={topic}>{topic}</span>
            ))}
          </div>
        )}
        {station}
      </div>
      <div className="gh-ss-event-action">
        {holding ? (
          <>
            <span className="gh-ss-held" data-testid="station-event-signed-up">
              {t('memberStationServices.events.signedUp')}
            </span>
            {standing.kind !== 'ended' && (
              <button type="button" className="gh-ss-text-button" disabled={busy} onClick={onToggle} data-testid="station-event-cancel">
                {t('memberStationServices.events.cancelSignUp')}
              </button>
            )}
          </>
        ) : (
          standing.kind === 'open' && (
            <Button color="primary" fill="outline" shape="rounded" loading={busy} onClick={onToggle} data-testid="station-event-sign-up">
              {t('memberStationServices.events.signUp')}
            </Button>
          )
        )}
      </div>
    </li>
  );
}
