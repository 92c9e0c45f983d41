import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, DotLoading, NavBar, PullToRefresh, Steps, Tag, TextArea, Toast } from 'antd-mobile';
import { FileOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { PageError } from '../components/page-state.tsx';
import { mutualAidApi, type ClaimStatus, type OwnClaim } from './api.ts';
import { DocumentsSection } from './documents-section.tsx';
import { PayoutLines } from './payout-lines.tsx';
import { DOCUMENTS_OPEN, isStepAction, latestUnionReason, payoutKind, sortClaims, stepReason, yuan } from './rules.ts';
import './mutual-aid.css';

type PageState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; claims: OwnClaim[] };

const STATUS_TAG: Record<ClaimStatus, 'primary' | 'success' | 'warning' | 'danger' | 'default'> = {
  submitted: 'primary',
  more_info: 'warning',
  second_review: 'primary',
  approved: 'success',
  rejected: 'danger',
  paid: 'success',
  settled: 'success',
  cancelled: 'default',
};

/** 我的互助金申请 (/mutual-aid/claims): each claim's status, amount and how it is made up, the union's reasons, every step. */
export function MutualAidClaimsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [page, setPage] = useState<PageState>({ state: 'loading' });

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const { items } = await mutualAidApi.claims(signal);
      setPage({ state: 'ready', claims: sortClaims(items) });
    } catch (error) {
      if (!signal?.aborted) setPage({ state: 'error', message: errorText(error) });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const back = () => void (location.key !== 'default' ? navigate(-1) : navigate('/mutual-aid'));
  const newClaim = () => void navigate('/mutual-aid/claim');

  let body;
  if (page.state === 'loading')
    body = (
      <div className="gh-ma-loading">
        <DotLoading color="primary" />
      </div>
    );
  else if (page.state === 'error') body = <PageError message={page.message} onRetry={() => void load()} />;
  else
    body = (
      <PullToRefresh onRefresh={() => load()}>
        {page.claims.length === 0 ? (
          <section className="gh-section gh-empty-state" data-testid="mutual-aid-claims-empty">
            <span className="gh-ma-empty-icon">
              <FileOutline />
            </span>
            <p className="gh-section-text">{t('memberMutualAid.claims.empty')}</p>
          </section>
        ) : (
          <div data-testid="mutual-aid-claims">
            {page.claims.map((claim) => (
              <ClaimCard key={claim.id} claim={claim} onChanged={() => void load()} />
            ))}
          </div>
        )}
        <div className="gh-ma-bottom-action">
          <Button block size="large" shape="rounded" color="primary" fill="outline" onClick={newClaim} data-testid="mutual-aid-claims-new">
            {t('memberMutualAid.claims.newClaim')}
          </Button>
        </div>
      </PullToRefresh>
    );

  return (
    <div className="gh-page gh-sub-page gh-ma" data-testid="mutual-aid-claims-page">
      <NavBar onBack={back} className="gh-nav">
        {t('memberMutualAid.claims.title')}
      </NavBar>
      {body}
    </div>
  );
}

