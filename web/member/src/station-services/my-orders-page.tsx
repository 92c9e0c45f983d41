import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, Dialog, DotLoading, NavBar, TextArea, Toast } from 'antd-mobile';
import { CalendarOutline, StarFill } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { PageError } from '../components/page-state.tsx';
import { stationServicesApi, type StationOrder } from './api.ts';
import { CategoryTag } from './station-sections.tsx';
import { canCancelOrder, canRateOrder, shanghaiClock, sortOrders } from './rules.ts';
import { dateText, slotText, timeText } from './text.ts';
import './station-services.css';

type OrdersState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; orders: StationOrder[] };

const COMMENT_MAX = 200;

/** 我的预约: each order's status and who serves it; cancel before it is done; rate it once when it is. */
export function MyStationOrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [list, setList] = useState<OrdersState>({ state: 'loading' });

  const load = useCallback(async () => {
    try {
      const { items } = await stationServicesApi.orders();
      setList({ state: 'ready', orders: items });
    } catch (error) {
      setList({ state: 'error', message: errorText(error) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const replace = (order: StationOrder) =>
    setList((l) => (l.state === 'ready' ? { state: 'ready', orders: l.orders.map((o) => (o.id === order.id ? order : o)) } : l));

  const back = () => void (location.key !== 'default' ? navigate(-1) : navigate('/'));

  let body;
  if (list.state === 'loading')
    body = (
      <div className="gh-ss-loading">
        <DotLoading color="primary" />
      </div>
    );
  else if (list.state === 'error') body = <PageError message={list.message} onRetry={() => void load()} />;
  else if (list.orders.length === 0)
    body = (
      <section className="gh-ss-empty" data-testid="orders-empty">
        <span className="gh-ss-result-icon gh-ss-result-icon-info">
          <CalendarOutline />
        </span>
        <h2 className="gh-ss-result-title">{t('memberStationServices.orders.empty')}</h2>
        <p className="gh-ss-result-text">{t('memberStationServices.orders.emptyText')}</p>
        <Button color="primary" shape="rounded" onClick={() => void navigate('/stations')}>
          {t('memberStationServices.orders.findStations')}
        </Button>
      </section>
    );
  else
    body = (
      <div className="gh-ss-orders" data-testid="orders-list">
        {sortOrders(list.orders).map((order) => (
          <OrderCard key={order.id} order={order} onChanged={replace} />
        ))}
      </div>
    );

  return (
    <div className="gh-page gh-sub-page" data-testid="my-orders-page">
      <NavBar onBack={back} className="gh-nav">
        {t('memberStationServices.orders.title')}
      </NavBar>
      {body}
    </div>
  );
}

function OrderCard({ order, onChanged }: { order: StationOrder; onChanged: (order: StationOrder) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [cancelling, setCancelling] = useState(false);
  const now = new Date();

  const cancel = async () => {
    const confirmed = await Dialog.confirm({
      content: t('memberStationServices.orders.cancelConfirm', {
        time: slotText(order.slotAt, now),
        station: order.station.name,
        service: order.service.name,
      }),
      confirmText: t('memberStationServices.orders.cancel'),
      cancelText: t('memberStationServices.orders.keep'),
    });
    if (!confirmed) return;
    setCancelling(true);
    try {
      onChanged(await stationServicesApi.cancelOrder(order.id));
      Toast.show({ content: t('memberStationServices.orders.cancelled') });
    } catch (error) {
      Toast.show({ content: errorText(error), icon: 'fail', duration: 3000 });
    } finally {
      setCancelling(false);
    }
  };

  let progress: string | null = null;
  if (order.status === 'ordered') progress = t('memberStationServices.orders.waiting');
  else if (order.status === 'accepted' && order.assigneeName)
    progress = t('memberStationServices.orders.accepted', { name: order.assigneeName });
  else if (order.status === 'cancelled')
    progress =
      order.cancelledBy === 'staff'
        ? t('memberStationServices.orders.cancelledByStaff', { reason: order.cancelReason ?? '' })
        : t('memberStationServices.orders.cancelledByMember');
  else if (order.status === 'done' && order.doneAt) {
    const done = new Date(order.doneAt);
    progress = t('memberStationServices.orders.doneAt', { time: `${dateText(shanghaiClock(done).day)} ${timeText(done)}` });
  }

  return (
    <article className="gh-ss-order" data-testid="order-card" data-id={order.id} data-status={order.status}>
      <div className="gh-ss-order-head">
        <div>
          <div className="gh-ss-order-service">{order.service.name}</div>
          <div className="gh-ss-meta">
            <CategoryTag category={order.service.category} name={order.service.name} />
            <span>{t('memberStationServices.duration', { n: order.service.durationMinutes })}</span>
          </div>
        </div>
        <span className={`gh-ss-status gh-ss-status-${order.status}`} data-testid="order-status">
          {t(`memberStationServices.orderStatus.${order.status}`)}
        </span>
      </div>
      <dl>
        <div>
          <dt>{t('memberStationServices.orders.slot')}</dt>
          <dd data-testid="order-slot-text">{slotText(order.slotAt, now)}</dd>
        </div>
        <div>
          <dt>{t('memberStationServices.orders.station')}</dt>
          <dd>
            <button type="button" className="gh-ss-text-link" onClick={() => void navigate(`/stations/${order.station.id}`)}>
              {order.station.name}
            </button>
            <div className="gh-muted">{order.station.address}</div>
          </dd>
        </div>
        {order.assigneeName && (
          <div>
            <dt>{t('memberStationServices.orders.assignee')}</dt>
            <dd data-testid="order-assignee">{order.assigneeName}</dd>
          </div>
        )}
        {order.note && (
          <div>
            <dt>{t('memberStationServices.orders.note')}</dt>
            <dd>{order.note}</dd>
          </div>
        )}
      </dl>
      {progress && <p className="gh-ss-order-note">{progress}</p>}
      {canCancelOrder(order) && (
        <div className="gh-ss-order-actions">
          <Button shape="rounded" loading={cancelling} onClick={() => void cancel()} data-testid="order-cancel">
            {t('memberStationServices.orders.cancel')}
          </Button>
        </div>
      )}
      {canRateOrder(order) && <RateForm order={order} onRated={onChanged} />}
      {order.rating !== null && (
        <div className="gh-ss-rate" data-testid="order-rated" data-stars={order.rating}>
          <div className="gh-ss-rate-title">
            {t('memberStationServices.orders.yourRating')} <Stars n={order.rating} />
          </div>
          {order.ratingComment && <div className="gh-ss-rated-comment">{order.ratingComment}</div>}
        </div>
      )}
    </article>
  );
}

/** Five stars shown. */
function Stars({ n }: { n: number }) {
  const { t } = useTranslation();
  return (
    <span className="gh-ss-stars-shown" role="img" aria-label={t('memberStationServices.orders.star', { n })}>
      {[1, 2, 3, 4, 5].map((i) => (
        <StarFill key={i} className={i <= n ? '' : 'gh-ss-star-off'} />
      ))}
    </span>
  );
}

/** 1–5 stars, each a 48 px target, and an optional comment. */
function RateForm({ order, onRated }: { order: StationOrder; onRated: (order: StationOrder) => void }) {
  const { t } = useTranslation();
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);

  const submit = async () => {
    if (stars === 0) {
      Toast.show({ content: t('memberStationServices.orders.rateNeedStars') });
      return;
    }
    setSending(true);
    try {
      const rated = await stationServicesApi.rateOrder(order.id, { stars, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      onRated(rated);
      Toast.show({ content: t('memberStationServices.orders.rated'), icon: 'success' });
    } catch (error) {
      Toast.show({ content: errorText(error), icon: 'fail', duration: 3000 });
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="gh-ss-rate" data-testid="order-rate">
      <div className="gh-ss-rate-title">{t('memberStationServices.orders.rateTitle')}</div>
      <div className="gh-ss-stars" role="radiogroup" aria-label={t('memberStationServices.orders.starsLabel')}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={stars === n}
            aria-label={t('memberStationServices.orders.star', { n })}
            className={`gh-ss-star${n <= stars ? ' gh-ss-star-on' : ''}`}
            onClick={() => setStars(n)}
            data-testid={`order-star-${n}`}
          >
            <StarFill fontSize={34} />
          </button>
        ))}
      </div>
      <TextArea
        className="gh-ss-note"
        value={comment}
        onChange={setComment}
        maxLength={COMMENT_MAX}
        autoSize={{ minRows: 2, maxRows: 4 }}
        placeholder={t('memberStationServices.orders.rateComment')}
        data-testid="order-rate-comment"
      />
      <Button block color="primary" shape="rounded" loading={sending} onClick={() => void submit()} data-testid="order-rate-submit">
        {t('memberStationServices.orders.rateSubmit')}
      </Button>
    </div>
  );
}
