import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { NavBar, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { membershipApi, type OwnMember, type OwnTransfer } from '../membership/api.ts';
import { useMembership } from '../membership/use-membership.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { TransferCard } from '../components/transfer-card.tsx';
import { WORK_PLACE_FIELDS, workPlaceBody, type WorkPlaceValues } from '../components/work-place-fields.tsx';
import { WorkPlaceForm } from '../components/work-place-form.tsx';

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
  return (
    <WorkPlaceForm<WorkPlaceValues>
      member={member}
      name="work"
      intro={t('memberMembership.work.intro')}
      notice={openTransfer && <p className="gh-notice">{t('memberMembership.work.transferOpen')}</p>}
      initialValues={{
        trade: member.trade,
        workRegionCode: member.workRegionCode,
        ...(member.employerName ? { employerName: member.employerName } : {}),
      }}
      fields={WORK_PLACE_FIELDS}
      submitLabel={t('memberMembership.work.submit')}
      placementNote={({ placement, same }) =>
        placement.state === 'ready' && (
          <p className="gh-notice" data-testid="work-outcome">
            {same ? t('memberMembership.work.staysInUnion') : t('memberMembership.work.willPropose')}
          </p>
        )
      }
      onSubmit={async (values) => {
        const { proposedTransfer } = await membershipApi.changeWork(workPlaceBody(values));
        if (proposedTransfer) {
          onProposed(proposedTransfer);
        } else {
          Toast.show({ icon: 'success', content: t('memberMembership.work.updated') });
          void navigate('/membership', { replace: true });
        }
      }}
    />
  );
}