function ClaimCard({ claim, onChanged }: { claim: OwnClaim; onChanged: () => void }) {
  const { t } = useTranslation();
  const k = 'memberMutualAid.claims';
  const amount = payoutKind(claim.status);
  const reason = claim.status === 'more_info' || claim.status === 'rejected' ? latestUnionReason(claim.steps) : null;
  return (
    <section className="gh-section gh-ma-claim" data-testid="mutual-aid-claim" data-id={claim.id} data-status={claim.status}>
      <div className="gh-section-head">
        <div className="gh-ma-claim-title">
          <div className="gh-ma-claim-plan">{claim.planName}</div>
          <div className="gh-muted gh-ma-small" data-testid="mutual-aid-claim-number">
            {t(`${k}.claimNo`, { no: claim.claimNo })}
          </div>
        </div>
        <Tag color={STATUS_TAG[claim.status]} fill="outline" className="gh-ma-status" data-testid="mutual-aid-claim-status">
          {t(`memberMutualAid.status.${claim.status}`)}
        </Tag>
      </div>

      {amount === 'none' ? (
        claim.status === 'rejected' && (
          <div className="gh-ma-claim-amount gh-ma-claim-amount-none" data-testid="mutual-aid-claim-amount" data-fen={0}>
            {t(`${k}.rejected`)}
          </div>
        )
      ) : (
        <div className="gh-ma-claim-amount" data-testid="mutual-aid-claim-amount" data-kind={amount} data-fen={claim.payoutFen}>
          <span className="gh-ma-claim-amount-label">{t(`${k}.payout.${amount}`)}</span>
          <strong>{t('memberMutualAid.yuan', { amount: yuan(claim.payoutFen) })}</strong>
        </div>
      )}

      {reason && (
        <div className={`gh-ma-reason gh-ma-reason-${claim.status}`} role="note" data-testid="mutual-aid-claim-reason">
          <div className="gh-ma-reason-title">{t(`${k}.unionReason`)}</div>
          <div>{reason}</div>
        </div>
      )}

      <dl className="gh-ma-facts">
        <div>
          <dt>{t(`${k}.insured`)}</dt>
          <dd>{claim.insuredName}</dd>
        </div>
        <div>
          <dt>{t(`${k}.admitted`)}</dt>
          <dd>
            {claim.dischargedOn
              ? t(`${k}.admittedValue`, { from: claim.admittedOn, to: claim.dischargedOn })
              : t(`${k}.admittedOpen`, { from: claim.admittedOn })}
          </dd>
        </div>
        <div>
          <dt>{t(`${k}.selfPaid`)}</dt>
          <dd>{t('memberMutualAid.yuan', { amount: yuan(claim.figures.selfPaidFen) })}</dd>
        </div>
      </dl>

      {claim.lines.length > 0 && amount !== 'none' && (
        <>
          <h4 className="gh-ma-subheading">{t(`${k}.lines`)}</h4>
          <PayoutLines lines={claim.lines} />
        </>
      )}

      {claim.source === 'member' && DOCUMENTS_OPEN.includes(claim.status) && <DocumentsSection claimId={claim.id} />}
      {claim.status === 'more_info' && <Refile claimId={claim.id} onRefiled={onChanged} />}

      <h4 className="gh-ma-subheading">{t(`${k}.progress`)}</h4>
      <Steps direction="vertical" className="gh-steps" data-testid="mutual-aid-claim-steps">
        {claim.steps.map((step, i) => {
          const said = stepReason(step);
          return (
            <Steps.Step
              key={`${step.action}-${String(i)}`}
              status={step.action === 'reject' ? 'error' : 'finish'}
              title={
                <span data-testid="mutual-aid-claim-step" data-action={step.action}>
                  {isStepAction(step.action) ? t(`${k}.step.${step.action}`) : t(`${k}.step.other`)}
                </span>
              }
              description={
                <>
                  <div>{formatDateTime(step.createdAt)}</div>
                  {said && (
                    <div className={said.whose === 'union' ? 'gh-ma-step-reason' : 'gh-muted'}>
                      {t(said.whose === 'union' ? `${k}.byUnion` : `${k}.byMe`, { reason: said.text })}
                    </div>
                  )}
                </>
              }
            />
          );
        })}
        <Steps.Step
          status="wait"
          title={t(`${k}.nextTitle`)}
          description={<span data-testid="mutual-aid-claim-next">{t(`${k}.next.${claim.status}`)}</span>}
        />
      </Steps>
    </section>
  );
}

/** After adding what the union asked for: a short note (optional) and the claim goes back for review. */
function Refile({ claimId, onRefiled }: { claimId: string; onRefiled: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const k = 'memberMutualAid.claims';
  const send = async () => {
    setProblem(null);
    setSending(true);
    try {
      await mutualAidApi.refile(claimId, note.trim() || null);
      Toast.show({ icon: 'success', content: t(`${k}.refiled`) });
      onRefiled();
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <div className="gh-ma-refile" data-testid="mutual-aid-refile">
      <h4 className="gh-ma-subheading">{t(`${k}.refileTitle`)}</h4>
      <TextArea
        className="gh-ma-note"
        value={note}
        onChange={setNote}
        maxLength={200}
        rows={2}
        placeholder={t(`${k}.refileNotePlaceholder`)}
        aria-label={t(`${k}.refileNote`)}
        ref={(area) => area?.nativeElement?.setAttribute('data-testid', 'mutual-aid-refile-note')}
      />
      {problem && (
        <div className="gh-problem" role="alert" data-testid="mutual-aid-refile-problem">
          {problem}
        </div>
      )}
      <Button
        block
        size="large"
        shape="rounded"
        color="primary"
        loading={sending}
        onClick={() => void send()}
        data-testid="mutual-aid-refile-submit"
      >
        {t(`${k}.refile`)}
      </Button>
    </div>
  );
}
