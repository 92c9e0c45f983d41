import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, DotLoading, NavBar, Steps, Tag } from 'antd-mobile';
import { HandPayCircleOutline, MessageOutline, RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { PageError } from '../components/page-state.tsx';
import { hardshipApi, type HardshipStatus, type OwnHardshipFile } from './api.ts';
import { EvidenceSection } from './evidence-section.tsx';
import { fileForNeeds, HARDSHIP_CAUSES, isStepKind, publicReason, sortFiles, type Cause } from './rules.ts';
import './hardship.css';

type FilesState =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; files: OwnHardshipFile[]; evidenceLimitBytes: number };

/** What the apply page hands over after a file is opened. */
interface Submitted {
  id: string;
  fileNumber: string;
  status: HardshipStatus;
}

const STATUS_TAG: Record<HardshipStatus, 'primary' | 'success' | 'warning' | 'danger' | 'default'> = {
  applied: 'primary',
  visited: 'primary',
  reviewed: 'primary',
  under_notice: 'warning',
  filed: 'success',
  rejected: 'danger',
  exited: 'default',
};

const REVIEWED: ReadonlySet<HardshipStatus> = new Set(['reviewed', 'under_notice', 'filed', 'exited']);

/** 我的帮扶: each file the worker applied for, where it stands and every step so far. */
export function HardshipFilesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [list, setList] = useState<FilesState>({ state: 'loading' });
  // Shown once: a reload or a later visit shows the file as it stands, not the moment it was sent.
  const [submitted] = useState(() => (location.state as { submitted?: Submitted } | null)?.submitted ?? null);
  useEffect(() => {
    if (submitted) void navigate(location.pathname, { replace: true, state: null });
  }, [submitted, navigate, location.pathname]);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const { items, evidenceLimitBytes } = await hardshipApi.files(signal);
      setList({ state: 'ready', files: sortFiles(items), evidenceLimitBytes });
    } catch (error) {
      if (!signal?.aborted) setList({ state: 'error', message: errorText(error) });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const back = () => void (location.key !== 'default' && !submitted ? navigate(-1) : navigate('/'));
  const apply = () => void navigate('/hardship/apply');

  let body;
  if (list.state === 'loading')
    body = (
      <div className="gh-hs-loading">
        <DotLoading color="primary" />
      </div>
    );
  else if (list.state === 'error') body = <PageError message={list.message} onRetry={() => void load()} />;
  else if (list.files.length === 0)
    body = (
      <section className="gh-section gh-empty-state" data-testid="hardship-files-empty">
        <span className="gh-hs-empty-icon">
          <HandPayCircleOutline />
        </span>
        <h2 className="gh-hs-empty-title">{t('memberHardship.mine.empty')}</h2>
        <p className="gh-section-text">{t('memberHardship.mine.emptyText')}</p>
        <Button color="primary" shape="rounded" size="large" onClick={apply} data-testid="hardship-files-apply">
          {t('memberHardship.mine.apply')}
        </Button>
      </section>
    );
  else
    body = (
      <>
        {submitted && (
          <p className="gh-success-note" role="status" data-testid="hardship-submitted" data-id={submitted.id}>
            {t('memberHardship.mine.submitted', {
              number: submitted.fileNumber,
              status: t(`memberHardship.status.${submitted.status}`),
            })}
          </p>
        )}
        {fileForNeeds(list.files) && (
          <button
            type="button"
            className="gh-hs-needs-entry"
            onClick={() => void navigate('/hardship/needs')}
            data-testid="hardship-needs-entry"
          >
            <span className="gh-hs-needs-entry-icon">
              <MessageOutline />
            </span>
            <span className="gh-hs-needs-entry-text">
              <span className="gh-hs-needs-entry-title">{t('memberHardship.needs.entry')}</span>
              <span className="gh-hs-needs-entry-sub">{t('memberHardship.needs.entryText')}</span>
            </span>
            <RightOutline className="gh-hs-needs-entry-arrow" />
          </button>
        )}
        <div data-testid="hardship-files">
          {list.files.map((file) => (
            <FileCard key={file.id} file={file} evidenceLimitBytes={list.evidenceLimitBytes} />
          ))}
        </div>
        {/* One open file per person: a new application waits until this one is closed. */}
        {list.files.every((f) => f.status === 'rejected' || f.status === 'exited') && (
          <div className="gh-hs-apply-again">
            <Button block shape="rounded" onClick={apply} data-testid="hardship-files-apply">
              {t('memberHardship.mine.apply')}
            </Button>
          </div>
        )}
      </>
    );

  return (
    <div className="gh-page gh-sub-page" data-testid="hardship-files-page">
      <NavBar onBack={back} className="gh-nav">
        {t('memberHardship.mine.title')}
      </NavBar>
      {body}
    </div>
  );
}

