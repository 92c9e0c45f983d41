import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Card, DatePicker, Form, Input, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../shared/api.ts';
import { shanghaiToday } from '../../../shared/id-number.ts';
import { keyForSubmit, type PendingSubmit } from '../coupons/till.ts';
import { randomUuid, type PartnerCredentials } from '../signing.ts';
import { mutualAidApi, type SettlementBody } from './api.ts';
import { SettlementResult, type Outcome } from './settlement-result.tsx';
import { problemsByField, readSettlementForm, refusalOf, type FormField, type FormProblem, type SettlementForm } from './settlement.ts';
import './mutual-aid.css';

type FormValues = Omit<SettlementForm, 'admittedOn' | 'dischargedOn'> & { admittedOn: Dayjs | null; dischargedOn: Dayjs | null };

const FIELDS: readonly FormField[] = [
  'idNumber',
  'name',
  'settlementRef',
  'admittedOn',
  'dischargedOn',
  'total',
  'inScope',
  'aboveCeiling',
  'selfPaid',
  'diagnosis',
];

const LABEL_KEY = {
  idNumber: 'partnerMutualAid.form.idNumber',
  name: 'partnerMutualAid.form.name',
  settlementRef: 'partnerMutualAid.form.settlementRef',
  admittedOn: 'partnerMutualAid.form.admittedOn',
  dischargedOn: 'partnerMutualAid.form.dischargedOn',
  total: 'partnerMutualAid.form.total',
  inScope: 'partnerMutualAid.form.inScope',
  aboveCeiling: 'partnerMutualAid.form.aboveCeiling',
  selfPaid: 'partnerMutualAid.form.selfPaid',
  diagnosis: 'partnerMutualAid.form.diagnosis',
} as const satisfies Record<FormField, string>;

const day = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

/**
 * 出院结算: at the discharge desk the clerk types the patient's 身份证号 and the figures of the insurance
 * settlement; the server answers at once with the 互助金 to take off the bill. Each submission keeps
 * its Idempotency-Key until it gets an answer, so sending it again after a dropped connection replays
 * the first answer rather than settling twice. The same 结算单号 with corrected figures re-settles.
 */
