import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Checkbox, Form, NavBar, Stepper } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText, joinMessages } from '../../../shared/api.ts';
import { checkIdNumber, normaliseIdNumber } from '../../../shared/id-number.ts';
import { isPersonName } from '../../../shared/person-name.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { scrollToFirstError } from '../components/scroll.ts';
import { SubmitButton } from '../components/submit-button.tsx';
import { TestInput } from '../components/test-input.tsx';
import { memberApi } from '../api.ts';
import { membershipApi } from '../membership/api.ts';
import { inWechatBrowser, wechatFailureKey, wechatStep } from '../wechat.ts';
import { mutualAidApi, type PaymentProvider, type PlanItem } from './api.ts';
import { SingleChoice } from './fields.tsx';
import { BenefitList } from './plan-words.tsx';
import { cashierUrl, forgetOrder, payInWechat, pendingOrder, rememberOrder } from './pay.ts';
import { cleanName, enrolFieldOf, enrolmentBody, offersSpouse, placeProblems, yuan, type EnrolField, type EnrolValues } from './rules.ts';
import './mutual-aid.css';

interface Loaded {
  item: PlanItem;
  provider: PaymentProvider;
  gender: 'male' | 'female' | null;
  idNumberMasked: string | null;
}

type PageState = { state: 'loading' } | { state: 'error'; message: string; onRetry?: () => void } | { state: 'ready'; loaded: Loaded };

/** 参加互助保障 (/mutual-aid/plans/:planId/enrol): who is insured, the conditions the plan asks, and paying. */
export function MutualAidEnrolPage() {
  const { t } = useTranslation();
  const { planId = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const [page, setPage] = useState<PageState>({ state: 'loading' });

  // Back from the provider's cashier by the back button: the order waiting for this plan is checked first.
  useEffect(() => {
    const waiting = pendingOrder();
    if (waiting?.planId === planId)
      void navigate(`/mutual-aid/paid?outTradeNo=${encodeURIComponent(waiting.outTradeNo)}`, { replace: true });
  }, [planId, navigate]);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      mutualAidApi.plans(controller.signal),
      membershipApi.membership(controller.signal),
      // Only WeChat's browser pays by an openid of the session; elsewhere there is nothing to ask.
      inWechatBrowser() ? memberApi.me() : null,
    ])
      .then(([plans, membership, me]) => {
        if (controller.signal.aborted) return;
        const item = plans.items.find((i) => i.plan.id === planId);
        if (!item) {
          setPage({ state: 'error', message: t('memberMutualAid.enrol.planGone') });
          return;
        }
        // Inside WeChat the payment is by JSAPI for the session's openid: WeChat gives it first, then this page again.
        const step = wechatStep({
          userAgent: navigator.userAgent,
          status: me?.wechat ?? null,
          pathname: location.pathname,
          search: location.search,
        });
        if (step.kind === 'authorize') {
          window.location.replace(step.url);
          return;
        }
        if (step.kind === 'failed') {
          setPage({ state: 'error', message: t(wechatFailureKey(step.code)), onRetry: () => window.location.assign(step.retryUrl) });
          return;
        }
        setPage({
          state: 'ready',
          loaded: {
            item,
            provider: plans.paymentProvider,
            gender: membership.member?.gender ?? null,
            idNumberMasked: membership.member?.idNumberMasked ?? null,
          },
        });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setPage({ state: 'error', message: errorText(error) });
      });
    return () => controller.abort();
  }, [planId, t, location.pathname, location.search]);

  if (page.state === 'loading') return <PageLoading />;
  if (page.state === 'error') return <PageError message={page.message} {...(page.onRetry ? { onRetry: page.onRetry } : {})} />;
  return <EnrolForm loaded={page.loaded} />;
}

