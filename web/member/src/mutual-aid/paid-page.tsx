import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, DotLoading, NavBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { mutualAidApi, type Enrolment } from './api.ts';
import { forgetOrder, pendingOrder } from './pay.ts';
import './mutual-aid.css';

type CheckState =
  { state: 'checking' } | { state: 'pending'; enrolment: Enrolment } | { state: 'cancelled' } | { state: 'error'; message: string };

/**
 * 支付结果 (/mutual-aid/paid?outTradeNo=…): where the payer comes back after paying elsewhere (WeChat's
 * cashier, its JS bridge). The server asks the provider; paid, the certificate opens; not yet, the page
 * says so and asks again when told to.
 */
export function MutualAidPaidPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const stored = pendingOrder();
  const outTradeNo = search.get('outTradeNo') ?? stored?.outTradeNo ?? '';
  const [check, setCheck] = useState<CheckState>({ state: 'checking' });

  const run = useCallback(async () => {
    if (!outTradeNo) {
      void navigate('/mutual-aid', { replace: true });
      return;
    }
    setCheck({ state: 'checking' });
    try {
      const enrolment = await mutualAidApi.checkPayment(outTradeNo);
      if (enrolment.status === 'active') {
        forgetOrder();
        void navigate(`/mutual-aid/certificates/${enrolment.id}`, {
          replace: true,
          state: { paid: { plan: enrolment.planName, amountFen: enrolment.priceFen, devInstant: false } },
        });
      } else if (enrolment.status === 'cancelled') {
        forgetOrder();
        setCheck({ state: 'cancelled' });
      } else {
        setCheck({ state: 'pending', enrolment });
      }
    } catch (error) {
      setCheck({ state: 'error', message: errorText(error) });
    }
  }, [outTradeNo, navigate]);

  useEffect(() => {
    void run();
  }, [run]);

  const back = () => void navigate('/mutual-aid', { replace: true });
  let body;
  if (check.state === 'checking')
    body = (
      <div className="gh-ma-loading">
        <DotLoading color="primary" />
        <p className="gh-muted">{t('memberMutualAid.pay.checking')}</p>
      </div>
    );
  else
    body = (
      <section className="gh-section" data-testid="mutual-aid-paid-state" data-state={check.state}>
        <p className="gh-section-text">
          {check.state === 'pending'
            ? t('memberMutualAid.pay.pending')
            : check.state === 'cancelled'
              ? t('memberMutualAid.pay.cancelled')
              : check.message}
        </p>
        {check.state === 'cancelled' ? (
          <Button block size="large" shape="rounded" color="primary" onClick={back}>
            {t('memberMutualAid.pay.back')}
          </Button>
        ) : (
          <>
            <Button block size="large" shape="rounded" color="primary" onClick={() => void run()} data-testid="mutual-aid-paid-recheck">
              {t('memberMutualAid.pay.recheck')}
            </Button>
            {check.state === 'pending' && (
              <Button
                block
                size="large"
                shape="rounded"
                onClick={() => {
                  // Paying again asks the server, which hands back the same order while it is open.
                  forgetOrder();
                  void navigate(
                    `/mutual-aid/plans/${check.enrolment.planId}/enrol${check.enrolment.relation === 'spouse' ? '?relation=spouse' : ''}`,
                    { replace: true },
                  );
                }}
              >
                {t('memberMutualAid.pay.payAgain')}
              </Button>
            )}
          </>
        )}
      </section>
    );

  return (
    <div className="gh-page gh-sub-page gh-ma" data-testid="mutual-aid-paid-page">
      <NavBar onBack={back} className="gh-nav">
        {t('memberMutualAid.pay.title')}
      </NavBar>
      {body}
    </div>
  );
}
