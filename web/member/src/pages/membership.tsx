import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Dialog, List, NavBar, Steps, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { formatDate, formatDateTime } from '../../../shared/format.ts';
import {
  isCurrentMember,
  isOpenApplication,
  membershipApi,
  type OwnApplication,
  type OwnMember,
  type OwnTransfer,
} from '../membership/api.ts';
import { useMembership } from '../membership/use-membership.ts';
import { LeaveSheet } from '../components/leave-sheet.tsx';
import { MembershipHistory } from '../components/membership-history.tsx';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { RegionName } from '../components/region-name.tsx';
import { TransferCard } from '../components/transfer-card.tsx';

const MEMBER_TAG = { active: 'success', suspended: 'warning', left: 'default', deceased: 'default' } as const;
const APPLICATION_TAG = {
  pending: 'primary',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'default',
} as const;

/** 我的会籍: the member record, or where the application stands; withdraw, transfer, leave from here. */
export function MembershipPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { membership, reload } = useMembership();

  const leaveOpen = params.get('leave') === '1';
  const setLeaveOpen = (open: boolean) => setParams(open ? { leave: '1' } : {}, { replace: true });

  let body;
  if (membership.state === 'loading') body = <PageLoading />;
  else if (membership.state === 'error') body = <PageError message={membership.message} onRetry={() => void reload()} />;
  else {
    const { member, application, transfer } = membership.membership;
    const current = isCurrentMember(member);
    // A member sees an application only while one is open; one who left, only one made since leaving.
    const showApplication =
      application !== null &&
      (member === null ? true : current ? isOpenApplication(application) : application.submittedAt > (member.statusChangedAt ?? ''));
    body = (
      <>
        {current && member ? (
          <MemberSection member={member} transfer={transfer} onLeave={() => setLeaveOpen(true)} onChanged={() => void reload()} />
        ) : member ? (
          <FormerMemberSection member={member} primary={!showApplication} />
        ) : null}
        {application && showApplication && (
          <ApplicationSection application={application} onChanged={() => void reload()} canReapply={!current} />
        )}
        {!member && !application && <NotMemberSection />}
        {member && <MembershipHistory version={membership.membership} />}
        <LeaveSheet
          visible={leaveOpen && current}
          onClose={() => setLeaveOpen(false)}
          onLeft={() => {
            setLeaveOpen(false);
            void reload();
          }}
        />
      </>
    );
  }

  return (
    <div className="gh-page gh-sub-page gh-membership" data-testid="membership-page">
      <NavBar onBack={() => void navigate('/')} backIcon className="gh-nav">
        {t('memberMembership.status.title')}
      </NavBar>
      {body}
    </div>
  );
}

function MemberSection({
  member,
  transfer,
  onLeave,
  onChanged,
}: {
  member: OwnMember;
  transfer: OwnTransfer | null;
  onLeave: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <section className="gh-section gh-member-summary" data-testid="membership-status" data-status={`member_${member.status}`}>
        <div className="gh-section-head">
          <h3>{t('memberMembership.status.memberTitle')}</h3>
          <Tag color={MEMBER_TAG[member.status]} fill="outline" data-testid="membership-member-status">
            {t(`memberMembership.memberStatus.${member.status}`)}
          </Tag>
        </div>
        <div className="gh-member-no-label">{t('memberMembership.card.memberNo')}</div>
        <div className="gh-member-no-small" data-testid="membership-member-no">
          {member.memberNo}
        </div>
        {member.status === 'suspended' && (
          <p className="gh-notice">{t('memberMembership.status.suspended', { reason: member.statusReason ?? t('common.none') })}</p>
        )}
      </section>
      <List className="gh-list" mode="card">
        <List.Item extra={<span data-testid="membership-union">{member.orgName}</span>}>{t('memberMembership.fields.union')}</List.Item>
        <List.Item extra={member.nameMasked ?? t('common.none')}>{t('memberMembership.fields.name')}</List.Item>
        <List.Item extra={formatDate(member.joinedAt)}>{t('memberMembership.fields.joinedAt')}</List.Item>
        <List.Item extra={t(`enums.trade.${member.trade}`)}>{t('memberMembership.fields.trade')}</List.Item>
        {member.employerName && <List.Item extra={member.employerName}>{t('memberMembership.fields.employer')}</List.Item>}
        <List.Item extra={<RegionName code={member.workRegionCode} />}>{t('memberMembership.fields.workRegion')}</List.Item>
      </List>
      {transfer && <TransferCard transfer={transfer} onChanged={onChanged} />}
      <List className="gh-list" mode="card">
        {member.status === 'active' && (
          <List.Item arrowIcon onClick={() => void navigate('/card')} data-testid="membership-go-card">
            {t('memberMembership.status.showCard')}
          </List.Item>
        )}
        {member.status === 'active' && (
          <List.Item arrowIcon onClick={() => void navigate('/work')} data-testid="membership-go-work">
            {t('memberMembership.status.changeWork')}
          </List.Item>
        )}
        {member.status === 'active' && !transfer && (
          <List.Item arrowIcon onClick={() => void navigate('/transfer')} data-testid="membership-go-transfer">
            {t('memberMembership.status.transfer')}
          </List.Item>
        )}
        <List.Item arrowIcon onClick={onLeave} data-testid="leave-open">
          <span className="gh-danger-text">{t('memberMembership.leave.open')}</span>
        </List.Item>
      </List>
    </>
  );
}