export function SettlePanel({ credentials }: { credentials: PartnerCredentials }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [outcome, setOutcome] = useState<Outcome>({ state: 'none' });
  const [submitting, setSubmitting] = useState(false);
  const pending = useRef<(PendingSubmit & { body: SettlementBody }) | null>(null);
  const inFlight = useRef(false);
  // This session's settlements by id, so that a re-settlement can name the one it replaced.
  const claimNos = useRef(new Map<string, string>());
  const resultRef = useRef<HTMLDivElement | null>(null);

  // On a tablet the answer sits below the form: bring it into sight when it comes.
  useEffect(() => {
    if (outcome.state === 'ok' || outcome.state === 'refused') resultRef.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome]);

  const problemText = (problem: FormProblem) =>
    problem.kind === 'idNumber' ? t(`problems.members.${problem.code}`) : t(`partnerMutualAid.problem.${problem.key}`);

  const send = async (body: SettlementBody) => {
    if (inFlight.current) return;
    const submit = keyForSubmit(pending.current, JSON.stringify(body), randomUuid);
    pending.current = { ...submit, body };
    inFlight.current = true;
    setSubmitting(true);
    // The previous answer goes at once: a clerk must never read the last patient's 互助金 as this one's.
    setOutcome({ state: 'pending' });
    try {
      const settlement = await mutualAidApi.settle(credentials, body, submit.key);
      pending.current = null;
      claimNos.current.set(settlement.settlementId, settlement.claimNo);
      setOutcome({
        state: 'ok',
        settlement,
        replacedClaimNo: settlement.replaces ? (claimNos.current.get(settlement.replaces) ?? null) : null,
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal !== 'unanswered') pending.current = null;
      const title = errorText(error);
      let reasons: string[] = [];
      if (error instanceof ApiError) {
        const { byField, rest } = problemsByField(error);
        form.setFields(FIELDS.filter((f) => byField[f]).map((f) => ({ name: f, errors: byField[f] ?? [] })));
        reasons = [
          ...FIELDS.flatMap((f) => (byField[f] ?? []).map((message) => t('common.labelValue', { label: t(LABEL_KEY[f]), value: message }))),
          // A refusal's title already says its first reason (不能结算：…): no need to say it twice.
          ...rest.filter((message) => !title.includes(message)),
        ];
      }
      setOutcome({ state: 'refused', refusal, code: error instanceof ApiError ? error.code : 'unknown', title, reasons });
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const submit = (values: FormValues) => {
    const read = readSettlementForm(
      { ...values, admittedOn: day(values.admittedOn), dischargedOn: day(values.dischargedOn) },
      shanghaiToday(),
    );
    if (!read.ok) {
      const wrong = FIELDS.filter((f) => read.problems[f]);
      form.setFields(FIELDS.map((f) => ({ name: f, errors: read.problems[f] ? [problemText(read.problems[f])] : [] })));
      form.scrollToField(wrong[0] ?? 'idNumber', { block: 'center' });
      form.focusField(wrong[0] ?? 'idNumber');
      return;
    }
    form.setFields(FIELDS.map((f) => ({ name: f, errors: [] })));
    void send(read.body);
  };

  const retry = () => {
    if (pending.current) void send(pending.current.body);
  };

  const nextPatient = () => {
    form.resetFields();
    pending.current = null;
    setOutcome({ state: 'none' });
    form.focusField('idNumber');
  };

  // Enter never submits: an ID-card reader types the number and Enter, and the boxes may still hold the
  // last patient's figures. It moves on to the next box instead; only the button settles.
  const enterMovesOn = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement)) return;
    event.preventDefault();
    const boxes = [...event.currentTarget.querySelectorAll<HTMLInputElement>('input:not([disabled]):not([type="hidden"])')];
    boxes[boxes.indexOf(event.target) + 1]?.focus();
  };

  const future = (value: Dayjs) => value.format('YYYY-MM-DD') > shanghaiToday();
  // Editing a box clears what was said about it: the clerk sees only what is still wrong.
  const clearOnChange = (changed: Partial<FormValues>) =>
    form.setFields(Object.keys(changed).map((name) => ({ name: name as FormField, errors: [] })));
  const amount = (name: FormField, testId: string) => (
    <Form.Item name={name} label={t(LABEL_KEY[name])} className="gh-aid-figure">
      <Input
        size="large"
        prefix="¥"
        inputMode="decimal"
        autoComplete="off"
        placeholder={t('partnerMutualAid.form.amountPlaceholder')}
        className="gh-aid-amount-input"
        data-testid={testId}
      />
    </Form.Item>
  );

  return (
    <div className="gh-aid-layout">
      <Card title={t('partnerMutualAid.form.title')} className="gh-aid-panel" data-testid="partner-aid-settle-form">
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={submit}
          onValuesChange={clearOnChange}
          onKeyDown={enterMovesOn}
          initialValues={{ dischargedOn: dayjs(shanghaiToday()), diagnosis: '' }}
          noValidate
        >
          <div className="gh-aid-row">
            <Form.Item name="idNumber" label={t(LABEL_KEY.idNumber)} className="gh-aid-grow">
              <Input
                size="large"
                autoComplete="off"
                spellCheck={false}
                maxLength={20}
                placeholder={t('partnerMutualAid.form.idNumberPlaceholder')}
                className="gh-aid-id-input"
                autoFocus
                data-testid="partner-aid-id-number"
              />
            </Form.Item>
            <Form.Item name="name" label={t(LABEL_KEY.name)} className="gh-aid-name">
              <Input size="large" autoComplete="off" maxLength={30} className="gh-aid-name-input" data-testid="partner-aid-name" />
            </Form.Item>
          </div>
          <Form.Item
            name="settlementRef"
            label={t(LABEL_KEY.settlementRef)}
            extra={<span data-testid="partner-aid-settlement-ref-help">{t('partnerMutualAid.form.settlementRefHelp')}</span>}
          >
            <Input
              size="large"
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              placeholder={t('partnerMutualAid.form.settlementRefPlaceholder')}
              data-testid="partner-aid-settlement-ref"
            />
          </Form.Item>
          <div className="gh-aid-row">
            <Form.Item name="admittedOn" label={t(LABEL_KEY.admittedOn)} className="gh-aid-grow">
              <DatePicker size="large" className="gh-aid-date" disabledDate={future} data-testid="partner-aid-admitted-on" />
            </Form.Item>
            <Form.Item name="dischargedOn" label={t(LABEL_KEY.dischargedOn)} className="gh-aid-grow">
              <DatePicker size="large" className="gh-aid-date" disabledDate={future} data-testid="partner-aid-discharged-on" />
            </Form.Item>
          </div>
          <div className="gh-aid-figures-title">{t('partnerMutualAid.form.figures')}</div>
          <div className="gh-aid-figures">
            {amount('total', 'partner-aid-total')}
            {amount('selfPaid', 'partner-aid-self-paid')}
            {amount('inScope', 'partner-aid-in-scope')}
            {amount('aboveCeiling', 'partner-aid-above-ceiling')}
          </div>
          <Form.Item name="diagnosis" label={t(LABEL_KEY.diagnosis)}>
            <Input autoComplete="off" maxLength={200} data-testid="partner-aid-diagnosis" />
          </Form.Item>
          <div className="gh-aid-actions">
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              loading={submitting}
              className="gh-aid-submit"
              data-testid="partner-aid-submit"
            >
              {t('partnerMutualAid.form.submit')}
            </Button>
            <Button size="large" onClick={nextPatient} disabled={submitting} data-testid="partner-aid-clear">
              {t('partnerMutualAid.form.clear')}
            </Button>
          </div>
          <Typography.Paragraph type="secondary" className="gh-aid-hint">
            {t('partnerMutualAid.form.hint')}
          </Typography.Paragraph>
        </Form>
      </Card>
      <div className="gh-aid-result-column" ref={resultRef}>
        <SettlementResult outcome={outcome} onRetry={retry} />
      </div>
    </div>
  );
}
