import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, DotLoading, NavBar, PullToRefresh, Tag } from 'antd-mobile';
import { FileOutline, HeartOutline, RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText, isApiError } from '../../../shared/api.ts';
import { PageError } from '../components/page-state.tsx';
import { membershipApi } from '../membership/api.ts';
import { mutualAidApi, type PaymentProvider, type PlanItem } from './api.ts';
import { BenefitList, EligibilityList } from './plan-words.tsx';
import { canStillEnrol, enrolmentsByState, offersSpouse, yuan } from './rules.ts';
import './mutual-aid.css';

type Gender = 'male' | 'female' | null;

type PageState =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'not-member' }
  | { state: 'ready'; items: PlanItem[]; provider: PaymentProvider; gender: Gender };

/** 互助保障 (/mutual-aid): the plans open to the member's union, what each pays, and the member's place in each. */
export function MutualAidPlansPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [page, setPage] = useState<PageState>({ state: 'loading' });

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const [plans, membership] = await Promise.all([mutualAidApi.plans(signal), membershipApi.membership(signal)]);
      setPage({ state: 'ready', items: plans.items, provider: plans.paymentProvider, gender: membership.member?.gender ?? null });
    } catch (error) {
      if (signal?.aborted) return;
      if (isApiError(error) && error.code === 'mutual-aid.not_member') setPage({ state: 'not-member' });
      else setPage({ state: 'error', message: errorText(error) });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const back = () => void (location.key !== 'default' ? navigate(-1) : navigate('/'));

  let body;
  if (page.state === 'loading')
    body = (
      <div className="gh-ma-loading">
        <DotLoading color="primary" />
      </div>
    );
  else if (page.state === 'error') body = <PageError message={page.message} onRetry={() => void load()} />;
  else if (page.state === 'not-member')
    body = (
      <section className="gh-section gh-empty-state" data-testid="mutual-aid-not-member">
        <span className="gh-ma-empty-icon">
          <HeartOutline />
        </span>
        <p className="gh-section-text">{t('memberMutualAid.plans.notMember')}</p>
        <Button color="primary" shape="rounded" size="large" onClick={() => void navigate('/join')}>
          {t('memberMutualAid.plans.join')}
        </Button>
      </section>
    );
  else
    body = (
      <PullToRefresh onRefresh={() => load()}>
        <p className="gh-form-intro">{t('memberMutualAid.plans.intro')}</p>
        {page.items.some((item) => item.enrolments.length > 0) && (
          <button
            type="button"
            className="gh-ma-row-link"
            onClick={() => void navigate('/mutual-aid/claims')}
            data-testid="mutual-aid-claims-entry"
          >
            <span className="gh-ma-row-link-icon">
              <FileOutline />
            </span>
            <span className="gh-ma-row-link-text">
              <span className="gh-ma-row-link-title">{t('memberMutualAid.plans.myClaims')}</span>
              <span className="gh-ma-row-link-sub">{t('memberMutualAid.plans.myClaimsText')}</span>
            </span>
            <RightOutline className="gh-ma-row-link-arrow" />
          </button>
        )}
        {page.items.length === 0 ? (
          <section className="gh-section" data-testid="mutual-aid-plans-empty">
            <p className="gh-section-text">{t('memberMutualAid.plans.empty')}</p>
          </section>
        ) : (
          page.items.map((item) => <PlanCard key={item.plan.id} item={item} provider={page.provider} gender={page.gender} />)
        )}
      </PullToRefresh>
    );

  return (
    <div className="gh-page gh-sub-page gh-ma" data-testid="mutual-aid-plans-page">
      <NavBar onBack={back} className="gh-nav">
        {t('memberMutualAid.plans.title')}
      </NavBar>
      {body}
    </div>
  );
}