function EnrolForm({ loaded }: { loaded: Loaded }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [search] = useSearchParams();
  const [form] = Form.useForm<EnrolValues>();
  const [submitting, setSubmitting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const { plan } = loaded.item;
  const rule = plan.rule;
  const spouse = offersSpouse(rule, loaded.gender);
  const relation = Form.useWatch<EnrolValues['relation']>('relation', form) ?? 'self';
  const shares = Form.useWatch<number | undefined>('shares', form) ?? 1;
  const totalFen = rule.pricePerShareFen * shares;
  const k = 'memberMutualAid.enrol';

  useEffect(() => {
    if (notice) noticeRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [notice]);

  const initialValues: EnrolValues = {
    relation: spouse && search.get('relation') === 'spouse' ? 'spouse' : 'self',
    shares: 1,
    employed: false,
    healthDeclared: false,
  };

  const submit = async (values: EnrolValues) => {
    setNotice(null);
    const body = enrolmentBody(plan.id, values);
    setSubmitting(true);
    try {
      const { enrolment, payment } = await mutualAidApi.enrol(body);
      const action = payment.action;
      if (action.kind === 'instant') {
        forgetOrder();
        void navigate(`/mutual-aid/certificates/${enrolment.id}`, {
          replace: true,
          state: { paid: { plan: enrolment.planName, amountFen: payment.amountFen, devInstant: payment.provider === 'dev-instant' } },
        });
        return;
      }
      rememberOrder({ outTradeNo: payment.outTradeNo, planId: plan.id, amountFen: payment.amountFen });
      if (action.kind === 'redirect') {
        window.location.assign(cashierUrl(action.url, payment.outTradeNo));
        return;
      }
      const outcome = await payInWechat(action.params);
      if (outcome === 'ok') {
        void navigate(`/mutual-aid/paid?outTradeNo=${encodeURIComponent(payment.outTradeNo)}`, { replace: true });
      } else {
        // Not paid: the order waits (asking again returns it), the form stays as it was.
        setNotice(
          t(`memberMutualAid.pay.${outcome === 'no-bridge' ? 'notInWechat' : outcome === 'cancel' ? 'wechatCancel' : 'wechatFail'}`),
        );
      }
    } catch (error) {
      showError(error);
    } finally {
      setSubmitting(false);
    }
  };

  const showError = (error: unknown) => {
    if (!(error instanceof ApiError)) {
      setNotice(errorText(error));
      return;
    }
    // A problem of a field this plan does not ask (the relation on a plan for everyone) goes with the title.
    const shown = new Set<EnrolField>(['name', 'idNumber']);
    if (spouse) shown.add('relation');
    if (rule.maxShares > 1) shown.add('shares');
    if (rule.eligibility.employed && relation === 'self') shown.add('employed');
    if (rule.eligibility.healthDeclaration) shown.add('healthDeclared');
    const placed = placeProblems(error.errors, (problem) => {
      const field = enrolFieldOf(problem);
      return field && shown.has(field) ? field : null;
    });
    form.setFields(placed.fields.map(({ name, errors }) => ({ name, errors })));
    setNotice(joinMessages([error.title, ...placed.rest]));
    if (placed.fields.length > 0) scrollToFirstError();
  };

  const back = () => void (location.key !== 'default' ? navigate(-1) : navigate('/mutual-aid'));

  return (
    <div className="gh-page gh-form-page gh-ma gh-ma-enrol-page" data-testid="mutual-aid-enrol-page">
      <NavBar onBack={back} className="gh-nav">
        {t(`${k}.title`)}
      </NavBar>
      <section className="gh-ma-summary" data-testid="mutual-aid-enrol-plan">
        <div className="gh-ma-summary-name">{plan.name}</div>
        <div className="gh-muted">{t('memberMutualAid.plans.runBy', { org: plan.orgName })}</div>
        <BenefitList benefits={rule.benefits} testId="mutual-aid-enrol-benefit" />
      </section>
      <p className="gh-form-intro">{t(`${k}.intro`)}</p>

      {notice && (
        <div className="gh-problem" role="alert" data-testid="mutual-aid-enrol-problem" ref={noticeRef}>
          {notice}
        </div>
      )}

      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={initialValues}
        onFinish={(values: EnrolValues) => void submit(values)}
        onFinishFailed={() => scrollToFirstError()}
        footer={
          <>
            <div className="gh-ma-total" data-testid="mutual-aid-enrol-total" data-fen={totalFen}>
              <span>{t(`${k}.total`)}</span>
              <strong>{t('memberMutualAid.yuan', { amount: yuan(totalFen) })}</strong>
            </div>
            <SubmitButton loading={submitting} loadingText={t(`${k}.paying`)} testId="mutual-aid-enrol-submit">
              {t(`${k}.pay`, { amount: yuan(totalFen) })}
            </SubmitButton>
            {loaded.provider === 'dev-instant' && (
              <p className="gh-ma-dev-pay" data-testid="mutual-aid-enrol-dev-note">
                {t(`${k}.devPay`)}
              </p>
            )}
            <p className="gh-fine-print">{t(`${k}.privacy`)}</p>
          </>
        }
      >
        <Form.Header>{t(`${k}.sectionWho`)}</Form.Header>
        {spouse && (
          <Form.Item name="relation" label={t(`${k}.relation`)}>
            <SingleChoice
              columns={2}
              options={[
                { value: 'self', label: t(`${k}.self`) },
                { value: 'spouse', label: t(`${k}.spouse`) },
              ]}
              testId="mutual-aid-enrol-relation"
            />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t(`${k}.name`)}
          required
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const name = cleanName(value);
                if (!name) throw new Error(t(`${k}.nameRequired`));
                if (!isPersonName(name)) throw new Error(t('problems.mutual-aid.name_invalid'));
              },
            },
          ]}
        >
          <TestInput autoComplete="name" maxLength={30} clearable placeholder={t(`${k}.namePlaceholder`)} testId="mutual-aid-enrol-name" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t(`${k}.idNumber`)}
          required
          description={relation === 'self' && loaded.idNumberMasked ? t(`${k}.ownIdHint`, { masked: loaded.idNumberMasked }) : undefined}
          normalize={(value: string | undefined) => (value === undefined ? value : normaliseIdNumber(value))}
          validateTrigger={['onBlur', 'onSubmit']}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                if (!value) throw new Error(t(`${k}.idNumberRequired`));
                const checked = checkIdNumber(value);
                // The plan's ages are the server's to judge (its words name the age it found).
                if (!checked.ok && checked.problem !== 'under_age') throw new Error(t(`problems.mutual-aid.${checked.problem}`));
              },
            },
          ]}
        >
          <TestInput
            maxLength={18}
            clearable
            autoComplete="off"
            placeholder={t(`${k}.idNumberPlaceholder`)}
            testId="mutual-aid-enrol-id-number"
          />
        </Form.Item>

        <Form.Header>{t(`${k}.sectionConditions`)}</Form.Header>
        {rule.maxShares > 1 && (
          <Form.Item name="shares" label={t(`${k}.shares`)} description={t(`${k}.sharesHint`)}>
            <Stepper min={1} max={rule.maxShares} digits={0} className="gh-ma-stepper" data-testid="mutual-aid-enrol-shares" />
          </Form.Item>
        )}
        {rule.eligibility.employed && relation === 'self' && (
          <Form.Item name="employed" valuePropName="checked" description={t(`${k}.employedHint`)}>
            <Checkbox className="gh-ma-check" data-testid="mutual-aid-enrol-employed">
              {t(`${k}.employed`)}
            </Checkbox>
          </Form.Item>
        )}
        {rule.eligibility.healthDeclaration && (
          <Form.Item
            name="healthDeclared"
            label={t(`${k}.health`)}
            valuePropName="checked"
            rules={[
              {
                validator: async (_rule, value: boolean | undefined) => {
                  if (!value) throw new Error(t('problems.mutual-aid.health_declaration'));
                },
              },
            ]}
          >
            <Checkbox className="gh-ma-check" data-testid="mutual-aid-enrol-health">
              {t(`${k}.healthText`)}
            </Checkbox>
          </Form.Item>
        )}
        {rule.maxShares === 1 && (
          <div className="gh-ma-form-line">
            <span>{t(`${k}.shares`)}</span>
            <span>{t(`${k}.sharesValue`, { n: 1 })}</span>
          </div>
        )}
      </Form>
    </div>
  );
}
