import { useEffect, useRef, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Form, NavBar, Toast } from 'antd-mobile';
import { SubmitButton } from '../components/submit-button.tsx';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText, fieldErrors, joinMessages } from '../../../shared/api.ts';
import { isPersonName } from '../../../shared/person-name.ts';
import { isCurrentMember, isOpenApplication, membershipApi, type InvitationPrefill, type OwnApplication } from '../membership/api.ts';
import { checkIdNumber, normaliseIdNumber } from '../../../shared/id-number.ts';
import { useMembership } from '../membership/use-membership.ts';
import { TestInput } from '../components/test-input.tsx';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { PlacementPreview, usePlacement } from '../components/placement-preview.tsx';
import {
  WORK_PLACE_FIELDS,
  WorkPlaceFields,
  usableUscc,
  workPlaceBody,
  type Located,
  type WorkPlaceValues,
} from '../components/work-place-fields.tsx';
import { scrollToFirstError } from '../components/scroll.ts';

interface JoinValues extends WorkPlaceValues {
  name?: string;
  idNumber?: string;
}

const FIELDS = ['name', 'idNumber', ...WORK_PLACE_FIELDS] as const;

type Problem =
  { kind: 'plain'; message: string } | { kind: 'already-member'; message: string } | { kind: 'application-open'; message: string };

/** 入会: who, what work, where; shows the union the worker will join before they submit. */
export function JoinPage() {
  const { membership } = useMembership();
  if (membership.state === 'loading') return <PageLoading />;
  if (membership.state === 'error') return <PageError message={membership.message} />;
  const { member, application } = membership.membership;
  // Already a member, or an application is waiting: the status page says where things stand.
  if (isCurrentMember(member) || isOpenApplication(application)) return <Navigate to="/membership" replace />;
  return <JoinForm previous={application} />;
}

/** The invitation the page was opened with (`?inv=` from an SMS), once read; null without one or if it no longer works. */
function useInvitation(): InvitationPrefill | null {
  const [params] = useSearchParams();
  const token = params.get('inv');
  const [invitation, setInvitation] = useState<InvitationPrefill | null>(null);
  useEffect(() => {
    if (!token) return;
    const abort = new AbortController();
    // A link that no longer works leaves an empty form: the worker can still join.
    membershipApi.invitation(token, abort.signal).then(setInvitation, () => undefined);
    return () => abort.abort();
  }, [token]);
  return invitation;
}

