import { useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Button, NavBar, TextArea } from 'antd-mobile';
import { CheckOutline, EnvironmentOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText, isApiError } from '../../../shared/api.ts';
import { stationServicesApi, type StationOrder, type StationPageData, type StationService } from './api.ts';
import { orderDays, shanghaiClock, slotIso } from './rules.ts';
import { CategoryTag, StationLoadState } from './station-sections.tsx';
import { dateText, dayShortText, slotText, timeText } from './text.ts';
import type { StationPageState } from './use-station-page.ts';
import './station-services.css';

const NOTE_MAX = 200;

/**
 * Ordering a service at a station (数字化点单): the service, a day of the coming week and a slot inside
 * the station's hours (only valid ones are offered), an optional note, then 确认预约 at the foot of the
 * screen under the thumb. The server's refusal, if any, is shown above the bar in its own words.
 */
export function StationOrderPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { stationId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const serviceId = search.get('service') ?? '';
  const [page, setPage] = useState<StationPageState>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [placed, setPlaced] = useState<StationOrder | null>(null);

  useEffect(() => {
    let current = true;
    setPage({ state: 'loading' });
    stationServicesApi.stationPage(stationId, { fresh: attempt > 0 }).then(
      (data) => current && setPage({ state: 'ready', data }),
      (error: unknown) => current && setPage({ state: isApiError(error) && error.status === 404 ? 'missing' : 'error' }),
    );
    return () => {
      current = false;
    };
  }, [stationId, attempt]);

  const back = () => void (location.key !== 'default' ? navigate(-1) : navigate(`/stations/${stationId}`));
  const nav = (
    <NavBar onBack={back} className="gh-nav">
      {t('memberStationServices.order.title')}
    </NavBar>
  );

  let body;
  if (placed) body = <OrderPlaced order={placed} />;
  else if (page.state === 'ready')
    body = (
      <OrderForm
        data={page.data}
        serviceId={serviceId}
        onChooseService={(id) => setSearch({ service: id }, { replace: true })}
        onPlaced={setPlaced}
        onStale={() => setAttempt((n) => n + 1)}
      />
    );
  else if (page.state === 'missing')
    body = (
      <section className="gh-ss-result" data-testid="order-station-missing">
        <span className="gh-ss-result-icon gh-ss-result-icon-warn">
          <EnvironmentOutline />
        </span>
        <p className="gh-ss-result-text">{t('memberStationServices.stationMissing')}</p>
        <Button color="primary" shape="rounded" onClick={() => void navigate('/stations', { replace: true })}>
          {t('memberStations.detail.backToList')}
        </Button>
      </section>
    );
  else body = <StationLoadState page={page} onRetry={() => setAttempt((n) => n + 1)} />;

  return (
    <div className="gh-page gh-sub-page gh-ss-page" data-testid="station-order-page" data-state={placed ? 'placed' : page.state}>
      {nav}
      {body}
    </div>
  );
}