function PlanCard({ item, provider, gender }: { item: PlanItem; provider: PaymentProvider; gender: Gender }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { plan, cycle } = item;
  const rule = plan.rule;
  const { active, pending } = enrolmentsByState(item);
  const selfActive = active.some((e) => e.relation === 'self');
  const open = cycle !== null && provider !== null && canStillEnrol(item, gender);
  // A male member's first choice on a plan for women is his wife; a woman enrols herself.
  const spouseFirst = offersSpouse(rule, gender) && (gender === 'male' || selfActive);
  const enrolPath = `/mutual-aid/plans/${plan.id}/enrol${spouseFirst ? '?relation=spouse' : ''}`;
  return (
    <section className="gh-section gh-ma-plan" data-testid="mutual-aid-plan" data-id={plan.id}>
      <h2 className="gh-ma-plan-name" data-testid="mutual-aid-plan-name">
        {plan.name}
      </h2>
      <div className="gh-muted gh-ma-plan-org">{t('memberMutualAid.plans.runBy', { org: plan.orgName })}</div>
      <div className="gh-ma-price" data-testid="mutual-aid-plan-price" data-fen={rule.pricePerShareFen}>
        <strong>{t('memberMutualAid.plans.price', { amount: yuan(rule.pricePerShareFen) })}</strong>
        <span>
          {t('memberMutualAid.plans.perYear')}
          {rule.maxShares > 1 && ` · ${t('memberMutualAid.plans.maxShares', { n: rule.maxShares })}`}
        </span>
      </div>
      <div className="gh-ma-cycle" data-testid="mutual-aid-plan-cycle">
        {cycle ? t('memberMutualAid.plans.cycle', { start: cycle.start, end: cycle.end }) : t('memberMutualAid.plans.notStarted')}
      </div>
      {plan.description && <p className="gh-section-text">{plan.description}</p>}

      <h3 className="gh-ma-heading">{t('memberMutualAid.plans.benefits')}</h3>
      <BenefitList benefits={rule.benefits} testId="mutual-aid-plan-benefit" />
      <h3 className="gh-ma-heading">{t('memberMutualAid.plans.who')}</h3>
      <EligibilityList rule={rule} />

      {[...active, ...pending].map((enrolment) => (
        <div
          key={enrolment.id}
          className="gh-ma-enrolment"
          data-testid="mutual-aid-enrolment"
          data-status={enrolment.status}
          data-id={enrolment.id}
        >
          <div className="gh-ma-enrolment-head">
            <span>{enrolment.insuredName}</span>
            <Tag color={enrolment.status === 'active' ? 'success' : 'warning'} fill="outline">
              {t(`memberMutualAid.enrolmentStatus.${enrolment.status}`)}
            </Tag>
          </div>
          <div className="gh-muted gh-ma-enrolment-sub">{t(`memberMutualAid.relation.${enrolment.relation}`)}</div>
          {enrolment.status === 'active' ? (
            <div className="gh-actions-row">
              <Button
                shape="rounded"
                onClick={() => void navigate(`/mutual-aid/certificates/${enrolment.id}`)}
                data-testid="mutual-aid-certificate-open"
              >
                {t('memberMutualAid.plans.certificate')}
              </Button>
              <Button
                shape="rounded"
                color="primary"
                fill="outline"
                onClick={() => void navigate(`/mutual-aid/claim?enrolment=${enrolment.id}`)}
                data-testid="mutual-aid-claim-open"
              >
                {t('memberMutualAid.plans.claim')}
              </Button>
            </div>
          ) : (
            provider !== null && (
              <div className="gh-actions-row">
                <Button
                  shape="rounded"
                  color="primary"
                  onClick={() =>
                    void navigate(`/mutual-aid/plans/${plan.id}/enrol${enrolment.relation === 'spouse' ? '?relation=spouse' : ''}`)
                  }
                  data-testid="mutual-aid-pay-pending"
                >
                  {t('memberMutualAid.plans.payPending')}
                </Button>
              </div>
            )
          )}
        </div>
      ))}

      {provider === null && <p className="gh-notice">{t('memberMutualAid.plans.paymentOff')}</p>}
      {open && pending.length === 0 && (
        <Button
          block
          size="large"
          shape="rounded"
          color="primary"
          className="gh-ma-enrol"
          onClick={() => void navigate(enrolPath)}
          data-testid="mutual-aid-plan-enrol"
        >
          {spouseFirst ? t('memberMutualAid.plans.enrolSpouse') : t('memberMutualAid.plans.enrol')}
        </Button>
      )}
      {open && provider === 'dev-instant' && (
        <p className="gh-muted gh-ma-dev-note" data-testid="mutual-aid-dev-provider">
          {t('memberMutualAid.plans.devProvider')}
        </p>
      )}
    </section>
  );
}
