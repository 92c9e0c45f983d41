import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, ErrorBlock, NavBar, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { campaignsApi, type MemberCoupon } from './api.ts';
import { CouponFace } from './campaign-card.tsx';
import './campaigns.css';

const STATUS_COLOR: Record<MemberCoupon['status'], string> = {
  issued: 'primary',
  redeemed: 'success',
  expired: 'default',
  voided: 'default',
};

export function CouponStatusTag({ status }: { status: MemberCoupon['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} fill={status === 'issued' ? 'solid' : 'outline'} data-testid="coupon-status" data-status={status}>
      {t(`memberCampaigns.coupons.status.${status}`)}
    </Tag>
  );
}

type CouponsState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; items: MemberCoupon[] };

/** 我的券: every coupon the member holds, usable ones first as the server orders them (newest first). */
export function CouponsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [coupons, setCoupons] = useState<CouponsState>({ state: 'loading' });

  const load = useCallback(async () => {
    setCoupons({ state: 'loading' });
    try {
      setCoupons({ state: 'ready', items: (await campaignsApi.coupons()).items });
    } catch (error) {
      setCoupons({ state: 'error', message: errorText(error) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  let body;
  if (coupons.state === 'loading') body = <PageLoading />;
  else if (coupons.state === 'error') body = <PageError message={coupons.message} onRetry={() => void load()} />;
  else if (coupons.items.length === 0) {
    body = (
      <div className="gh-center-block" data-testid="coupons-empty">
        <ErrorBlock status="empty" title={t('memberCampaigns.coupons.empty')} description={t('memberCampaigns.coupons.emptyText')}>
          <Button color="primary" shape="rounded" onClick={() => void navigate('/benefits')}>
            {t('memberCampaigns.coupons.goBenefits')}
          </Button>
        </ErrorBlock>
      </div>
    );
  } else {
    body = (
      <div className="gh-campaigns" data-testid="coupons-list">
        {coupons.items.map((coupon) => (
          <button
            type="button"
            key={coupon.id}
            className="gh-coupon-row"
            onClick={() => void navigate(`/coupons/${coupon.id}`)}
            data-testid="coupon-row"
            data-id={coupon.id}
          >
            <CouponFace
              name={coupon.campaignName}
              orgName=""
              thresholdFen={coupon.thresholdFen}
              discountFen={coupon.discountFen}
              lines={[
                coupon.status === 'redeemed'
                  ? t('memberCampaigns.coupons.redeemedAt', { time: formatDateTime(coupon.redeemedAt).slice(0, 16) })
                  : t('memberCampaigns.coupons.expiresAt', { time: formatDateTime(coupon.expiresAt).slice(0, 16) }),
              ]}
              dimmed={coupon.status !== 'issued'}
            />
            <span className="gh-coupon-row-tag">
              <CouponStatusTag status={coupon.status} />
            </span>
          </button>
        ))}
      </div>
    );
  }

  return (
    <div className="gh-page gh-sub-page" data-testid="coupons-page">
      <NavBar onBack={() => void navigate('/benefits')} className="gh-nav">
        {t('memberCampaigns.coupons.title')}
      </NavBar>
      {body}
    </div>
  );
}