function FileCard({ file, evidenceLimitBytes }: { file: OwnHardshipFile; evidenceLimitBytes: number }) {
  const { t } = useTranslation();
  // Until the union reviews the file, its category is the rule's reckoning from what the worker entered.
  const reviewed = REVIEWED.has(file.status);
  const causes = HARDSHIP_CAUSES.filter((c: Cause) => file.causes.includes(c)).map((c) => t(`memberHardship.cause.${c}`));
  return (
    <section className="gh-section gh-hs-file" data-testid="hardship-file" data-id={file.id} data-status={file.status}>
      <div className="gh-section-head">
        <div>
          <div className="gh-member-no-label">{t('memberHardship.mine.fileNumber')}</div>
          <div className="gh-hs-file-number" data-testid="hardship-file-number">
            {file.fileNumber}
          </div>
        </div>
        <Tag color={STATUS_TAG[file.status]} fill="outline" className="gh-hs-status" data-testid="hardship-file-status">
          {t(`memberHardship.status.${file.status}`)}
        </Tag>
      </div>
      <dl className="gh-hs-facts">
        <div>
          <dt>{t('memberHardship.mine.union')}</dt>
          <dd data-testid="hardship-file-union">{file.orgName}</dd>
        </div>
        <div>
          <dt>{t('memberHardship.mine.household')}</dt>
          <dd>{t('memberHardship.mine.householdValue', { n: file.householdSize })}</dd>
        </div>
        {causes.length > 0 && (
          <div>
            <dt>{t('memberHardship.mine.causes')}</dt>
            <dd>{causes.join(t('memberHardship.mine.causesSeparator'))}</dd>
          </div>
        )}
        {file.category && file.status !== 'rejected' && (
          <div>
            <dt>{reviewed ? t('memberHardship.mine.category') : t('memberHardship.mine.categoryComputed')}</dt>
            <dd data-testid="hardship-file-category" data-reviewed={reviewed}>
              {t(`memberHardship.category.${file.category}`)}
              {!reviewed && <span className="gh-muted">{t('memberHardship.mine.categoryPending')}</span>}
            </dd>
          </div>
        )}
        {file.status === 'under_notice' && file.noticeEndsOn && (
          <div>
            <dt>{t('memberHardship.mine.noticeEnds')}</dt>
            <dd>{file.noticeEndsOn}</dd>
          </div>
        )}
        {file.filedOn && (
          <div>
            <dt>{t('memberHardship.mine.filedOn')}</dt>
            <dd>{file.filedOn}</dd>
          </div>
        )}
        {file.status === 'filed' && file.reviewDueOn && (
          <div>
            <dt>{t('memberHardship.mine.reviewDueOn')}</dt>
            <dd>{file.reviewDueOn}</dd>
          </div>
        )}
      </dl>
      {file.helpers.length > 0 && (
        <>
          <h4 className="gh-hs-progress-title">{t('memberHardship.mine.helpers')}</h4>
          <p className="gh-hs-hint">{t('memberHardship.mine.helpersHint')}</p>
          <ul className="gh-hs-helpers" data-testid="hardship-file-helpers">
            {file.helpers.map((helper) => (
              <li key={`${helper.name}-${helper.phone}`} data-testid="hardship-helper">
                <span className="gh-hs-helper-name">{helper.name}</span>
                {/* A tap dials: the family calls its helpers from here. */}
                <a className="gh-hs-helper-phone" href={`tel:${helper.phone}`}>
                  {helper.phone}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {file.aid.length > 0 && (
        <>
          <h4 className="gh-hs-progress-title">{t('memberHardship.mine.aid')}</h4>
          <ul className="gh-hs-aid" data-testid="hardship-file-aid">
            {file.aid.map((aid, i) => (
              <li key={`${aid.paidOn}-${String(i)}`} data-testid="hardship-aid">
                <span className="gh-hs-aid-name">{aid.itemName}</span>
                <span className="gh-hs-aid-day">{aid.paidOn}</span>
                <span className="gh-hs-aid-amount" data-testid="hardship-aid-amount">
                  {formatFen(aid.amountFen)}
                </span>
              </li>
            ))}
          </ul>
          <p className="gh-muted gh-hs-aid-total" data-testid="hardship-aid-total">
            {t('memberHardship.mine.aidTotal', {
              count: file.aid.length,
              amount: formatFen(file.aid.reduce((sum, aid) => sum + aid.amountFen, 0)),
            })}
          </p>
        </>
      )}
      <EvidenceSection fileId={file.id} status={file.status} evidence={file.evidence} limitBytes={evidenceLimitBytes} />
      <h4 className="gh-hs-progress-title">{t('memberHardship.mine.progress')}</h4>
      <Steps direction="vertical" className="gh-steps" data-testid="hardship-file-steps">
        {file.steps.map((step, i) => {
          const reason = publicReason(step);
          return (
            <Steps.Step
              key={`${step.kind}-${i}`}
              status={step.kind === 'rejected' ? 'error' : 'finish'}
              title={
                <span data-testid="hardship-step" data-kind={step.kind}>
                  {isStepKind(step.kind) ? t(`memberHardship.mine.step.${step.kind}`) : t('memberHardship.mine.step.other')}
                </span>
              }
              description={
                <>
                  <div>{formatDateTime(step.at)}</div>
                  {reason && <div className="gh-hs-step-reason">{t('memberHardship.mine.reason', { reason })}</div>}
                </>
              }
            />
          );
        })}
        <Steps.Step
          status="wait"
          title={t('memberHardship.mine.next')}
          description={
            <span data-testid="hardship-file-next">
              {t(`memberHardship.mine.nextStep.${file.status}`, { until: file.noticeEndsOn ?? '' })}
            </span>
          }
        />
      </Steps>
    </section>
  );
}