function JoinForm({ previous }: { previous: OwnApplication | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<JoinValues>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [located, setLocated] = useState<Located>({ state: 'none' });
  const problemRef = useRef<HTMLDivElement>(null);

  const idNumber = Form.useWatch<string | undefined>('idNumber', form);
  const trade = Form.useWatch<JoinValues['trade']>('trade', form);
  const workRegionCode = Form.useWatch<string | undefined>('workRegionCode', form);
  const employerUscc = Form.useWatch<string | undefined>('employerUscc', form);
  const placement = usePlacement(trade, workRegionCode, usableUscc(employerUscc));
  const idChecked = idNumber ? checkIdNumber(idNumber) : null;
  const typedId = normaliseIdNumber(idNumber ?? '');
  const invitation = useInvitation();

  // An invitation's link fills in what the union's census knows (name, trade, work place, employer):
  // the worker checks it and adds the 身份证号, which the link never carries. What they typed already stays.
  useEffect(() => {
    if (!invitation) return;
    const filled = form.getFieldsValue();
    form.setFieldsValue({
      ...(filled.name ? {} : { name: invitation.name }),
      ...(filled.trade ? {} : { trade: invitation.trade }),
      ...(filled.workRegionCode ? {} : { workRegionCode: invitation.workRegionCode }),
      ...(filled.employerName || !invitation.employerName ? {} : { employerName: invitation.employerName }),
    });
  }, [invitation, form]);

  useEffect(() => {
    if (problem) problemRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [problem]);

  // The ID's one error line (the field's own) says what is wrong as soon as all 18 characters are in,
  // before the field loses focus; a shorter number is judged on blur, and an error about an earlier
  // value (the form's or the server's) goes as soon as the worker changes it.
  useEffect(() => {
    if (typedId.length >= 18) form.validateFields(['idNumber']).catch(() => undefined);
    else if (form.getFieldError('idNumber').length > 0) form.setFields([{ name: 'idNumber', errors: [] }]);
  }, [typedId, form]);

  // A rejected or withdrawn application: start again from its work place (name and ID are not kept in the clear).
  const initialValues: JoinValues = previous
    ? {
        trade: previous.trade,
        workRegionCode: previous.workRegionCode,
        ...(previous.employerName ? { employerName: previous.employerName } : {}),
        ...(previous.employerUscc ? { employerUscc: previous.employerUscc } : {}),
      }
    : {};

  const submit = async (values: JoinValues) => {
    setProblem(null);
    setSubmitting(true);
    try {
      const result = await membershipApi.apply({
        name: (values.name ?? '').trim().replace(/\s+/g, ' '),
        idNumber: normaliseIdNumber(values.idNumber ?? ''),
        ...workPlaceBody(values),
        ...(located.state === 'located' ? { location: { lat: located.lat, lng: located.lng } } : {}),
      });
      if (result.outcome === 'approved' || result.outcome === 'linked') {
        Toast.show({ icon: 'success', content: t(`memberMembership.join.outcome.${result.outcome}`) });
        void navigate('/card', { replace: true });
      } else {
        Toast.show({ icon: 'success', content: t(`memberMembership.join.outcome.${result.outcome}`) });
        void navigate('/membership', { replace: true });
      }
    } catch (error) {
      showError(error);
    } finally {
      setSubmitting(false);
    }
  };

  const showError = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'members.already_member') {
      setProblem({ kind: 'already-member', message: error.title });
      return;
    }
    if (error instanceof ApiError && error.code === 'members.application_open') {
      setProblem({ kind: 'application-open', message: error.title });
      return;
    }
    const { byField, rest } = fieldErrors(error, FIELDS);
    const fields = Object.entries(byField);
    form.setFields(fields.map(([name, errors]) => ({ name, errors })));
    if (rest.length > 0) setProblem({ kind: 'plain', message: joinMessages(rest) });
    else if (fields.length === 0) setProblem({ kind: 'plain', message: errorText(error) });
    else scrollToFirstError();
  };

  return (
    <div className="gh-page gh-form-page gh-join">
      <NavBar onBack={() => void navigate('/')} backIcon className="gh-nav">
        {t('memberMembership.join.title')}
      </NavBar>
      <p className="gh-form-intro">{t('memberMembership.join.intro')}</p>
      {invitation && (
        <div className="gh-invitation" data-testid="join-invitation">
          {t('memberMembership.join.invited', { union: invitation.union, campaign: invitation.campaign })}
        </div>
      )}

      {problem && (
        <div className="gh-problem" role="alert" data-testid="join-error" data-kind={problem.kind} ref={problemRef}>
          <div>{problem.message}</div>
          {problem.kind === 'already-member' && (
            // The title names the (masked) union and says one person joins one union.
            <Button size="small" color="primary" shape="rounded" onClick={() => void navigate('/transfer')} data-testid="join-go-transfer">
              {t('memberMembership.join.goTransfer')}
            </Button>
          )}
          {problem.kind === 'application-open' && (
            <Button size="small" color="primary" shape="rounded" onClick={() => void navigate('/membership')} data-testid="join-go-status">
              {t('memberMembership.join.goStatus')}
            </Button>
          )}
        </div>
      )}

      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={initialValues}
        onFinish={(values: JoinValues) => void submit(values)}
        onFinishFailed={() => scrollToFirstError()}
        footer={
          <>
            <SubmitButton
              loading={submitting}
              loadingText={t('memberMembership.join.submitting')}
              disabled={placement.state === 'no-union'}
              testId="join-submit"
            >
              {t('memberMembership.join.submit')}
            </SubmitButton>
            <p className="gh-fine-print">{t('memberMembership.join.consent')}</p>
          </>
        }
      >
        <Form.Header>{t('memberMembership.join.sectionPerson')}</Form.Header>
        <Form.Item
          name="name"
          label={t('memberMembership.join.name')}
          rules={[
            { required: true, whitespace: true, message: t('memberMembership.join.nameRequired') },
            {
              validator: async (_rule, value: string | undefined) => {
                const name = (value ?? '').trim().replace(/\s+/g, ' ');
                if (name && !isPersonName(name)) throw new Error(t('memberMembership.join.nameInvalid'));
              },
            },
          ]}
        >
          <TestInput
            autoComplete="name"
            maxLength={60}
            clearable
            placeholder={t('memberMembership.join.namePlaceholder')}
            testId="join-name"
          />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('memberMembership.join.idNumber')}
          // Full-width digits (a Chinese keyboard in full-width mode) show as the ASCII they stand for:
          // eighteen of them fit the field, and what the worker sees is what is checked and sent.
          normalize={(value: string | undefined) => (value === undefined ? value : normaliseIdNumber(value))}
          validateTrigger={['onBlur', 'onSubmit']}
          rules={[
            { required: true, message: t('memberMembership.join.idNumberRequired') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (!value) return;
                const checked = checkIdNumber(value);
                if (!checked.ok) throw new Error(t(`problems.members.${checked.problem}`));
              },
            },
          ]}
          description={
            idChecked?.ok ? (
              <span className="gh-id-facts" data-testid="join-id-facts">
                {t('memberMembership.join.idFacts', {
                  gender: t(`memberMembership.gender.${idChecked.facts.gender}`),
                  birthDate: idChecked.facts.birthDate,
                })}
              </span>
            ) : undefined
          }
        >
          <TestInput
            maxLength={18}
            clearable
            autoComplete="off"
            inputMode="text"
            placeholder={t('memberMembership.join.idNumberPlaceholder')}
            testId="join-id-number"
          />
        </Form.Item>

        <Form.Header>{t('memberMembership.join.sectionWork')}</Form.Header>
        <WorkPlaceFields form={form} prefix="join" located={located} onLocated={setLocated} />

        <div className="gh-placement-slot">
          <PlacementPreview placement={placement} trade={trade} mode="join" testId="join-placement" />
        </div>
      </Form>
    </div>
  );
}