function FormerMemberSection({ member, primary }: { member: OwnMember; primary: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <section
      className="gh-section"
      data-testid={primary ? 'membership-status' : 'membership-former'}
      data-status={`member_${member.status}`}
    >
      <div className="gh-section-head">
        <h3>{t('memberMembership.status.formerTitle')}</h3>
        <Tag color={MEMBER_TAG[member.status]} fill="outline">
          {t(`memberMembership.memberStatus.${member.status}`)}
        </Tag>
      </div>
      <p className="gh-section-text">
        {t('memberMembership.status.leftText', { date: formatDate(member.statusChangedAt), memberNo: member.memberNo })}
      </p>
      {member.status === 'left' && primary && (
        <Button block color="primary" size="large" shape="rounded" onClick={() => void navigate('/join')} data-testid="membership-rejoin">
          {t('memberMembership.status.rejoin')}
        </Button>
      )}
    </section>
  );
}

function NotMemberSection() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <section className="gh-section gh-empty-state" data-testid="membership-status" data-status="none">
      <h3>{t('memberMembership.status.noneTitle')}</h3>
      <p className="gh-section-text">{t('memberMembership.status.noneText')}</p>
      <Button block color="primary" size="large" shape="rounded" onClick={() => void navigate('/join')} data-testid="membership-join">
        {t('memberMembership.home.joinNow')}
      </Button>
    </section>
  );
}

function ApplicationSection({
  application,
  onChanged,
  canReapply,
}: {
  application: OwnApplication;
  onChanged: () => void;
  canReapply: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [withdrawing, setWithdrawing] = useState(false);
  const open = isOpenApplication(application);

  const withdraw = async () => {
    const confirmed = await Dialog.confirm({
      title: t('memberMembership.status.withdrawTitle'),
      content: t('memberMembership.status.withdrawConfirm'),
      confirmText: t('memberMembership.status.withdraw'),
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    setWithdrawing(true);
    try {
      await membershipApi.withdraw(application.id);
      Toast.show({ icon: 'success', content: t('memberMembership.status.withdrawn') });
      onChanged();
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorText(error) });
    } finally {
      setWithdrawing(false);
    }
  };

  const decided = !open;
  const reviewDescription =
    application.status === 'pending'
      ? application.overdue
        ? t('memberMembership.status.overdueText')
        : t('memberMembership.status.dueText', { date: formatDate(application.reviewDueAt) })
      : application.decidedByName
        ? t('memberMembership.status.reviewedBy', { name: application.decidedByName })
        : undefined;

  return (
    <>
      <section className="gh-section" data-testid="membership-status" data-status={application.status}>
        <div className="gh-section-head">
          <h3>{t('memberMembership.status.applicationTitle')}</h3>
          <Tag color={APPLICATION_TAG[application.status]} fill="outline" data-testid="membership-application-status">
            {t(`memberMembership.applicationStatus.${application.status}`)}
          </Tag>
        </div>
        <Steps direction="vertical" className="gh-steps" data-testid="membership-timeline">
          <Steps.Step
            status="finish"
            title={t('memberMembership.status.stepSubmitted')}
            description={formatDateTime(application.submittedAt)}
          />
          <Steps.Step
            status={decided ? 'finish' : 'process'}
            title={
              <span>
                {t('memberMembership.status.stepReview')}
                <span className="gh-step-union" data-testid="membership-union">
                  {application.orgName}
                </span>
              </span>
            }
            description={reviewDescription}
          />
          <Steps.Step
            status={application.status === 'approved' ? 'finish' : application.status === 'rejected' ? 'error' : 'wait'}
            title={t(`memberMembership.status.stepDecision.${application.status}`)}
            description={
              decided ? (
                <>
                  {application.decidedAt && <div>{formatDateTime(application.decidedAt)}</div>}
                  {application.decisionReason && (
                    <div className="gh-decision-reason" data-testid="membership-decision-reason">
                      {t('memberMembership.status.decisionReason', { reason: application.decisionReason })}
                    </div>
                  )}
                </>
              ) : undefined
            }
          />
        </Steps>
        {open && (
          <Button
            block
            size="large"
            shape="rounded"
            loading={withdrawing}
            onClick={() => void withdraw()}
            data-testid="membership-withdraw"
          >
            {t('memberMembership.status.withdraw')}
          </Button>
        )}
        {(application.status === 'rejected' || application.status === 'withdrawn' || application.status === 'approved') && canReapply && (
          <Button
            block
            color="primary"
            size="large"
            shape="rounded"
            onClick={() => void navigate('/join')}
            data-testid="membership-reapply"
          >
            {t('memberMembership.status.reapply')}
          </Button>
        )}
      </section>
      <List className="gh-list" mode="card" header={t('memberMembership.status.applicationDetails')}>
        <List.Item extra={application.nameMasked ?? t('common.none')}>{t('memberMembership.fields.name')}</List.Item>
        <List.Item extra={application.idNumberMasked ?? t('common.none')}>{t('memberMembership.fields.idNumber')}</List.Item>
        <List.Item extra={t(`enums.trade.${application.trade}`)}>{t('memberMembership.fields.trade')}</List.Item>
        {application.employerName && <List.Item extra={application.employerName}>{t('memberMembership.fields.employer')}</List.Item>}
        <List.Item extra={<RegionName code={application.workRegionCode} />}>{t('memberMembership.fields.workRegion')}</List.Item>
        <List.Item extra={application.orgName} description={t(`memberMembership.rule.${application.placementRule}`)}>
          {t('memberMembership.fields.union')}
        </List.Item>
      </List>
    </>
  );
}
