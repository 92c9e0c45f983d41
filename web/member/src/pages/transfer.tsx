import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, ErrorBlock, Form, NavBar, TextArea, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText, fieldErrors, joinMessages } from '../../../shared/api.ts';
import { isCurrentMember, membershipApi, REASON_MAX, REASON_MIN, type OwnMember } from '../membership/api.ts';
import { useMembership } from '../membership/use-membership.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { PlacementPreview, usePlacement, type PlacementState } from '../components/placement-preview.tsx';
import { scrollToFirstError } from '../components/scroll.ts';
import { TransferCard } from '../components/transfer-card.tsx';
import { WORK_PLACE_FIELDS, WorkPlaceFields, usableUscc, workPlaceBody, type WorkPlaceValues } from '../components/work-place-fields.tsx';

interface TransferValues extends WorkPlaceValues {
  reason?: string;
}

const FIELDS = [...WORK_PLACE_FIELDS, 'reason'] as const;

/** 转会: the open transfer (a proposal to confirm, or a request to follow or cancel), else the request form. */
export function TransferPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { membership, reload } = useMembership();

  let body;
  if (membership.state === 'loading') body = <PageLoading />;
  else if (membership.state === 'error') body = <PageError message={membership.message} onRetry={() => void reload()} />;
  else {
    const { member, transfer } = membership.membership;
    if (!isCurrentMember(member)) {
      body = (
        <div className="gh-center-block" data-testid="transfer-not-member">
          <ErrorBlock
            status="empty"
            title={t('memberMembership.transfer.notMember')}
            description={t('memberMembership.transfer.notMemberText')}
          >
            <Button color="primary" shape="rounded" onClick={() => void navigate('/membership')}>
              {t('memberMembership.card.goMembership')}
            </Button>
          </ErrorBlock>
        </div>
      );
    } else if (transfer) {
      body = (
        <>
          <CurrentUnion member={member} />
          <TransferCard transfer={transfer} onChanged={() => void reload()} />
        </>
      );
    } else if (member.status !== 'active') {
      body = (
        <>
          <CurrentUnion member={member} />
          <div className="gh-problem" role="alert" data-testid="transfer-error">
            {t('memberMembership.transfer.suspended')}
          </div>
        </>
      );
    } else {
      body = <TransferForm member={member} onRequested={() => void reload()} />;
    }
  }

  return (
    <div className="gh-page gh-form-page gh-transfer" data-testid="transfer-page">
      <NavBar onBack={() => void navigate('/membership')} backIcon className="gh-nav">
        {t('memberMembership.transfer.title')}
      </NavBar>
      {body}
    </div>
  );
}

export function CurrentUnion({ member }: { member: OwnMember }) {
  const { t } = useTranslation();
  return (
    <div className="gh-current-union" data-testid="transfer-current-union">
      <span className="gh-muted">{t('memberMembership.transfer.currentUnion')}</span>
      <strong>{member.orgName}</strong>
    </div>
  );
}

/** Whether the preview says the new place keeps the member in their own union. */
export function sameUnion(placement: PlacementState, member: OwnMember): boolean {
  return placement.state === 'ready' && placement.placement.orgId === member.orgId;
}

function TransferForm({ member, onRequested }: { member: OwnMember; onRequested: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TransferValues>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const trade = Form.useWatch<TransferValues['trade']>('trade', form);
  const workRegionCode = Form.useWatch<string | undefined>('workRegionCode', form);
  const employerUscc = Form.useWatch<string | undefined>('employerUscc', form);
  const placement = usePlacement(trade, workRegionCode, usableUscc(employerUscc));
  const same = sameUnion(placement, member);

  useEffect(() => {
    if (problem) problemRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [problem]);

  const submit = async (values: TransferValues) => {
    setProblem(null);
    setSubmitting(true);
    try {
      await membershipApi.requestTransfer({ ...workPlaceBody(values), reason: (values.reason ?? '').trim() });
      Toast.show({ icon: 'success', content: t('memberMembership.transfer.requested') });
      onRequested();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'members.transfer_open') {
        // One was opened meanwhile (another tab, or a system proposal): show it instead.
        Toast.show({ content: error.title });
        onRequested();
        return;
      }
      const { byField, rest } = fieldErrors(error, FIELDS);
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
      <p className="gh-form-intro">{t('memberMembership.transfer.intro')}</p>
      {problem && (
        <div className="gh-problem" role="alert" data-testid="transfer-error" ref={problemRef}>
          {problem}
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={{ trade: member.trade, ...(member.employerName ? { employerName: member.employerName } : {}) }}
        onFinish={(values: TransferValues) => void submit(values)}
        onFinishFailed={() => scrollToFirstError()}
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            shape="rounded"
            loading={submitting}
            disabled={same || placement.state === 'no-union'}
            data-testid="transfer-submit"
          >
            {t('memberMembership.transfer.submit')}
          </Button>
        }
      >
        <Form.Header>{t('memberMembership.transfer.sectionWork')}</Form.Header>
        <WorkPlaceFields form={form} prefix="transfer" />
        <div className="gh-placement-slot">
          <PlacementPreview placement={placement} trade={trade} mode="transfer" testId="transfer-placement" />
          {same && (
            <p className="gh-notice" data-testid="transfer-same-union">
              {t('memberMembership.transfer.sameUnion')} <Link to="/work">{t('memberMembership.status.changeWork')}</Link>
            </p>
          )}
        </div>
        <Form.Header>{t('memberMembership.transfer.sectionReason')}</Form.Header>
        <Form.Item
          name="reason"
          label={t('memberMembership.transfer.reason')}
          rules={[
            { required: true, whitespace: true, message: t('memberMembership.transfer.reasonRequired', { min: REASON_MIN }) },
            { min: REASON_MIN, message: t('memberMembership.transfer.reasonRequired', { min: REASON_MIN }) },
          ]}
        >
          <TextArea
            placeholder={t('memberMembership.transfer.reasonPlaceholder')}
            maxLength={REASON_MAX}
            autoSize={{ minRows: 2, maxRows: 4 }}
            ref={(area) => area?.nativeElement?.setAttribute('data-testid', 'transfer-reason')}
          />
        </Form.Item>
      </Form>
      <p className="gh-dev-link">
        <Link to="/work" data-testid="transfer-go-work">
          {t('memberMembership.transfer.onlyWorkChanged')}
        </Link>
      </p>
    </>
  );
}
