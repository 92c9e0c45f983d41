import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { Button, NavBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { mutualAidApi, type Certificate } from './api.ts';
import { BenefitList } from './plan-words.tsx';
import { yuan } from './rules.ts';
import './mutual-aid.css';

/** What the enrol page hands over once paid: shown once, above the certificate. */
interface Paid {
  plan: string;
  amountFen: number;
  devInstant: boolean;
}

type PageState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; certificate: Certificate };

/** 参保凭证 (/mutual-aid/certificates/:enrolmentId): a card the rider shows at the hospital or the union. */
export function MutualAidCertificatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { enrolmentId = '' } = useParams();
  const [page, setPage] = useState<PageState>({ state: 'loading' });
  const [paid] = useState(() => (location.state as { paid?: Paid } | null)?.paid ?? null);
  useEffect(() => {
    if (paid) void navigate(location.pathname, { replace: true, state: null });
  }, [paid, navigate, location.pathname]);

  useEffect(() => {
    const controller = new AbortController();
    mutualAidApi
      .certificate(enrolmentId, controller.signal)
      .then((certificate) => setPage({ state: 'ready', certificate }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setPage({ state: 'error', message: errorText(error) });
      });
    return () => controller.abort();
  }, [enrolmentId]);

  if (page.state === 'loading') return <PageLoading />;
  if (page.state === 'error') return <PageError message={page.message} />;
  const c = page.certificate;
  const k = 'memberMutualAid.certificate';
  const back = () => void (location.key !== 'default' && !paid ? navigate(-1) : navigate('/mutual-aid'));

  return (
    <div className="gh-page gh-sub-page gh-ma" data-testid="mutual-aid-certificate-page">
      <NavBar onBack={back} className="gh-nav">
        {t(`${k}.title`)}
      </NavBar>
      {paid && (
        <div className="gh-success-note" role="status" data-testid="mutual-aid-paid-note">
          {t(`${k}.paidNote`, { plan: paid.plan, amount: yuan(paid.amountFen) })}
          {paid.devInstant && (
            <div className="gh-ma-dev-paid" data-testid="mutual-aid-dev-paid">
              {t(`${k}.devPaid`)}
            </div>
          )}
        </div>
      )}
      <article className="gh-ma-certificate" data-testid="mutual-aid-certificate" data-id={c.id}>
        <header className="gh-ma-cert-head">
          <div>
            <div className="gh-ma-cert-title">{t(`${k}.heading`)}</div>
            <div className="gh-ma-cert-subtitle">{t(`${k}.subheading`)}</div>
          </div>
          <span className="gh-ma-cert-status">{t(`memberMutualAid.enrolmentStatus.${c.status}`)}</span>
        </header>
        <div className="gh-ma-cert-label">{t(`${k}.no`)}</div>
        <div className="gh-ma-cert-no" data-testid="mutual-aid-certificate-no">
          {c.certificateNo}
        </div>
        <dl className="gh-ma-cert-facts">
          <div>
            <dt>{t(`${k}.insured`)}</dt>
            <dd data-testid="mutual-aid-certificate-name">
              {c.insuredName}
              <span className="gh-ma-cert-relation">{t(`memberMutualAid.relation.${c.relation}`)}</span>
            </dd>
          </div>
          <div>
            <dt>{t(`${k}.idNumber`)}</dt>
            <dd className="gh-ma-cert-mono" data-testid="mutual-aid-certificate-id">
              {c.idNumberMasked}
            </dd>
          </div>
          <div>
            <dt>{t(`${k}.plan`)}</dt>
            <dd data-testid="mutual-aid-certificate-plan">{c.planName}</dd>
          </div>
          <div>
            <dt>{t(`${k}.org`)}</dt>
            <dd>{c.orgName}</dd>
          </div>
          <div>
            <dt>{t(`${k}.cycle`)}</dt>
            <dd className="gh-ma-cert-mono" data-testid="mutual-aid-certificate-cycle">
              {t(`${k}.cycleValue`, { start: c.cycleStart, end: c.cycleEnd })}
            </dd>
          </div>
          {c.coveredFrom && (
            <div>
              <dt>{t(`${k}.coveredFrom`)}</dt>
              <dd className="gh-ma-cert-mono" data-testid="mutual-aid-certificate-covered">
                {t(`${k}.coveredFromValue`, { day: c.coveredFrom })}
              </dd>
            </div>
          )}
          <div>
            <dt>{t(`${k}.shares`)}</dt>
            <dd>
              {t('memberMutualAid.enrol.sharesValue', { n: c.shares })}
              {' · '}
              {t(`${k}.paid`)} {t('memberMutualAid.yuan', { amount: yuan(c.priceFen) })}
            </dd>
          </div>
        </dl>
        <p className="gh-ma-cert-show">{t(`${k}.show`)}</p>
      </article>
      <section className="gh-section">
        <h3 className="gh-ma-heading gh-ma-heading-first">{t(`${k}.benefits`)}</h3>
        <BenefitList benefits={c.benefits} testId="mutual-aid-certificate-benefit" />
        <Button
          block
          size="large"
          shape="rounded"
          color="primary"
          className="gh-ma-enrol"
          onClick={() => void navigate(`/mutual-aid/claim?enrolment=${c.id}`)}
          data-testid="mutual-aid-certificate-claim"
        >
          {t(`${k}.claim`)}
        </Button>
      </section>
    </div>
  );
}
