import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, CheckList, Form, NavBar, Popup } from 'antd-mobile';
import { DownOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText, joinMessages } from '../../../shared/api.ts';
import { shanghaiToday } from '../../../shared/id-number.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { scrollToFirstError } from '../components/scroll.ts';
import { SubmitButton } from '../components/submit-button.tsx';
import { TestInput } from '../components/test-input.tsx';
import { mutualAidApi, type Disease, type Enrolment, type FiledClaim, type Plan } from './api.ts';
import { DocumentsSection } from './documents-section.tsx';
import { DayField, SingleChoice, UnitInput, localDay } from './fields.tsx';
import { PayoutLines } from './payout-lines.tsx';
import {
  claimableEnrolments,
  claimBody,
  claimFieldOf,
  diagnosisBenefit,
  FIGURE_FIELDS,
  parseYuan,
  placeProblems,
  yuan,
  type ClaimField,
  type ClaimValues,
} from './rules.ts';
import './mutual-aid.css';

type Claimable = { enrolment: Enrolment; plan: Plan };
type PageState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; claimable: Claimable[] };

/** 申请互助金 (/mutual-aid/claim?enrolment=…): the stay, the settlement sheet's figures and the bank card; then the documents. */
export function MutualAidClaimPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [page, setPage] = useState<PageState>({ state: 'loading' });
  const [filed, setFiled] = useState<FiledClaim | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    mutualAidApi
      .plans(controller.signal)
      .then((plans) => setPage({ state: 'ready', claimable: claimableEnrolments(plans.items) }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setPage({ state: 'error', message: errorText(error) });
      });
    return () => controller.abort();
  }, []);

  if (page.state === 'loading') return <PageLoading />;
  if (page.state === 'error') return <PageError message={page.message} />;
  const back = () => void (location.key !== 'default' && !filed ? navigate(-1) : navigate('/mutual-aid'));

  let body;
  if (filed) body = <FiledResult claim={filed} />;
  else if (page.claimable.length === 0)
    body = (
      <section className="gh-section gh-empty-state" data-testid="mutual-aid-claim-none">
        <p className="gh-section-text">{t('memberMutualAid.claim.noEnrolment')}</p>
        <Button color="primary" shape="rounded" size="large" onClick={() => void navigate('/mutual-aid')}>
          {t('memberMutualAid.claim.goPlans')}
        </Button>
      </section>
    );
  else body = <ClaimForm claimable={page.claimable} onFiled={setFiled} />;

  return (
    <div className="gh-page gh-form-page gh-ma gh-ma-claim-page" data-testid="mutual-aid-claim-page">
      <NavBar onBack={back} className="gh-nav">
        {filed ? t('memberMutualAid.result.title') : t('memberMutualAid.claim.title')}
      </NavBar>
      {body}
    </div>
  );
}

