import { useEffect, useRef, useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { Button, Form, NavBar, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, joinMessages } from '../../../shared/api.ts';
import { membershipApi, type OwnMember, type OwnTransfer } from '../membership/api.ts';
import { useMembership } from '../membership/use-membership.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { PlacementPreview, usePlacement } from '../components/placement-preview.tsx';
import { scrollToFirstError } from '../components/scroll.ts';
import { TransferCard } from '../components/transfer-card.tsx';
import { WORK_PLACE_FIELDS, WorkPlaceFields, usableUscc, workPlaceBody, type WorkPlaceValues } from '../components/work-place-fields.tsx';
import { CurrentUnion, sameUnion } from './transfer.tsx';

/** 更新工作地点: the member's record follows the new place; a change of union comes back as a proposed transfer. */
export function WorkPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { membership, reload } = useMembership();
  const [proposed, setProposed] = useState<OwnTransfer | null>(null);

  let body;
  if (membership.state === 'loading') body = <PageLoading />;
  else if (membership.state === 'error') body = <PageError message={membership.message} onRetry={() => void reload()} />;
  else {
    const { member, transfer } = membership.membership;
    if (member?.status !== 'active') return <Navigate to="/membership" replace />;
    body = proposed ? (
      <>
        <div className="gh-success-note" data-testid="work-updated">
          {t('memberMembership.work.updatedWithProposal')}
        </div>
        <TransferCard
          transfer={proposed}
          onChanged={(next) => {
            setProposed(null);
            void navigate(next.status === 'requested' ? '/transfer' : '/membership', { replace: true });
          }}
        />
      </>
    ) : (
      <WorkForm member={member} openTransfer={transfer} onProposed={setProposed} />
    );
  }

  return (
    <div className="gh-page gh-form-page gh-work" data-testid="work-page">
      <NavBar onBack={() => void navigate('/membership')} backIcon className="gh-nav">
        {t('memberMembership.work.title')}
      </NavBar>
      {body}
    </div>
  );
}

function WorkForm({
  member,
  openTransfer,
  onProposed,
}: {
  member: OwnMember;
  openTransfer: OwnTransfer | null;
  onProposed: (transfer: OwnTransfer) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<WorkPlaceValues>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const trade = Form.useWatch<WorkPlaceValues['trade']>('trade', form);
  const workRegionCode = Form.useWatch<string | undefined>('workRegionCode', form);
  const employerUscc = Form.useWatch<string | undefined>('employerUscc', form);
  const placement = usePlacement(trade, workRegionCode, usableUscc(employerUscc));
  const same = sameUnion(placement, member);

  useEffect(() => {
    if (problem) problemRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [problem]);

  const submit = async (values: WorkPlaceValues) => {
    setProblem(null);
    setSubmitting(true);
    try {
      const { proposedTransfer } = await membershipApi.changeWork(workPlaceBody(values));
      if (proposedTransfer) {
        onProposed(proposedTransfer);
      } else {
        Toast.show({ icon: 'success', content: t('memberMembership.work.updated') });
        void navigate('/membership', { replace: true });
      }
    } catch (error) {
      const { byField, rest } = fieldErrors(error, WORK_PLACE_FIELDS);
      const fields = Object.entries(byField);
      form.setFields(fields.map(([name, errors]) => ({ name, errors })));
      if (rest.length > 0) setProblem(joinMessages(rest));
      else if (fields.length === 0) setProblem(errorText(error));
      else scrollToFirstError();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <CurrentUnion member={member} />
      <p className="gh-form-intro">{t('memberMembership.work.intro')}</p>
      {openTransfer && <p className="gh-notice">{t('memberMembership.work.transferOpen')}</p>}
      {problem && (
        <div className="gh-problem" role="alert" data-testid="work-error" ref={problemRef}>
          {problem}
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={{
          trade: member.trade,
          workRegionCode: member.workRegionCode,
          ...(member.employerName ? { employerName: member.employerName } : {}),
        }}
        onFinish={(values: WorkPlaceValues) => void submit(values)}
        onFinishFailed={() => scrollToFirstError()}
        footer={
          <Button block type="submit" color="primary" size="large" shape="rounded" loading={submitting} data-testid="work-submit">
            {t('memberMembership.work.submit')}
          </Button>
        }
      >
        <WorkPlaceFields form={form} prefix="work" />
        <div className="gh-placement-slot">
          <PlacementPreview placement={placement} trade={trade} mode="work" testId="work-placement" />
          {placement.state === 'ready' && (
            <p className="gh-notice" data-testid="work-outcome">
              {same ? t('memberMembership.work.staysInUnion') : t('memberMembership.work.willPropose')}
            </p>
          )}
        </div>
      </Form>
    </>
  );
}
