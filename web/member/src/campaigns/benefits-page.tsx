import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Dialog, ErrorBlock, Input, NavBar, PullToRefresh, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../shared/api.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { campaignsApi, type MemberCampaignList } from './api.ts';
import { CampaignCard } from './campaign-card.tsx';
import { localInstant } from './rules.ts';
import './campaigns.css';

type ListState =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; list: MemberCampaignList; receivedAt: number };

/** 福利: the campaigns open to the member, each with its big claim button or the reason there is none. */
export function BenefitsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [list, setList] = useState<ListState>({ state: 'loading' });
  const [claimingId, setClaimingId] = useState<string | null>(null);
  // A ref as well as the state: two taps in one frame both see the first one's claim.
  const claimInFlight = useRef(false);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const next = await campaignsApi.list(signal);
      setList({ state: 'ready', list: next, receivedAt: Date.now() });
    } catch (error) {
      if (signal?.aborted) return;
      // A failed refresh keeps the list on screen and says why.
      setList((previous) => {
        if (previous.state === 'ready') {
          Toast.show({ content: errorText(error), icon: 'fail' });
          return previous;
        }
        return { state: 'error', message: errorText(error) };
      });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // A campaign that asks for a fresh SMS code: the code is sent at the first tap, then typed here.
  const [codeFor, setCodeFor] = useState<string | null>(null);
  const [smsCode, setSmsCode] = useState('');

  const askForCode = async (campaignId: string) => {
    try {
      await campaignsApi.claimCode(campaignId);
      setSmsCode('');
      setCodeFor(campaignId);
    } catch (error) {
      Toast.show({ content: errorText(error), duration: 3000 });
    }
  };

  const claim = async (campaignId: string, code?: string) => {
    if (claimInFlight.current) return;
    const campaign = list.state === 'ready' ? list.list.items.find((c) => c.id === campaignId) : undefined;
    if (campaign?.requireSmsCode && !code) {
      await askForCode(campaignId);
      return;
    }
    setCodeFor(null);
    claimInFlight.current = true;
    setClaimingId(campaignId);
    try {
      const coupon = await campaignsApi.claim(campaignId, code);
      void navigate(`/coupons/${coupon.id}`, { state: { granted: true } });
    } catch (error) {
      // The problem's title is the whole answer (sold out, already claimed, not eligible, too fast…);
      // the list then shows the campaign's new state.
      Toast.show({ content: errorText(error), duration: 3000, ...(error instanceof ApiError ? {} : { icon: 'fail' as const }) });
      await load();
    } finally {
      claimInFlight.current = false;
      setClaimingId(null);
    }
  };

  let body;
  if (list.state === 'loading') body = <PageLoading />;
  else if (list.state === 'error') body = <PageError message={list.message} onRetry={() => void load()} />;
  else if (list.list.items.length === 0) {
    body = (
      <div className="gh-center-block" data-testid="benefits-empty">
        <ErrorBlock status="empty" title={t('memberCampaigns.list.empty')} description={t('memberCampaigns.list.emptyText')}>
          <Button shape="rounded" onClick={() => void navigate('/membership')}>
            {t('memberMembership.card.goMembership')}
          </Button>
        </ErrorBlock>
      </div>
    );
  } else {
    const { list: data, receivedAt } = list;
    body = (
      <PullToRefresh onRefresh={() => load()}>
        <p className="gh-benefits-intro">{t('memberCampaigns.list.intro')}</p>
        <div className="gh-campaigns" data-testid="benefits-list">
          {data.items.map((campaign) => (
            <CampaignCard
              key={campaign.id}
              campaign={campaign}
              releaseAt={localInstant(campaign.nextReleaseAt, data.serverTime, receivedAt)}
              claiming={claimingId === campaign.id}
              busy={claimingId !== null}
              onClaim={() => void claim(campaign.id)}
              onCoupons={() => void navigate('/coupons')}
            />
          ))}
        </div>
      </PullToRefresh>
    );
  }

  return (
    <div className="gh-page gh-sub-page gh-benefits-page" data-testid="benefits-page">
      <NavBar
        onBack={() => void navigate('/')}
        className="gh-nav"
        right={
          <button type="button" className="gh-nav-link" onClick={() => void navigate('/coupons')} data-testid="benefits-my-coupons">
            {t('memberCampaigns.list.myCoupons')}
          </button>
        }
      >
        {t('memberCampaigns.list.title')}
      </NavBar>
      {body}
      <Dialog
        visible={codeFor !== null}
        title={t('memberCampaigns.code.title')}
        content={
          <div data-testid="claim-code-dialog">
            <p className="gh-muted">{t('memberCampaigns.code.sent')}</p>
            <Input
              value={smsCode}
              onChange={(v) => setSmsCode(v.replace(/\D/g, '').slice(0, 6))}
              placeholder={t('memberCampaigns.code.placeholder')}
              inputMode="numeric"
              autoComplete="one-time-code"
              data-testid="claim-code-input"
            />
          </div>
        }
        closeOnAction={false}
        onClose={() => setCodeFor(null)}
        actions={[
          [
            { key: 'cancel', text: t('memberCampaigns.code.cancel'), onClick: () => setCodeFor(null) },
            {
              key: 'claim',
              text: t('memberCampaigns.code.claim'),
              bold: true,
              disabled: smsCode.length !== 6,
              onClick: () => {
                if (codeFor) void claim(codeFor, smsCode);
              },
            },
          ],
        ]}
      />
    </div>
  );
}
