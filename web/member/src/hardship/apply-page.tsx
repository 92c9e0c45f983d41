import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, CheckList, DatePicker, Dialog, Form, NavBar, Popup, Selector, TextArea, Toast, type InputProps } from 'antd-mobile';
import { AddCircleOutline, DownOutline, InformationCircleOutline, TeamOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText, joinMessages } from '../../../shared/api.ts';
import { checkIdNumber, normaliseIdNumber, shanghaiToday } from '../../../shared/id-number.ts';
import { isPersonName } from '../../../shared/person-name.ts';
import { TRADES, type Trade } from '../../../shared/trades.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { usePlacement, type PlacementState } from '../components/placement-preview.tsx';
import { RegionPicker } from '../components/region-picker.tsx';
import { scrollToFirstError } from '../components/scroll.ts';
import { SubmitButton } from '../components/submit-button.tsx';
import { TestInput } from '../components/test-input.tsx';
import type { Membership } from '../membership/api.ts';
import { useMembership } from '../membership/use-membership.ts';
import { hardshipApi } from './api.ts';
import {
  HARDSHIP_CAUSES,
  HEALTH,
  OTHER_RELATIONS,
  SCHOOLING,
  applicationBody,
  cleanName,
  dayOf,
  hasSuddenCause,
  householdTotals,
  parseAge,
  parseYuan,
  placeProblems,
  yuanText,
  type ApplyValues,
  type Cause,
  type MemberRow,
  type YuanProblem,
} from './rules.ts';
import './hardship.css';

/** The server keeps at most 20 people in a household. */
const MAX_MEMBERS = 20;
/** The earliest day a cause may be dated from in the picker. */
const EARLIEST_CAUSE = new Date(1950, 0, 1);

type Notice = { kind: 'plain'; message: string } | { kind: 'threshold'; message: string } | { kind: 'file-open'; message: string };

/** 申请困难帮扶: the applicant, the union that takes it, the household with its figures, the causes. */
export function HardshipApplyPage() {
  const { membership } = useMembership();
  if (membership.state === 'loading') return <PageLoading />;
  if (membership.state === 'error') return <PageError message={membership.message} />;
  return <ApplyForm membership={membership.membership} />;
}

