import { Link, useNavigate } from 'react-router-dom';
import { Button, ErrorBlock, Form, NavBar, TextArea, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api.ts';
import { isCurrentMember, membershipApi, REASON_MAX, REASON_MIN, type OwnMember } from '../membership/api.ts';
import { useMembership } from '../membership/use-membership.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { TransferCard } from '../components/transfer-card.tsx';
import { WORK_PLACE_FIELDS, workPlaceBody, type WorkPlaceValues } from '../components/work-place-fields.tsx';
import { CurrentUnion, WorkPlaceForm } from '../components/work-place-form.tsx';

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

function TransferForm({ member, onRequested }: { member: OwnMember; onRequested: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <WorkPlaceForm<TransferValues>
        member={member}
        name="transfer"
        intro={t('memberMembership.transfer.intro')}
        initialValues={{ trade: member.trade, ...(member.employerName ? { employerName: member.employerName } : {}) }}
        fields={FIELDS}
        submitLabel={t('memberMembership.transfer.submit')}
        submitDisabled={({ placement, same }) => same || placement.state === 'no-union'}
        header={<Form.Header>{t('memberMembership.transfer.sectionWork')}</Form.Header>}
        placementNote={({ same }) =>
          same && (
            <p className="gh-notice" data-testid="transfer-same-union">
              {t('memberMembership.transfer.sameUnion')} <Link to="/work">{t('memberMembership.status.changeWork')}</Link>
            </p>
          )
        }
        onSubmit={async (values) => {
          await membershipApi.requestTransfer({ ...workPlaceBody(values), reason: (values.reason ?? '').trim() });
          Toast.show({ icon: 'success', content: t('memberMembership.transfer.requested') });
          onRequested();
        }}
        handled={(error) => {
          if (!(error instanceof ApiError && error.code === 'members.transfer_open')) return false;
          // One was opened meanwhile (another tab, or a system proposal): show it instead.
          Toast.show({ content: error.title });
          onRequested();
          return true;
        }}
      >
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
      </WorkPlaceForm>
      <p className="gh-dev-link">
        <Link to="/work" data-testid="transfer-go-work">
          {t('memberMembership.transfer.onlyWorkChanged')}
        </Link>
      </p>
    </>
  );
}
