import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { List, NavBar, Result } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { errorText } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { campaignsApi, type MemberCoupon } from './api.ts';
import { CouponStatusTag } from './coupons-page.tsx';
import { groupCouponCode } from '../../../shared/coupon-code.ts';
import { yuanText } from './rules.ts';
import './campaigns.css';

type CouponState =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; coupon: MemberCoupon; qr: string | null; refreshAt: number | null };

// The token lives a minute; a new one is fetched a little before, and whenever the page is shown again.
const REFRESH_BEFORE_MS = 10_000;

/**
 * One coupon, to show at the till: a large QR of a signed one-minute token (the cashier's scanner reads
 * it; a screenshot forwarded to someone else stops working) and the 12-digit code in big digits for a
 * cashier who types it. Opened right after a claim, it says so.
 */
export function CouponPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { couponId = '' } = useParams();
  const granted = (useLocation().state as { granted?: unknown } | null)?.granted === true;
  const [coupon, setCoupon] = useState<CouponState>({ state: 'loading' });

  const load = useCallback(async () => {
    try {
      const next = await campaignsApi.coupon(couponId);
      if (next.status !== 'issued') {
        setCoupon({ state: 'ready', coupon: next, qr: null, refreshAt: null });
        return;
      }
      const { token, expiresAt } = await campaignsApi.couponQr(couponId);
      const qr = await QRCode.toDataURL(token, {
        errorCorrectionLevel: 'M',
        margin: 1,
        width: 480,
        color: { dark: '#1f1f1f', light: '#ffffff' },
      });
      setCoupon({ state: 'ready', coupon: next, qr, refreshAt: new Date(expiresAt).getTime() - REFRESH_BEFORE_MS });
    } catch (error) {
      setCoupon({ state: 'error', message: errorText(error) });
    }
  }, [couponId]);

  useEffect(() => {
    void load();
  }, [load]);

  const refreshAt = coupon.state === 'ready' ? coupon.refreshAt : null;
  useEffect(() => {
    if (refreshAt === null) return undefined;
    const timer = window.setTimeout(() => void load(), Math.max(1000, refreshAt - Date.now()));
    const onShow = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onShow);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onShow);
    };
  }, [refreshAt, load]);

  let body;
  if (coupon.state === 'loading') body = <PageLoading />;
  else if (coupon.state === 'error') body = <PageError message={coupon.message} onRetry={() => void load()} />;
  else {
    const { coupon: c, qr } = coupon;
    const usable = c.status === 'issued';
    body = (
      <>
        {granted && (
          <Result
            status="success"
            title={t('memberCampaigns.action.granted')}
            description={t('memberCampaigns.coupon.granted')}
            className="gh-coupon-granted"
            data-testid="coupon-granted"
          />
        )}
        <section className="gh-coupon-ticket" data-testid="coupon-ticket">
          <div className="gh-coupon-ticket-head">
            <div>
              <div className="gh-coupon-ticket-name">{c.campaignName}</div>
              <div className="gh-coupon-ticket-value">
                <span className="gh-coupon-yen">¥</span>
                {yuanText(c.discountFen)}
                <span className="gh-coupon-ticket-threshold">
                  {t('memberCampaigns.face.threshold', { yuan: yuanText(c.thresholdFen) })}
                </span>
              </div>
            </div>
            <CouponStatusTag status={c.status} />
          </div>
          <div className="gh-coupon-ticket-cut" aria-hidden />
          {qr && (
            <div className="gh-coupon-qr">
              <img src={qr} alt={t('memberCampaigns.coupon.qrAlt')} width={232} height={232} data-testid="coupon-qr" />
            </div>
          )}
          <div className="gh-coupon-code-label">{t('memberCampaigns.coupon.code')}</div>
          <div className="gh-coupon-code" data-testid="coupon-code" aria-label={c.code}>
            {groupCouponCode(c.code).map((part, i) => (
              <span key={i}>{part}</span>
            ))}
          </div>
          <p className="gh-coupon-show">
            {usable
              ? t('memberCampaigns.coupon.show')
              : t('memberCampaigns.coupon.notUsable', { status: t(`memberCampaigns.coupons.status.${c.status}`) })}
          </p>
        </section>
        <List className="gh-list" mode="card">
          <List.Item
            extra={t('memberCampaigns.coupon.thresholdValue', { yuan: yuanText(c.thresholdFen), discount: yuanText(c.discountFen) })}
          >
            {t('memberCampaigns.coupon.threshold')}
          </List.Item>
          <List.Item extra={<span data-testid="coupon-expires">{formatDateTime(c.expiresAt).slice(0, 16)}</span>}>
            {t('memberCampaigns.coupon.expiresAt')}
          </List.Item>
          <List.Item extra={formatDateTime(c.issuedAt).slice(0, 16)}>{t('memberCampaigns.coupon.issuedAt')}</List.Item>
          {c.redeemedAt && (
            <List.Item extra={formatDateTime(c.redeemedAt).slice(0, 16)}>{t('memberCampaigns.coupon.redeemedAt')}</List.Item>
          )}
        </List>
      </>
    );
  }

  return (
    <div className="gh-page gh-sub-page" data-testid="coupon-page">
      <NavBar onBack={() => void navigate(granted ? '/benefits' : '/coupons')} className="gh-nav">
        {t('memberCampaigns.coupon.title')}
      </NavBar>
      {body}
    </div>
  );
}
