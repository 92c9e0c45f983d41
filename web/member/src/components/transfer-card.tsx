import { useState } from 'react';
import { Button, Dialog, Steps, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { membershipApi, type OwnTransfer } from '../membership/api.ts';

const TAG_COLOR = { proposed: 'warning', requested: 'primary', completed: 'success', rejected: 'danger', cancelled: 'default' } as const;

/**
 * An open transfer: a system proposal (after a change of work place) to confirm or decline, or the
 * worker's own request on its way through the two unions, which they may still cancel.
 */
export function TransferCard({ transfer, onChanged }: { transfer: OwnTransfer; onChanged: (transfer: OwnTransfer) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'confirm' | 'cancel' | null>(null);
  const proposed = transfer.status === 'proposed';

  const act = async (action: 'confirm' | 'cancel') => {
    if (action === 'cancel') {
      const confirmed = await Dialog.confirm({
        content: t(proposed ? 'memberMembership.transfer.declineConfirm' : 'memberMembership.transfer.cancelConfirm'),
        confirmText: t('common.confirm'),
        cancelText: t('common.cancel'),
      });
      if (!confirmed) return;
    }
    setBusy(action);
    try {
      const next =
        action === 'confirm' ? await membershipApi.confirmTransfer(transfer.id) : await membershipApi.cancelTransfer(transfer.id);
      Toast.show({ icon: 'success', content: t(`memberMembership.transfer.${action === 'confirm' ? 'confirmed' : 'cancelled'}`) });
      onChanged(next);
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="gh-section gh-transfer-card" data-testid="transfer-status" data-status={transfer.status}>
      <div className="gh-section-head">
        <h3>{t(proposed ? 'memberMembership.transfer.proposedTitle' : 'memberMembership.transfer.openTitle')}</h3>
        <Tag color={TAG_COLOR[transfer.status]} fill="outline">
          {t(`memberMembership.transferStatus.${transfer.status}`)}
        </Tag>
      </div>
      {proposed && <p className="gh-section-text">{t('memberMembership.transfer.proposedText')}</p>}
      <div className="gh-transfer-route">
        <div>
          <span className="gh-muted">{t('memberMembership.transfer.from')}</span>
          <strong data-testid="transfer-from">{transfer.fromOrgName}</strong>
        </div>
        <div className="gh-transfer-arrow" aria-hidden>
          ↓
        </div>
        <div>
          <span className="gh-muted">{t('memberMembership.transfer.to')}</span>
          <strong data-testid="transfer-to">{transfer.toOrgName}</strong>
        </div>
      </div>
      {transfer.reason && (
        <p className="gh-section-text gh-muted">{t('memberMembership.transfer.reasonShown', { reason: transfer.reason })}</p>
      )}
      {transfer.status === 'requested' && (
        <Steps direction="vertical" current={transfer.acceptedAt ? 2 : transfer.releasedAt ? 1 : 0} className="gh-steps">
          <Steps.Step
            status="finish"
            title={t('memberMembership.transfer.stepRequested')}
            description={formatDateTime(transfer.createdAt)}
          />
          <Steps.Step
            status={transfer.releasedAt ? 'finish' : 'process'}
            title={t('memberMembership.transfer.stepRelease', { union: transfer.fromOrgName })}
            description={transfer.releasedAt ? formatDateTime(transfer.releasedAt) : t('memberMembership.transfer.waiting')}
          />
          <Steps.Step
            status={transfer.acceptedAt ? 'finish' : 'process'}
            title={t('memberMembership.transfer.stepAccept', { union: transfer.toOrgName })}
            description={transfer.acceptedAt ? formatDateTime(transfer.acceptedAt) : t('memberMembership.transfer.waiting')}
          />
        </Steps>
      )}
      <div className="gh-actions-row">
        {proposed && (
          <Button
            color="primary"
            shape="rounded"
            loading={busy === 'confirm'}
            disabled={busy !== null}
            onClick={() => void act('confirm')}
            data-testid="transfer-confirm"
          >
            {t('memberMembership.transfer.confirm')}
          </Button>
        )}
        {(proposed || transfer.status === 'requested') && (
          <Button
            shape="rounded"
            loading={busy === 'cancel'}
            disabled={busy !== null}
            onClick={() => void act('cancel')}
            data-testid="transfer-cancel"
          >
            {t(proposed ? 'memberMembership.transfer.decline' : 'memberMembership.transfer.cancel')}
          </Button>
        )}
      </div>
    </section>
  );
}