function ClaimForm({ claimable, onFiled }: { claimable: Claimable[]; onFiled: (claim: FiledClaim) => void }) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const [form] = Form.useForm<ClaimValues>();
  const [enrolmentId, setEnrolmentId] = useState(
    () => claimable.find((c) => c.enrolment.id === search.get('enrolment'))?.enrolment.id ?? claimable[0]?.enrolment.id ?? '',
  );
  const [submitting, setSubmitting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const chosen = claimable.find((c) => c.enrolment.id === enrolmentId) ?? claimable[0];
  const admittedOn = Form.useWatch<Date | null | undefined>('admittedOn', form);
  const disease = Form.useWatch<Disease | undefined>('disease', form);
  const k = 'memberMutualAid.claim';

  useEffect(() => {
    if (notice) noticeRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [notice]);

  if (!chosen) return null;
  const diagnosis = diagnosisBenefit(chosen.plan.rule);
  const today = localDay(shanghaiToday());
  // The first day a stay is covered (after the waiting period): an earlier one is not offered.
  const firstDay = localDay(chosen.enrolment.coveredFrom ?? chosen.enrolment.cycleStart);
  const lastDay = localDay(chosen.enrolment.cycleEnd);
  const maxDay = lastDay < today ? lastDay : today;

  const submit = async (values: ClaimValues) => {
    setNotice(null);
    setSubmitting(true);
    try {
      onFiled(await mutualAidApi.fileClaim(claimBody(chosen.enrolment.id, values)));
      window.scrollTo(0, 0);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setNotice(errorText(error));
        return;
      }
      const shown = (field: ClaimField) => (field === 'disease' || field === 'grade' ? diagnosis !== null : true);
      const placed = placeProblems(error.errors, (problem) => {
        const field = claimFieldOf(problem);
        return field && shown(field) ? field : null;
      });
      form.setFields(placed.fields.map(({ name, errors }) => ({ name, errors })));
      setNotice(joinMessages([error.title, ...placed.rest]));
      if (placed.fields.length > 0) scrollToFirstError();
    } finally {
      setSubmitting(false);
    }
  };

  const amountRule = {
    validator: async (_rule: unknown, value: string | undefined) => {
      if (!value?.trim()) throw new Error(t(`${k}.amountRequired`));
      const parsed = parseYuan(value);
      if (!parsed.ok) throw new Error(parsed.problem === 'too_large' ? t(`${k}.amountTooLarge`) : t(`${k}.amountInvalid`));
    },
  };
  const textRule = (required: string) => ({
    validator: async (_rule: unknown, value: string | undefined) => {
      const text = value?.trim() ?? '';
      if (!text) throw new Error(required);
      if (text.length < 2) throw new Error(t(`${k}.tooShort`));
    },
  });
  const figureLabels: Record<(typeof FIGURE_FIELDS)[number], { label: string; hint: string; testId: string }> = {
    total: { label: t(`${k}.total`), hint: t(`${k}.totalHint`), testId: 'mutual-aid-claim-total' },
    selfPaid: { label: t(`${k}.selfPaid`), hint: t(`${k}.selfPaidHint`), testId: 'mutual-aid-claim-self-paid' },
    inScope: { label: t(`${k}.inScope`), hint: t(`${k}.inScopeHint`), testId: 'mutual-aid-claim-in-scope' },
    aboveCeiling: { label: t(`${k}.aboveCeiling`), hint: t(`${k}.aboveCeilingHint`), testId: 'mutual-aid-claim-above-ceiling' },
  };

  return (
    <>
      <p className="gh-form-intro">{t(`${k}.intro`)}</p>
      {notice && (
        <div className="gh-problem" role="alert" data-testid="mutual-aid-claim-problem" ref={noticeRef}>
          {notice}
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        mode="card"
        onFinish={(values: ClaimValues) => void submit(values)}
        onFinishFailed={() => scrollToFirstError()}
        onValuesChange={(changed: Partial<ClaimValues>) => {
          // The figures are checked against each other: a change to one clears what the server said of the others.
          if (FIGURE_FIELDS.some((f) => f in changed)) form.setFields(FIGURE_FIELDS.map((name) => ({ name, errors: [] })));
        }}
        footer={
          <>
            <SubmitButton loading={submitting} loadingText={t(`${k}.submitting`)} testId="mutual-aid-claim-submit">
              {t(`${k}.submit`)}
            </SubmitButton>
            <p className="gh-fine-print">{t(`${k}.privacy`)}</p>
          </>
        }
      >
        <Form.Header>{t(`${k}.sectionInsured`)}</Form.Header>
        <div className="gh-ma-card-block" data-testid="mutual-aid-claim-insured" data-enrolment-id={chosen.enrolment.id}>
          {claimable.length > 1 ? (
            <SingleChoice
              columns={1}
              value={chosen.enrolment.id}
              onChange={setEnrolmentId}
              options={claimable.map(({ enrolment, plan }) => ({
                value: enrolment.id,
                label: t(`${k}.insuredValue`, {
                  name: enrolment.insuredName,
                  relation: t(`memberMutualAid.relation.${enrolment.relation}`),
                  plan: plan.name,
                }),
              }))}
              testId="mutual-aid-claim-enrolment"
            />
          ) : (
            <strong>
              {t(`${k}.insuredValue`, {
                name: chosen.enrolment.insuredName,
                relation: t(`memberMutualAid.relation.${chosen.enrolment.relation}`),
                plan: chosen.plan.name,
              })}
            </strong>
          )}
          <div className="gh-muted gh-ma-small">
            {t(`${k}.covered`, { start: chosen.enrolment.coveredFrom ?? chosen.enrolment.cycleStart, end: chosen.enrolment.cycleEnd })}
          </div>
        </div>

        <Form.Header>{t(`${k}.sectionStay`)}</Form.Header>
        <Form.Item
          name="admittedOn"
          label={t(`${k}.admittedOn`)}
          required
          rules={[{ required: true, message: t(`${k}.admittedOnRequired`) }]}
        >
          <DayField min={firstDay} max={maxDay} testId="mutual-aid-claim-admitted" />
        </Form.Item>
        <Form.Item name="dischargedOn" label={t(`${k}.dischargedOn`)} description={t(`${k}.dischargedOnHint`)}>
          <DayField min={admittedOn ?? firstDay} max={today} clearable testId="mutual-aid-claim-discharged" />
        </Form.Item>
        <Form.Item name="hospital" label={t(`${k}.hospital`)} required rules={[textRule(t(`${k}.hospitalRequired`))]}>
          <TestInput maxLength={60} clearable placeholder={t(`${k}.hospitalPlaceholder`)} testId="mutual-aid-claim-hospital" />
        </Form.Item>
        <Form.Item name="diagnosis" label={t(`${k}.diagnosis`)} required rules={[textRule(t(`${k}.diagnosisRequired`))]}>
          <TestInput maxLength={200} clearable placeholder={t(`${k}.diagnosisPlaceholder`)} testId="mutual-aid-claim-diagnosis" />
        </Form.Item>
        {diagnosis && (
          <Form.Item name="disease" label={t(`${k}.disease`)} description={t(`${k}.diseaseHint`)}>
            <DiseaseField diseases={diagnosis.diseases} testId="mutual-aid-claim-disease" />
          </Form.Item>
        )}
        {diagnosis && disease && (
          <Form.Item
            name="grade"
            label={t(`${k}.grade`)}
            description={t(`${k}.gradeHint`)}
            rules={[{ required: true, message: t(`${k}.gradeHint`) }]}
          >
            <SingleChoice
              columns={3}
              options={diagnosis.grades.map((n) => ({ value: n, label: t(`${k}.gradeValue`, { n }) }))}
              testId="mutual-aid-claim-grade"
            />
          </Form.Item>
        )}

        <Form.Header>{t(`${k}.sectionFigures`)}</Form.Header>
        <p className="gh-ma-hint gh-ma-card-block">{t(`${k}.figuresHint`)}</p>
        {FIGURE_FIELDS.map((name) => (
          <Form.Item
            key={name}
            name={name}
            label={figureLabels[name].label}
            description={figureLabels[name].hint}
            required
            rules={[amountRule]}
          >
            <UnitInput
              unit={t(`${k}.yuan`)}
              inputMode="decimal"
              placeholder={t(`${k}.amountPlaceholder`)}
              testId={figureLabels[name].testId}
            />
          </Form.Item>
        ))}

        <Form.Header>{t(`${k}.sectionBank`)}</Form.Header>
        <p className="gh-ma-hint gh-ma-card-block">{t(`${k}.bankHint`)}</p>
        <Form.Item name="bank" label={t(`${k}.bank`)} required rules={[textRule(t(`${k}.bankRequired`))]}>
          <TestInput maxLength={60} clearable placeholder={t(`${k}.bankPlaceholder`)} testId="mutual-aid-claim-bank" />
        </Form.Item>
        <Form.Item
          name="accountNo"
          label={t(`${k}.accountNo`)}
          required
          rules={[
            {
              validator: async (_rule: unknown, value: string | undefined) => {
                const digits = (value ?? '').replace(/[\s-]/g, '');
                if (!digits) throw new Error(t(`${k}.accountNoRequired`));
                if (!/^\d{12,19}$/.test(digits)) throw new Error(t('problems.mutual-aid.bank_account_invalid'));
              },
            },
          ]}
        >
          <TestInput
            maxLength={23}
            inputMode="numeric"
            autoComplete="off"
            clearable
            placeholder={t(`${k}.accountNoPlaceholder`)}
            testId="mutual-aid-claim-account"
          />
        </Form.Item>
      </Form>
    </>
  );
}

/** The claim as filed: the payout the rules compute now (the union decides), how it is made up, and the documents. */
function FiledResult({ claim }: { claim: FiledClaim }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <section className="gh-section gh-ma-result" data-testid="mutual-aid-claim-result" data-id={claim.id} data-status={claim.status}>
        <div className="gh-muted" data-testid="mutual-aid-claim-no">
          {t('memberMutualAid.result.claimNo', { no: claim.claimNo })}
        </div>
        <div className="gh-ma-payout-label">{t('memberMutualAid.result.expected')}</div>
        <div className="gh-ma-payout" data-testid="mutual-aid-claim-payout" data-fen={claim.payoutFen}>
          {yuan(claim.payoutFen)}
          <span className="gh-ma-payout-unit">{t('memberMutualAid.claim.yuan')}</span>
        </div>
        <PayoutLines lines={claim.lines} />
        <p className="gh-ma-hint">{t('memberMutualAid.result.note')}</p>
      </section>
      <section className="gh-section">
        <DocumentsSection claimId={claim.id} />
        <Button
          block
          size="large"
          shape="rounded"
          className="gh-ma-enrol"
          onClick={() => void navigate('/mutual-aid/claims', { replace: true })}
          data-testid="mutual-aid-claim-to-claims"
        >
          {t('memberMutualAid.result.toClaims')}
        </Button>
      </section>
    </>
  );
}

/** The listed disease of a first diagnosis, chosen from a list that opens from the bottom; none by default. */
function DiseaseField({
  value,
  onChange,
  diseases,
  testId,
}: {
  value?: Disease | undefined;
  onChange?: (value: Disease | undefined) => void;
  diseases: readonly Disease[];
  testId: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const none = '';
  return (
    <>
      <button type="button" className="gh-picker-trigger" onClick={() => setOpen(true)} data-testid={testId} aria-haspopup="dialog">
        <span className={value ? 'gh-picker-value' : 'gh-picker-placeholder'}>
          {value ? t(`memberMutualAid.disease.${value}`) : t('memberMutualAid.claim.diseaseNone')}
        </span>
        <DownOutline className="gh-picker-arrow" />
      </button>
      <Popup
        visible={open}
        onMaskClick={() => setOpen(false)}
        onClose={() => setOpen(false)}
        bodyClassName="gh-region-popup gh-ma-popup"
        destroyOnClose
      >
        <div className="gh-region-header">
          <button type="button" className="gh-region-cancel" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
          <span className="gh-region-title">{t('memberMutualAid.claim.disease')}</span>
          <span className="gh-region-cancel" aria-hidden />
        </div>
        <CheckList
          value={[value ?? none]}
          onChange={(next) => {
            const picked = next[0] as Disease | typeof none | undefined;
            onChange?.(picked ? picked : undefined);
            setOpen(false);
          }}
          data-testid={`${testId}-options`}
        >
          <CheckList.Item value={none}>{t('memberMutualAid.claim.diseaseNone')}</CheckList.Item>
          {diseases.map((d) => (
            <CheckList.Item key={d} value={d}>
              {t(`memberMutualAid.disease.${d}`)}
            </CheckList.Item>
          ))}
        </CheckList>
      </Popup>
    </>
  );
}