function OrderForm({
  data,
  serviceId,
  onChooseService,
  onPlaced,
  onStale,
}: {
  data: StationPageData;
  serviceId: string;
  onChooseService: (id: string) => void;
  onPlaced: (order: StationOrder) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const { station, services } = data;
  const service: StationService | undefined = services.find((s) => s.id === serviceId);
  // "Now" moves on when the rider comes back to the page, and after a refusal (a slot that has just passed).
  const [now, setNow] = useState(() => new Date());
  const days = useMemo(() => (service ? orderDays(station.hours, service.durationMinutes, now) : []), [station.hours, service, now]);
  const [day, setDay] = useState<string | null>(null);
  const [slot, setSlot] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const onShow = () => {
      if (document.visibilityState === 'visible') setNow(new Date());
    };
    document.addEventListener('visibilitychange', onShow);
    return () => document.removeEventListener('visibilitychange', onShow);
  }, []);

  // The first day with a slot, until the rider picks one; a chosen slot that is no longer offered is dropped.
  const shownDay = days.find((d) => d.day === day && d.slots.length > 0) ?? days.find((d) => d.slots.length > 0) ?? days[0];
  const offered = new Set(shownDay?.slots.map((s) => s.toISOString()) ?? []);
  const chosen = slot && offered.has(slot) ? new Date(slot) : null;
  const today = shanghaiClock(now).day;

  const submit = async () => {
    if (!service || !chosen) return;
    setSending(true);
    setProblem(null);
    try {
      const order = await stationServicesApi.placeOrder(station.id, {
        serviceId: service.id,
        slotAt: slotIso(chosen),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      window.scrollTo(0, 0);
      onPlaced(order);
    } catch (error) {
      setProblem(errorText(error));
      if (isApiError(error)) {
        setNow(new Date());
        // The station's hours or its union's services changed since the page was loaded.
        if (error.code === 'stations.service_not_offered' || error.errors.some((e) => e.code === 'stations.order_station_closed'))
          onStale();
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <section className="gh-section gh-ss-what" data-testid="order-what">
        {service ? (
          <>
            <div className="gh-ss-what-service" data-testid="order-service">
              {service.name}
            </div>
            <div className="gh-ss-meta">
              <CategoryTag category={service.category} name={service.name} />
              <span>{t('memberStationServices.duration', { n: service.durationMinutes })}</span>
            </div>
            {service.description && <p className="gh-ss-desc">{service.description}</p>}
          </>
        ) : null}
        <div className="gh-ss-what-station" data-testid="order-station">
          {station.name} · {station.address}
        </div>
      </section>

      {!service && (
        <section className="gh-section" data-testid="order-choose-service">
          {serviceId && <p className="gh-ss-field-hint">{t('memberStationServices.order.serviceGone')}</p>}
          <h3 className="gh-ss-field-title">{t('memberStationServices.order.chooseService')}</h3>
          {services.length === 0 ? (
            <p className="gh-section-text">{t('memberStationServices.order.noServices')}</p>
          ) : (
            <div className="gh-ss-choices">
              {services.map((s) => (
                <button
                  key={s.id}
                  type="button"
                  className="gh-ss-choice"
                  onClick={() => onChooseService(s.id)}
                  data-testid="order-service-choice"
                >
                  <span>{s.name}</span>
                  <span className="gh-ss-meta">{t('memberStationServices.duration', { n: s.durationMinutes })}</span>
                </button>
              ))}
            </div>
          )}
        </section>
      )}

      {service && (
        <>
          <section className="gh-section" data-testid="order-days">
            <h3 className="gh-ss-field-title">{t('memberStationServices.order.day')}</h3>
            <div className="gh-ss-days" role="radiogroup" aria-label={t('memberStationServices.order.day')}>
              {days.map((d) => {
                const on = d === shownDay;
                return (
                  <button
                    key={d.day}
                    type="button"
                    role="radio"
                    aria-checked={on}
                    className={`gh-ss-day${on ? ' gh-ss-day-on' : ''}`}
                    disabled={d.slots.length === 0}
                    onClick={() => {
                      setDay(d.day);
                      setSlot(null);
                    }}
                    data-testid="order-day"
                    data-day={d.day}
                  >
                    <span className="gh-ss-day-name">{dayShortText(d.day, today)}</span>
                    <span className="gh-ss-day-date">{dateText(d.day)}</span>
                    {d.slots.length === 0 && (
                      <span className="gh-ss-day-note">
                        {d.opens ? t('memberStationServices.order.noSlotsLeft') : t('memberStationServices.order.closedDay')}
                      </span>
                    )}
                  </button>
                );
              })}
            </div>
          </section>

          <section className="gh-section" data-testid="order-slots">
            <h3 className="gh-ss-field-title">{t('memberStationServices.order.slot')}</h3>
            <p className="gh-ss-field-hint">
              {t('memberStationServices.order.slotsHint', {
                duration: t('memberStationServices.duration', { n: service.durationMinutes }),
              })}
            </p>
            {shownDay && shownDay.slots.length > 0 ? (
              <div className="gh-ss-slots" role="radiogroup" aria-label={t('memberStationServices.order.slot')}>
                {shownDay.slots.map((at) => {
                  const key = at.toISOString();
                  const on = chosen?.getTime() === at.getTime();
                  return (
                    <button
                      key={key}
                      type="button"
                      role="radio"
                      aria-checked={on}
                      className={`gh-ss-slot${on ? ' gh-ss-slot-on' : ''}`}
                      onClick={() => {
                        setSlot(key);
                        setProblem(null);
                      }}
                      data-testid="order-slot"
                      data-at={slotIso(at)}
                    >
                      {timeText(at)}
                    </button>
                  );
                })}
              </div>
            ) : (
              <p className="gh-ss-no-slots" data-testid="order-no-slots">
                {shownDay?.opens ? t('memberStationServices.order.noSlotsText') : t('memberStationServices.order.closedDayText')}
              </p>
            )}
          </section>

          <section className="gh-section">
            <h3 className="gh-ss-field-title">{t('memberStationServices.order.note')}</h3>
            <TextArea
              className="gh-ss-note"
              value={note}
              onChange={setNote}
              maxLength={NOTE_MAX}
              showCount
              autoSize={{ minRows: 2, maxRows: 5 }}
              placeholder={t('memberStationServices.order.notePlaceholder')}
              data-testid="order-note"
            />
          </section>
        </>
      )}

      {problem && (
        <div className="gh-ss-problem" role="alert" data-testid="order-problem">
          {problem}
        </div>
      )}

      {service && (
        <div className="gh-ss-bar">
          <div className={`gh-ss-bar-text${chosen ? '' : ' gh-ss-bar-text-empty'}`} data-testid="order-summary">
            {chosen ? slotText(chosen, now) : t('memberStationServices.order.pickSlot')}
          </div>
          <Button
            color="primary"
            shape="rounded"
            disabled={!chosen}
            loading={sending}
            loadingText={t('memberStationServices.order.confirming')}
            onClick={() => void submit()}
            data-testid="order-submit"
          >
            {t('memberStationServices.order.confirm')}
          </Button>
        </div>
      )}
    </>
  );
}

/** Done: what was ordered, and what happens next (the union's SMS). */
function OrderPlaced({ order }: { order: StationOrder }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <section className="gh-ss-result" data-testid="order-placed" data-id={order.id}>
      <span className="gh-ss-result-icon">
        <CheckOutline />
      </span>
      <h2 className="gh-ss-result-title">{t('memberStationServices.order.successTitle')}</h2>
      <p className="gh-ss-result-text">{t('memberStationServices.order.successText')}</p>
      <div className="gh-ss-result-facts">
        <strong>{order.service.name}</strong>
        <div data-testid="order-placed-slot">{slotText(order.slotAt, new Date())}</div>
        <div>{order.station.name}</div>
        <div className="gh-muted">{order.station.address}</div>
      </div>
      <p className="gh-ss-result-text gh-muted">{t('memberStationServices.order.successHint')}</p>
      <Button
        block
        color="primary"
        size="large"
        shape="rounded"
        onClick={() => void navigate('/station-orders')}
        data-testid="order-view-orders"
      >
        {t('memberStationServices.order.viewOrders')}
      </Button>
      <Button block size="large" shape="rounded" onClick={() => void navigate(`/stations/${order.station.id}`)}>
        {t('memberStationServices.order.backToStation')}
      </Button>
    </section>
  );
}
