import { useNavigate } from 'react-router-dom';
import { Button, Skeleton } from 'antd-mobile';
import { RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../../shared/format.ts';
import { isCurrentMember, isOpenApplication } from '../membership/api.ts';
import type { MembershipState } from '../membership/use-membership.ts';

/**
 * The top of the home page: where the worker stands with the union. Not a member: a call to join;
 * applied: under review at which union, since when; rejected: why, and apply again; member: the number.
 */
export function MembershipBanner({ membership, onRetry }: { membership: MembershipState; onRetry: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();

  if (membership.state === 'loading') {
    return (
      <div className="gh-banner gh-banner-loading" data-testid="home-membership" data-state="loading">
        <Skeleton.Paragraph lineCount={2} animated />
      </div>
    );
  }
  if (membership.state === 'error') {
    return (
      <div className="gh-banner gh-banner-muted" data-testid="home-membership" data-state="error">
        <span>{membership.message}</span>
        <Button size="mini" fill="none" color="primary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      </div>
    );
  }

  const { member, application } = membership.membership;

  if (isCurrentMember(member)) {
    return (
      <button
        type="button"
        className="gh-banner gh-banner-member"
        onClick={() => void navigate(member.status === 'active' ? '/card' : '/membership')}
        data-testid="home-membership"
        data-state={`member_${member.status}`}
      >
        <span className="gh-banner-main">
          <span className="gh-banner-label">
            {member.status === 'active' ? t('memberMembership.home.memberLabel') : t('memberMembership.home.suspendedLabel')}
          </span>
          <span className="gh-banner-no" data-testid="home-member-no">
            {member.memberNo}
          </span>
          <span className="gh-banner-sub">{member.orgName}</span>
        </span>
        <span className="gh-banner-action">
          {member.status === 'active' ? t('memberMembership.home.showCard') : t('memberMembership.home.viewStatus')}
          <RightOutline />
        </span>
      </button>
    );
  }

  // One who left sees their old application no more: only one made after leaving counts.
  const currentApplication = application && (!member || application.submittedAt > (member.statusChangedAt ?? '')) ? application : null;

  if (isOpenApplication(currentApplication)) {
    return (
      <button
        type="button"
        className="gh-banner gh-banner-pending"
        onClick={() => void navigate('/membership')}
        data-testid="home-membership"
        data-state={currentApplication.status}
      >
        <span className="gh-banner-main">
          <span className="gh-banner-title">{t('memberMembership.home.reviewing')}</span>
          <span className="gh-banner-sub">{currentApplication.orgName}</span>
          <span className="gh-banner-meta">
            {t('memberMembership.home.submittedAt', { time: formatDateTime(currentApplication.submittedAt).slice(0, 16) })}
          </span>
        </span>
        <span className="gh-banner-action">
          {t('memberMembership.home.viewStatus')}
          <RightOutline />
        </span>
      </button>
    );
  }

  if (currentApplication?.status === 'rejected') {
    return (
      <div className="gh-banner gh-banner-rejected" data-testid="home-membership" data-state="rejected">
        <span className="gh-banner-main">
          <span className="gh-banner-title">{t('memberMembership.home.rejected')}</span>
          <span className="gh-banner-sub" data-testid="home-reject-reason">
            {t('memberMembership.home.rejectedReason', { reason: currentApplication.decisionReason ?? t('common.none') })}
          </span>
          <span className="gh-banner-meta">
            {t('memberMembership.home.rejectedBy', { union: currentApplication.orgName, date: formatDate(currentApplication.decidedAt) })}
          </span>
        </span>
        <Button color="primary" shape="rounded" size="middle" onClick={() => void navigate('/join')} data-testid="home-reapply">
          {t('memberMembership.status.reapply')}
        </Button>
      </div>
    );
  }

  return (
    <div className="gh-banner gh-banner-join" data-testid="home-membership" data-state={member ? `member_${member.status}` : 'none'}>
      <span className="gh-banner-main">
        <span className="gh-banner-title">
          {member?.status === 'left' ? t('memberMembership.home.leftTitle') : t('memberMembership.home.joinTitle')}
        </span>
        <span className="gh-banner-sub">{t('memberMembership.home.joinText')}</span>
      </span>
      <Button color="primary" shape="rounded" size="large" onClick={() => void navigate('/join')} data-testid="home-join">
        {t('memberMembership.home.joinNow')}
      </Button>
    </div>
  );
}
