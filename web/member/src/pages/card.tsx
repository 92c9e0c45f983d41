import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, ErrorBlock, List, NavBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { ApiError, errorText } from '../../../shared/api.ts';
import { formatDate, formatDateTime } from '../../../shared/format.ts';
import { membershipApi, type MemberCard } from '../membership/api.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { useCountdown } from '../use-countdown.ts';

type CardState =
  | { state: 'loading' }
  | { state: 'ready'; card: MemberCard; qr: string; refreshAt: number; expiresAt: number }
  | { state: 'not-member' }
  | { state: 'inactive'; message: string }
  | { state: 'error'; message: string };

const RING = 2 * Math.PI * 15;

/** 14 characters in groups, for the eye only (the text stays one unbroken number): 33 0000 0000 0427. */
function groups(memberNo: string): string[] {
  return [memberNo.slice(0, 2), memberNo.slice(2, 6), memberNo.slice(6, 10), memberNo.slice(10)].filter(Boolean);
}

/**
 * 电子会员卡: the member's number, union and a QR code of a short-lived signed token, renewed every
 * `refreshSeconds` and whenever the page comes back into view, so a screenshot is soon worthless.
 */
export function CardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [card, setCard] = useState<CardState>({ state: 'loading' });
  const [refreshProblem, setRefreshProblem] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const inFlight = useRef(false);

  const load = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setRefreshing(true);
    try {
      const next = await membershipApi.card();
      const qr = await QRCode.toDataURL(next.token, {
        errorCorrectionLevel: 'M',
        margin: 1,
        width: 480,
        color: { dark: '#1f1f1f', light: '#ffffff' },
      });
      setCard({
        state: 'ready',
        card: next,
        qr,
        refreshAt: Date.now() + Math.max(10, next.refreshSeconds) * 1000,
        expiresAt: new Date(next.expiresAt).getTime(),
      });
      setRefreshProblem(null);
    } catch (error) {
      setCard((previous) => {
        if (error instanceof ApiError && (error.code === 'members.not_a_member' || error.status === 404)) return { state: 'not-member' };
        if (error instanceof ApiError && error.code === 'members.member_inactive') return { state: 'inactive', message: error.title };
        // A failed renewal keeps the code on screen (still valid until it expires) and says so.
        if (previous.state === 'ready') return previous;
        return { state: 'error', message: errorText(error) };
      });
      setRefreshProblem(errorText(error));
    } finally {
      inFlight.current = false;
      setRefreshing(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Renew on schedule; a hidden page renews when it is shown again instead.
  const refreshAt = card.state === 'ready' ? card.refreshAt : null;
  useEffect(() => {
    if (refreshAt === null) return undefined;
    const timer = window.setTimeout(
      () => {
        if (document.visibilityState === 'visible') void load();
      },
      Math.max(0, refreshAt - Date.now()),
    );
    return () => window.clearTimeout(timer);
  }, [refreshAt, load]);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [load]);

  const secondsLeft = useCountdown(refreshAt);
  const expiresIn = useCountdown(card.state === 'ready' ? card.expiresAt : null);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  let body;
  if (card.state === 'loading') body = <PageLoading />;
  else if (card.state === 'error') body = <PageError message={card.message} onRetry={() => void load()} />;
  else if (card.state === 'not-member') {
    body = (
      <div className="gh-center-block" data-testid="card-not-member">
        <ErrorBlock status="empty" title={t('memberMembership.card.notMember')} description={t('memberMembership.card.notMemberText')}>
          <Button
            color="primary"
            shape="rounded"
            size="large"
            onClick={() => void navigate('/membership')}
            data-testid="card-go-membership"
          >
            {t('memberMembership.card.goMembership')}
          </Button>
        </ErrorBlock>
      </div>
    );
  } else if (card.state === 'inactive') {
    body = (
      <div className="gh-center-block" data-testid="card-inactive">
        <ErrorBlock status="default" title={card.message} description={t('memberMembership.card.inactiveText')}>
          <Button shape="rounded" onClick={() => void navigate('/membership')} data-testid="card-go-membership">
            {t('memberMembership.card.goMembership')}
          </Button>
        </ErrorBlock>
      </div>
    );
  } else {
    const { card: c, qr } = card;
    const total = Math.max(10, c.refreshSeconds);
    const expired = expiresIn === 0;
    body = (
      <>
        <section className="gh-member-card" data-testid="card-face">
          <div className="gh-mc-top">
            <span className="gh-mc-brand">{t('memberMembership.card.brand')}</span>
            <span className="gh-mc-status" data-testid="card-status" data-status={c.status}>
              {t(`memberMembership.memberStatus.${c.status}`)}
            </span>
          </div>
          <div className="gh-mc-label">{t('memberMembership.card.memberNo')}</div>
          <div className="gh-mc-no" data-testid="card-member-no" aria-label={c.memberNo}>
            {groups(c.memberNo).map((part, i) => (
              <span key={i}>{part}</span>
            ))}
          </div>
          <div className="gh-mc-row">
            <div>
              <div className="gh-mc-label">{t('memberMembership.card.name')}</div>
              <div className="gh-mc-value" data-testid="card-name">
                {c.nameMasked ?? t('common.none')}
              </div>
            </div>
            <div>
              <div className="gh-mc-label">{t('memberMembership.card.joinedAt')}</div>
              <div className="gh-mc-value" data-testid="card-joined">
                {formatDate(c.joinedAt)}
              </div>
            </div>
          </div>
          <div className="gh-mc-union" data-testid="card-union">
            {c.orgName}
          </div>
          <div className="gh-mc-shine" aria-hidden />
        </section>

        <section className="gh-qr-panel">
          <button
            type="button"
            className="gh-qr-wrap"
            onClick={() => void load()}
            aria-label={t('memberMembership.card.refreshNow')}
            data-testid="card-qr-refresh"
          >
            <img
              src={qr}
              alt={t('memberMembership.card.qrAlt')}
              width={220}
              height={220}
              data-testid="card-qr"
              className={expired ? 'gh-qr-expired' : ''}
            />
            {expired && <span className="gh-qr-overlay">{t('memberMembership.card.expired')}</span>}
          </button>
          <div className="gh-qr-countdown">
            <svg width="36" height="36" viewBox="0 0 36 36" aria-hidden data-testid="card-countdown-ring">
              <circle cx="18" cy="18" r="15" fill="none" stroke="#f0f0f0" strokeWidth="3" />
              <circle
                cx="18"
                cy="18"
                r="15"
                fill="none"
                stroke="#c8102e"
                strokeWidth="3"
                strokeLinecap="round"
                strokeDasharray={RING}
                strokeDashoffset={RING * (1 - Math.min(1, secondsLeft / total))}
                transform="rotate(-90 18 18)"
              />
              <text x="18" y="22" textAnchor="middle" fontSize="11" fill="#1f1f1f">
                {secondsLeft}
              </text>
            </svg>
            <span data-testid="card-countdown" data-seconds={secondsLeft}>
              {refreshing ? t('memberMembership.card.refreshing') : t('memberMembership.card.refreshIn', { seconds: secondsLeft })}
            </span>
          </div>
          <p className="gh-qr-note">{t('memberMembership.card.note')}</p>
          <p className="gh-qr-clock" data-testid="card-clock">
            {formatDateTime(now)}
          </p>
          {refreshProblem && (
            <div className="gh-problem" role="alert" data-testid="card-refresh-error">
              {t('memberMembership.card.refreshFailed', { reason: refreshProblem })}
            </div>
          )}
        </section>

        <List className="gh-list" mode="card">
          <List.Item arrowIcon onClick={() => void navigate('/membership')} data-testid="card-go-membership">
            {t('memberMembership.card.goMembership')}
          </List.Item>
          <List.Item arrowIcon onClick={() => void navigate('/transfer')} data-testid="card-go-transfer">
            {t('memberMembership.status.transfer')}
          </List.Item>
          <List.Item arrowIcon onClick={() => void navigate('/membership?leave=1')} data-testid="card-leave">
            <span className="gh-danger-text">{t('memberMembership.leave.open')}</span>
          </List.Item>
        </List>
      </>
    );
  }

  return (
    <div className="gh-page gh-sub-page gh-card-page" data-testid="card-page">
      <NavBar onBack={() => void navigate('/')} backIcon className="gh-nav">
        {t('memberMembership.card.title')}
      </NavBar>
      {body}
    </div>
  );
}
