import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format.ts';
import { useCountdown } from '../use-countdown.ts';
import type { MemberCampaign } from './api.ts';
import { countdownParts, yuanText } from './rules.ts';

/** The coupon's face: the discount big on the left, the terms on the right, a notch between. */
export function CouponFace({
  name,
  orgName,
  thresholdFen,
  discountFen,
  lines,
  dimmed,
}: {
  name: string;
  orgName: string;
  thresholdFen: number;
  discountFen: number;
  lines: string[];
  dimmed?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className={`gh-coupon-face${dimmed ? ' gh-coupon-dimmed' : ''}`}>
      <div className="gh-coupon-value">
        <div className="gh-coupon-amount">
          <span className="gh-coupon-yen">¥</span>
          {yuanText(discountFen)}
        </div>
        <div className="gh-coupon-threshold">
          {thresholdFen > 0 ? t('memberCampaigns.face.threshold', { yuan: yuanText(thresholdFen) }) : t('memberCampaigns.face.noThreshold')}
        </div>
      </div>
      <div className="gh-coupon-terms">
        <div className="gh-coupon-name">{name}</div>
        <div className="gh-coupon-org">{orgName}</div>
        {lines.map((line) => (
          <div key={line} className="gh-coupon-line">
            {line}
          </div>
        ))}
      </div>
    </div>
  );
}

/**
 * One campaign: its coupon face and, under it, what the member can do now. The state comes from the
 * server; only `waiting` changes here, into the claim button, when the countdown (on the server's
 * clock, see rules.localInstant) reaches zero.
 */
export function CampaignCard({
  campaign,
  releaseAt,
  claiming,
  busy,
  onClaim,
  onCoupons,
}: {
  campaign: MemberCampaign;
  /** nextReleaseAt on this device's clock (epoch ms), or null. */
  releaseAt: number | null;
  claiming: boolean;
  /** Another claim is on its way: one at a time. */
  busy: boolean;
  onClaim: () => void;
  onCoupons: () => void;
}) {
  const { t } = useTranslation();
  const c = campaign;
  const secondsLeft = useCountdown(c.state === 'waiting' ? releaseAt : null);
  const state = c.state === 'waiting' && releaseAt !== null && secondsLeft === 0 ? 'open' : c.state;
  const releaseClock = c.nextReleaseAt ? formatDateTime(c.nextReleaseAt).slice(5, 16) : c.releaseTime;

  const lines = [
    t('memberCampaigns.face.dates', { from: c.startsOn, to: c.endsOn }),
    c.perMemberPeriod === 'day'
      ? t('memberCampaigns.face.limitDay', { n: c.perMemberLimit })
      : t('memberCampaigns.face.limitCampaign', { n: c.perMemberLimit }),
  ];

  let action;
  if (state === 'open') {
    action = (
      <>
        <Button
          block
          color="primary"
          size="large"
          shape="rounded"
          className="gh-claim-button"
          loading={claiming}
          loadingText={t('memberCampaigns.action.claiming')}
          disabled={busy && !claiming}
          onClick={onClaim}
          data-testid="campaign-claim"
        >
          {t('memberCampaigns.action.claim')}
        </Button>
        {c.leftToday !== null && c.state === 'open' && (
          <div className="gh-claim-note" data-testid="campaign-left">
            {t('memberCampaigns.face.leftToday', { n: c.leftToday.toLocaleString('zh-CN') })}
          </div>
        )}
      </>
    );
  } else if (state === 'waiting') {
    const { days, clock } = countdownParts(secondsLeft);
    action = (
      <div className="gh-claim-wait" data-testid="campaign-countdown" data-seconds={secondsLeft}>
        <div className="gh-claim-wait-label">{t('memberCampaigns.action.waiting')}</div>
        <div className="gh-claim-wait-clock">
          {days > 0 && <span className="gh-claim-wait-days">{t('memberCampaigns.action.days', { count: days })}</span>}
          {clock}
        </div>
        <div className="gh-claim-note">{t('memberCampaigns.action.releaseAt', { time: releaseClock })}</div>
      </div>
    );
  } else {
    const text: Record<Exclude<typeof state, 'open' | 'waiting'>, string> = {
      sold_out: t('memberCampaigns.action.soldOut'),
      claimed: c.perMemberPeriod === 'day' ? t('memberCampaigns.action.claimed') : t('memberCampaigns.action.claimedCampaign'),
      ineligible: t('memberCampaigns.action.ineligible'),
      paused: t('memberCampaigns.action.paused'),
      ended: t('memberCampaigns.action.ended'),
    };
    const note =
      state === 'ineligible'
        ? c.ineligibleReason
        : state === 'sold_out' && c.nextReleaseAt
          ? t('memberCampaigns.action.soldOutNext', { time: formatDateTime(c.nextReleaseAt).slice(11, 16) })
          : null;
    action = (
      <div className={`gh-claim-closed gh-claim-${state}`} data-testid="campaign-closed" data-state={state}>
        <div className="gh-claim-closed-text">{text[state]}</div>
        {note && (
          <div className="gh-claim-note" data-testid="campaign-reason">
            {note}
          </div>
        )}
      </div>
    );
  }

  return (
    <section className="gh-campaign" data-testid="campaign" data-id={c.id} data-state={state}>
      <CouponFace
        name={c.name}
        orgName={c.orgName}
        thresholdFen={c.thresholdFen}
        discountFen={c.discountFen}
        lines={lines}
        dimmed={state === 'ineligible' || state === 'ended'}
      />
      {c.description && <p className="gh-campaign-text">{c.description}</p>}
      <div className="gh-campaign-action">{action}</div>
      {c.held > 0 && (
        <button type="button" className="gh-link-button" onClick={onCoupons} data-testid="campaign-held">
          {t('memberCampaigns.face.held', { n: c.held })} · {t('memberCampaigns.action.viewCoupons')}
        </button>
      )}
    </section>
  );
}