function ApplyForm({ membership }: { membership: Membership }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<ApplyValues>();
  const [submitting, setSubmitting] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [householdProblems, setHouseholdProblems] = useState<string[]>([]);
  const [totalsProblems, setTotalsProblems] = useState<string[]>([]);
  const [unionProblems, setUnionProblems] = useState<string[]>([]);
  const noticeRef = useRef<HTMLDivElement>(null);
  const autoAge = useRef<string | null>(null);

  // The server takes a member's own union (whatever the member record's status); anyone else names one.
  const own = membership.member;
  const rows = Form.useWatch<MemberRow[] | undefined>('members', form) ?? [];
  const causes = Form.useWatch<Cause[] | undefined>('causes', form) ?? [];
  const name = Form.useWatch<string | undefined>('name', form);
  const idNumber = Form.useWatch<string | undefined>('idNumber', form);
  const trade = Form.useWatch<Trade | undefined>('trade', form);
  const workRegionCode = Form.useWatch<string | undefined>('workRegionCode', form);
  const placement = usePlacement(own ? undefined : trade, own ? undefined : workRegionCode, undefined);
  const totals = householdTotals(rows);
  const sudden = hasSuddenCause(causes);
  const idChecked = idNumber ? checkIdNumber(idNumber) : null;
  const idAge = idChecked?.ok ? idChecked.facts.age : null;

  // The worker's age follows from the 身份证号: filled in while the field is empty or still holds the filled-in age.
  useEffect(() => {
    if (idAge === null) return;
    const current = form.getFieldValue(['members', 0, 'age']) as string | undefined;
    if (!current || current === autoAge.current) {
      autoAge.current = String(idAge);
      form.setFieldValue(['members', 0, 'age'], String(idAge));
    }
  }, [idAge, form]);

  useEffect(() => {
    if (notice) noticeRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [notice]);

  const unionName = own?.orgName ?? (placement.state === 'ready' ? placement.placement.orgName : null);

  const initialValues: ApplyValues = {
    members: [{ relation: 'self', schooling: 'not_applicable' }],
    // One who applied to join names their place already: the union they applied to takes this too.
    ...(!own && membership.application
      ? { trade: membership.application.trade, workRegionCode: membership.application.workRegionCode }
      : {}),
  };

  const submit = async (values: ApplyValues) => {
    setNotice(null);
    setHouseholdProblems([]);
    setTotalsProblems([]);
    setUnionProblems([]);
    const orgId = own ? null : placement.state === 'ready' ? placement.placement.orgId : null;
    if (!own && !orgId) {
      setUnionProblems([placement.state === 'no-union' ? placement.message : t('memberHardship.apply.unionMissing')]);
      scrollToFirstError();
      return;
    }
    const body = applicationBody(values, orgId);
    setSubmitting(true);
    try {
      const file = await hardshipApi.apply(body);
      Toast.show({ icon: 'success', content: t('memberHardship.apply.submitted', { number: file.fileNumber }) });
      void navigate('/hardship', {
        replace: true,
        state: { submitted: { id: file.id, fileNumber: file.fileNumber, status: file.status } },
      });
    } catch (error) {
      showError(
        error,
        body.causes.map((c) => c.cause),
      );
    } finally {
      setSubmitting(false);
    }
  };

  const showError = (error: unknown, sentCauses: Cause[]) => {
    if (!(error instanceof ApiError)) {
      setNotice({ kind: 'plain', message: errorText(error) });
      return;
    }
    if (error.code === 'hardship.threshold_missing') {
      // The server's title speaks to staff (where to set the standard); the worker is told what to do.
      const union = unionName ?? t('memberHardship.apply.thresholdMissingUnion');
      setNotice({ kind: 'threshold', message: t('memberHardship.apply.thresholdMissing', { union }) });
      return;
    }
    if (error.code === 'hardship.file_open') {
      setNotice({ kind: 'file-open', message: error.title });
      return;
    }
    if (error.code === 'hardship.not_found' && !own) {
      setUnionProblems([t('memberHardship.apply.unionMissing')]);
      scrollToFirstError();
      return;
    }
    const placed = placeProblems(error.errors, sentCauses);
    form.setFields(placed.fields.map(({ name: field, errors }) => ({ name: field, errors })));
    setHouseholdProblems(placed.household);
    setTotalsProblems(placed.totals);
    setUnionProblems(placed.union);
    // The title says how many problems there are; each is shown where it is, and those of no field here with the title.
    setNotice({ kind: 'plain', message: joinMessages([error.title, ...placed.rest]) });
    if (error.errors.length > placed.rest.length) scrollToFirstError();
  };

  const yuanRule = (problem: (p: YuanProblem) => string, required?: string) => ({
    validator: async (_rule: unknown, value: string | undefined) => {
      if (!value?.trim()) {
        if (required) throw new Error(required);
        return;
      }
      const parsed = parseYuan(value);
      if (!parsed.ok) throw new Error(problem(parsed.problem));
    },
  });
  const incomeProblem = (p: YuanProblem) =>
    p === 'too_large' ? t('memberHardship.apply.amountTooLarge') : t('memberHardship.problems.income_invalid');
  const burdenProblem = (p: YuanProblem) =>
    p === 'too_large' ? t('memberHardship.apply.amountTooLarge') : t('memberHardship.problems.burden_invalid');
  const idRule = (required: boolean) => ({
    validator: async (_rule: unknown, value: string | undefined) => {
      if (!value) {
        if (required) throw new Error(t('memberHardship.apply.idNumberRequired'));
        return;
      }
      const checked = checkIdNumber(value);
      // A child of the household is young by nature: only the number itself is checked here.
      if (!checked.ok && checked.problem !== 'under_age') throw new Error(t(`memberHardship.problems.${checked.problem}`));
    },
  });
  const nameRule = (required: string) => ({
    validator: async (_rule: unknown, value: string | undefined) => {
      const cleaned = cleanName(value);
      if (!cleaned) throw new Error(required);
      if (!isPersonName(cleaned)) throw new Error(t('memberHardship.problems.name_invalid'));
    },
  });

  const back = () => void (location.key !== 'default' ? navigate(-1) : navigate('/'));
  const rowTitle = (index: number): string => {
    if (index === 0) {
      const cleaned = cleanName(name);
      return cleaned ? t('memberHardship.apply.selfName', { name: cleaned }) : t('memberHardship.apply.self');
    }
    const relation = rows[index]?.relation;
    return relation
      ? t('memberHardship.apply.memberTitle', { n: index + 1, relation: t(`memberHardship.relation.${relation}`) })
      : t('memberHardship.apply.memberNew', { n: index + 1 });
  };
  const remove = async (index: number, removeRow: (index: number) => void) => {
    const confirmed = await Dialog.confirm({
      content: t('memberHardship.apply.removeConfirm', { n: index + 1 }),
      confirmText: t('memberHardship.apply.remove'),
      cancelText: t('common.cancel'),
    });
    if (confirmed) removeRow(index);
  };

  return (
    <div className="gh-page gh-form-page gh-hs-apply" data-testid="hardship-apply-page">
      <NavBar
        onBack={back}
        className="gh-nav"
        right={
          <button type="button" className="gh-hs-nav-link" onClick={() => void navigate('/hardship')} data-testid="hardship-apply-mine">
            {t('memberHardship.apply.mine')}
          </button>
        }
      >
        {t('memberHardship.apply.title')}
      </NavBar>
      <p className="gh-form-intro">{t('memberHardship.apply.intro')}</p>

      {notice && (
        <div className="gh-problem" role="alert" data-testid="hardship-apply-problem" data-kind={notice.kind} ref={noticeRef}>
          <div>{notice.message}</div>
          {notice.kind === 'file-open' && (
            <>
              <div className="gh-hs-problem-hint">{t('memberHardship.apply.fileOpenHint')}</div>
              <Button
                size="small"
                color="primary"
                shape="rounded"
                onClick={() => void navigate('/hardship')}
                data-testid="hardship-go-mine"
              >
                {t('memberHardship.apply.goMine')}
              </Button>
            </>
          )}
        </div>
      )}

      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={initialValues}
        onFinish={(values: ApplyValues) => void submit(values)}
        onFinishFailed={() => scrollToFirstError()}
        onValuesChange={(changed: Partial<ApplyValues>) => {
          if ('members' in changed) {
            setHouseholdProblems([]);
            setTotalsProblems([]);
          }
          if ('trade' in changed || 'workRegionCode' in changed) setUnionProblems([]);
        }}
        footer={
          <>
            <SubmitButton loading={submitting} loadingText={t('memberHardship.apply.submitting')} testId="hardship-submit">
              {t('memberHardship.apply.submit')}
            </SubmitButton>
            <p className="gh-fine-print">{t('memberHardship.apply.privacy')}</p>
          </>
        }
      >
        <Form.Header>{t('memberHardship.apply.sectionApplicant')}</Form.Header>
        <Form.Item name="name" label={t('memberHardship.apply.name')} required rules={[nameRule(t('memberHardship.apply.nameRequired'))]}>
          <TestInput
            autoComplete="name"
            maxLength={30}
            clearable
            placeholder={t('memberHardship.apply.namePlaceholder')}
            testId="hardship-name"
          />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('memberHardship.apply.idNumber')}
          required
          normalize={(value: string | undefined) => (value === undefined ? value : normaliseIdNumber(value))}
          validateTrigger={['onBlur', 'onSubmit']}
          rules={[idRule(true)]}
        >
          <TestInput
            maxLength={18}
            clearable
            autoComplete="off"
            placeholder={t('memberHardship.apply.idNumberPlaceholder')}
            testId="hardship-id-number"
          />
        </Form.Item>

        <Form.Header>{t('memberHardship.apply.sectionUnion')}</Form.Header>
        {own ? (
          <div className="gh-hs-union" data-testid="hardship-union" data-org-id={own.orgId}>
            <TeamOutline />
            <div>
              <strong data-testid="hardship-union-name">{own.orgName}</strong>
              <div className="gh-muted">{t('memberHardship.apply.unionOwn')}</div>
            </div>
          </div>
        ) : (
          <>
            <p className="gh-hs-hint">{t('memberHardship.apply.unionPick')}</p>
            <Form.Item
              name="trade"
              label={t('memberHardship.apply.trade')}
              rules={[{ required: true, message: t('memberHardship.apply.tradeRequired') }]}
            >
              <SingleSelector
                className="gh-trades"
                columns={3}
                options={TRADES.map((value) => ({ value, label: t(`enums.trade.${value}`) }))}
                testId="hardship-trade"
              />
            </Form.Item>
            <Form.Item
              name="workRegionCode"
              label={t('memberHardship.apply.region')}
              rules={[{ required: true, message: t('memberHardship.apply.regionRequired') }]}
            >
              <RegionPicker testId="hardship-region" />
            </Form.Item>
            <UnionFound placement={placement} problems={unionProblems} />
          </>
        )}

        <Form.Header>{t('memberHardship.apply.sectionHousehold')}</Form.Header>
        <div className="gh-hs-hint-item">
          <p className="gh-hs-hint">{t('memberHardship.apply.householdHint')}</p>
          <Problems messages={householdProblems} testId="hardship-household-problems" />
        </div>
        <Form.Array
          name="members"
          renderHeader={({ index }, { remove: removeRow }) => (
            <div className="gh-hs-member-head" data-testid="hardship-member-head" data-index={index}>
              <span>{rowTitle(index)}</span>
              {index > 0 && (
                <button
                  type="button"
                  className="gh-hs-remove"
                  onClick={() => void remove(index, removeRow)}
                  data-testid={`hardship-member-${index}-remove`}
                >
                  {t('memberHardship.apply.remove')}
                </button>
              )}
            </div>
          )}
          onAdd={({ add }) => add({})}
          {...(rows.length < MAX_MEMBERS
            ? {
                renderAdd: () => (
                  <span className="gh-hs-add" data-testid="hardship-member-add">
                    <AddCircleOutline /> {t('memberHardship.apply.add')}
                  </span>
                ),
              }
            : {})}
        >
          {(fields) =>
            fields.map(({ index }) => (
              <MemberFields
                key={index}
                index={index}
                autoAge={index === 0 && idAge !== null && rows[0]?.age === String(idAge)}
                rules={{
                  name: nameRule(t('memberHardship.apply.memberNameRequired')),
                  income: yuanRule(incomeProblem, t('memberHardship.apply.incomeRequired')),
                  idNumber: idRule(false),
                }}
              />
            ))
          }
        </Form.Array>
        <Form.Header>{t('memberHardship.apply.totals')}</Form.Header>
        <div className="gh-hs-totals" data-testid="hardship-totals">
          <div>
            <span className="gh-hs-totals-label">{t('memberHardship.apply.size')}</span>
            <strong data-testid="hardship-household-size" data-value={totals.size}>
              {t('memberHardship.apply.sizeValue', { n: totals.size })}
            </strong>
          </div>
          <div>
            <span className="gh-hs-totals-label">{t('memberHardship.apply.monthlyIncome')}</span>
            <strong data-testid="hardship-household-income" data-fen={totals.incomeFen ?? ''}>
              {totals.incomeFen === null ? t('common.none') : t('memberHardship.apply.money', { amount: yuanText(totals.incomeFen) })}
            </strong>
          </div>
          <div>
            <span className="gh-hs-totals-label">{t('memberHardship.apply.perCapita')}</span>
            <strong data-testid="hardship-household-per-capita">
              {totals.perCapitaFen === null ? t('common.none') : t('memberHardship.apply.money', { amount: yuanText(totals.perCapitaFen) })}
            </strong>
          </div>
          {totals.incomeFen === null && <p className="gh-hs-totals-note">{t('memberHardship.apply.incomplete')}</p>}
          <Problems messages={totalsProblems} testId="hardship-totals-problems" />
        </div>

        <Form.Header>{t('memberHardship.apply.sectionCauses')}</Form.Header>
        <Form.Item
          name="causes"
          label={t('memberHardship.apply.causesHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('memberHardship.apply.causesRequired') }]}
        >
          <Selector
            className="gh-trades gh-hs-causes"
            columns={3}
            multiple
            options={HARDSHIP_CAUSES.map((value) => ({ value, label: t(`memberHardship.cause.${value}`) }))}
            data-testid="hardship-causes"
          />
        </Form.Item>
        {HARDSHIP_CAUSES.filter((cause) => causes.includes(cause)).map((cause) => {
          const label = t(`memberHardship.cause.${cause}`);
          return (
            <Form.Item
              key={cause}
              name={['since', cause]}
              label={t('memberHardship.apply.since', { cause: label })}
              rules={[{ required: true, message: t('memberHardship.apply.sinceRequired', { cause: label }) }]}
            >
              <DayPicker title={t('memberHardship.apply.sinceTitle', { cause: label })} testId={`hardship-since-${cause}`} />
            </Form.Item>
          );
        })}
        {sudden && (
          <Form.Item
            name="oneOffBurden"
            label={t('memberHardship.apply.burden')}
            description={t('memberHardship.apply.burdenHelp')}
            rules={[yuanRule(burdenProblem)]}
          >
            <UnitInput
              unit={t('memberHardship.apply.yuan')}
              inputMode="decimal"
              placeholder={t('memberHardship.apply.burdenPlaceholder')}
              testId="hardship-burden"
            />
          </Form.Item>
        )}
        <Form.Item name="address" label={t('memberHardship.apply.address')}>
          <TextArea
            placeholder={t('memberHardship.apply.addressPlaceholder')}
            rows={1}
            autoSize={{ minRows: 1, maxRows: 3 }}
            maxLength={200}
            ref={(area) => area?.nativeElement?.setAttribute('data-testid', 'hardship-address')}
          />
        </Form.Item>
      </Form>
    </div>
  );
}

interface Rule {
  validator: (rule: unknown, value: string | undefined) => Promise<void>;
}

/** One person of the household: the first is the worker (本人), whose name and number are the applicant's. */
function MemberFields({ index, autoAge, rules }: { index: number; autoAge: boolean; rules: { name: Rule; income: Rule; idNumber: Rule } }) {
  const { t } = useTranslation();
  const self = index === 0;
  const testId = (field: string) => `hardship-member-${index}-${field}`;
  return (
    <>
      {!self && (
        <Form.Item name={[index, 'name']} layout="horizontal" required label={t('memberHardship.apply.memberName')} rules={[rules.name]}>
          <TestInput maxLength={30} clearable placeholder={t('memberHardship.apply.namePlaceholder')} testId={testId('name')} />
        </Form.Item>
      )}
      {!self && (
        <Form.Item
          name={[index, 'relation']}
          layout="horizontal"
          label={t('memberHardship.apply.relation')}
          rules={[{ required: true, message: t('memberHardship.apply.relationRequired') }]}
        >
          <ChoiceField
            title={t('memberHardship.apply.relation')}
            options={OTHER_RELATIONS.map((value) => ({ value, label: t(`memberHardship.relation.${value}`) }))}
            testId={testId('relation')}
          />
        </Form.Item>
      )}
      <Form.Item
        name={[index, 'age']}
        layout="horizontal"
        required
        label={t('memberHardship.apply.age')}
        description={autoAge ? t('memberHardship.apply.ageFromId') : undefined}
        rules={[
          {
            validator: async (_rule, value: string | undefined) => {
              if (!value?.trim()) throw new Error(t('memberHardship.apply.ageRequired'));
              if (parseAge(value) === null) throw new Error(t('memberHardship.apply.ageInvalid'));
            },
          },
        ]}
      >
        <UnitInput
          unit={t('memberHardship.apply.years')}
          inputMode="numeric"
          maxLength={3}
          placeholder={t('memberHardship.apply.agePlaceholder')}
          testId={testId('age')}
        />
      </Form.Item>
      <Form.Item
        name={[index, 'health']}
        label={t('memberHardship.apply.health')}
        rules={[{ required: true, message: t('memberHardship.apply.healthRequired') }]}
      >
        <SingleSelector
          className="gh-trades"
          columns={3}
          options={HEALTH.map((value) => ({ value, label: t(`memberHardship.health.${value}`) }))}
          testId={testId('health')}
        />
      </Form.Item>
      <Form.Item
        name={[index, 'schooling']}
        layout="horizontal"
        label={t('memberHardship.apply.schooling')}
        rules={[{ required: true, message: t('memberHardship.apply.schoolingRequired') }]}
      >
        <ChoiceField
          title={t('memberHardship.apply.schooling')}
          options={SCHOOLING.map((value) => ({ value, label: t(`memberHardship.schooling.${value}`) }))}
          testId={testId('schooling')}
        />
      </Form.Item>
      <Form.Item
        name={[index, 'monthlyIncome']}
        layout="horizontal"
        required
        label={t('memberHardship.apply.income')}
        rules={[rules.income]}
      >
        <UnitInput
          unit={t('memberHardship.apply.yuan')}
          inputMode="decimal"
          placeholder={t('memberHardship.apply.incomePlaceholder')}
          testId={testId('income')}
        />
      </Form.Item>
      {!self && (
        <Form.Item
          name={[index, 'idNumber']}
          layout="horizontal"
          label={t('memberHardship.apply.memberIdNumber')}
          normalize={(value: string | undefined) => (value === undefined ? value : normaliseIdNumber(value))}
          validateTrigger={['onBlur', 'onSubmit']}
          rules={[rules.idNumber]}
        >
          <TestInput
            maxLength={18}
            clearable
            autoComplete="off"
            placeholder={t('memberHardship.apply.memberIdNumberPlaceholder')}
            testId={testId('id-number')}
          />
        </Form.Item>
      )}
    </>
  );
}

/** Where the worker's application goes: the union the place and trade come to (the join form's rule), or why none. */
function UnionFound({ placement, problems }: { placement: PlacementState; problems: string[] }) {
  const { t } = useTranslation();
  let body: ReactNode;
  if (placement.state === 'ready') {
    body = (
      <div
        className="gh-placement gh-placement-ready"
        data-testid="hardship-union"
        data-state="ready"
        data-org-id={placement.placement.orgId}
      >
        <div className="gh-placement-label">{t('memberHardship.apply.unionReady')}</div>
        <div className="gh-placement-union">
          <TeamOutline /> <span data-testid="hardship-union-name">{placement.placement.orgName}</span>
        </div>
      </div>
    );
  } else if (placement.state === 'no-union' || placement.state === 'error') {
    body = (
      <div className="gh-placement gh-placement-problem" role="alert" data-testid="hardship-union" data-state={placement.state}>
        <strong>{placement.message}</strong>
        {placement.state === 'no-union' && <p>{t('memberHardship.apply.unionNoneHint')}</p>}
      </div>
    );
  } else {
    body = (
      <div className="gh-placement gh-placement-idle" data-testid="hardship-union" data-state={placement.state}>
        <InformationCircleOutline />{' '}
        {placement.state === 'loading' ? t('memberHardship.apply.unionLoading') : t('memberHardship.apply.unionIdle')}
      </div>
    );
  }
  return (
    <div className="gh-placement-slot">
      {body}
      <Problems messages={problems} testId="hardship-union-problems" />
    </div>
  );
}

/** A number typed with its unit (元, 岁) beside it. */
function UnitInput({ unit, ...props }: InputProps & { unit: string; testId: string }) {
  return (
    <div className="gh-hs-unit-input">
      <TestInput {...props} />
      <span className="gh-hs-unit">{unit}</span>
    </div>
  );
}

/** Problems the server found that belong to no one field, shown where they belong. */
function Problems({ messages, testId }: { messages: string[]; testId: string }) {
  if (messages.length === 0) return null;
  return (
    <div className="gh-hs-problems adm-form-item-feedback-error" role="alert" data-testid={testId}>
      {messages.map((message, i) => (
        <div key={i}>{message}</div>
      ))}
    </div>
  );
}

/** Chips for one choice among a few (health, trade): a Form.Item's value is the choice, not a list. */
function SingleSelector<T extends string>({
  value,
  onChange,
  options,
  columns,
  className,
  testId,
}: {
  value?: T | undefined;
  onChange?: (value: T) => void;
  options: { value: T; label: string }[];
  columns: number;
  className: string;
  testId: string;
}) {
  return (
    <Selector
      className={className}
      columns={columns}
      options={options}
      value={value ? [value] : []}
      onChange={(next) => {
        const picked = next[0];
        if (picked) onChange?.(picked);
      }}
      data-testid={testId}
    />
  );
}

/** One choice among many or long ones (relation, schooling): a field that opens a list from the bottom. */
function ChoiceField<T extends string>({
  value,
  onChange,
  options,
  title,
  testId,
}: {
  value?: T | undefined;
  onChange?: (value: T) => void;
  options: { value: T; label: string }[];
  title: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const label = options.find((o) => o.value === value)?.label;
  return (
    <>
      <button type="button" className="gh-picker-trigger" onClick={() => setOpen(true)} data-testid={testId} aria-haspopup="dialog">
        <span className={label ? 'gh-picker-value' : 'gh-picker-placeholder'}>{label ?? t('memberHardship.apply.choose')}</span>
        <DownOutline className="gh-picker-arrow" />
      </button>
      <Popup
        visible={open}
        onMaskClick={() => setOpen(false)}
        onClose={() => setOpen(false)}
        bodyClassName="gh-region-popup gh-hs-choice-popup"
        destroyOnClose
      >
        <div className="gh-region-header">
          <button type="button" className="gh-region-cancel" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
          <span className="gh-region-title">{title}</span>
          <span className="gh-region-cancel" aria-hidden />
        </div>
        <CheckList
          value={value ? [value] : []}
          onChange={(next) => {
            // A tap on the item already chosen unticks it in CheckList: it means "this one" here.
            const picked = (next[0] as T | undefined) ?? value;
            if (picked) onChange?.(picked);
            setOpen(false);
          }}
          data-testid={`${testId}-options`}
        >
          {options.map((o) => (
            <CheckList.Item key={o.value} value={o.value}>
              {o.label}
            </CheckList.Item>
          ))}
        </CheckList>
      </Popup>
    </>
  );
}

/** A calendar day up to today, picked on wheels; the form holds the picked Date. */
function DayPicker({
  value,
  onChange,
  title,
  testId,
}: {
  value?: Date | null | undefined;
  onChange?: (value: Date) => void;
  title: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // Today in Shanghai as the picker's local midnight: no day after it can be picked.
  const [y, m, d] = shanghaiToday().split('-').map(Number) as [number, number, number];
  const today = new Date(y, m - 1, d);
  const text = value ? dayOf(value) : null;
  return (
    <>
      <button type="button" className="gh-picker-trigger" onClick={() => setOpen(true)} data-testid={testId} data-value={text ?? ''}>
        <span className={text ? 'gh-picker-value' : 'gh-picker-placeholder'}>{text ?? t('memberHardship.apply.sincePlaceholder')}</span>
        <DownOutline className="gh-picker-arrow" />
      </button>
      <DatePicker
        visible={open}
        title={title}
        precision="day"
        min={EARLIEST_CAUSE}
        max={today}
        defaultValue={today}
        {...(value ? { value } : {})}
        onClose={() => setOpen(false)}
        onConfirm={(picked) => onChange?.(picked)}
        renderLabel={(type, n) =>
          type === 'year' || type === 'month' || type === 'day' ? t(`memberHardship.apply.pickerLabel.${type}`, { n }) : String(n)
        }
        confirmText={t('common.confirm')}
        cancelText={t('common.cancel')}
      />
    </>
  );
}
