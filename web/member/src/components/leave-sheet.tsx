import { useState } from 'react';
import { Button, Dialog, Popup, TextArea, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { membershipApi, REASON_MAX, REASON_MIN } from '../membership/api.ts';

/** 退会: what it means, a reason (required, recorded), then one more confirmation. */
export function LeaveSheet({ visible, onClose, onLeft }: { visible: boolean; onClose: () => void; onLeft: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    const text = reason.trim();
    if (text.length < REASON_MIN) {
      setProblem(t('memberMembership.leave.reasonRequired', { min: REASON_MIN }));
      return;
    }
    const confirmed = await Dialog.confirm({
      title: t('memberMembership.leave.confirmTitle'),
      content: t('memberMembership.leave.confirmContent'),
      confirmText: <span className="gh-danger-text">{t('memberMembership.leave.confirm')}</span>,
      cancelText: t('memberMembership.leave.keep'),
    });
    if (!confirmed) return;
    setSubmitting(true);
    setProblem(null);
    try {
      await membershipApi.leave(text);
      Toast.show({ icon: 'success', content: t('memberMembership.leave.done') });
      setReason('');
      onLeft();
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="gh-sheet" destroyOnClose>
      <div data-testid="leave-sheet">
        <h3 className="gh-sheet-title">{t('memberMembership.leave.title')}</h3>
        <ul className="gh-sheet-points">
          <li>{t('memberMembership.leave.point1')}</li>
          <li>{t('memberMembership.leave.point2')}</li>
          <li>{t('memberMembership.leave.point3')}</li>
        </ul>
        <label className="gh-sheet-label" htmlFor="gh-leave-reason">
          {t('memberMembership.leave.reason')}
        </label>
        <TextArea
          id="gh-leave-reason"
          className="gh-sheet-textarea"
          value={reason}
          onChange={(value) => {
            setReason(value);
            setProblem(null);
          }}
          placeholder={t('memberMembership.leave.reasonPlaceholder')}
          maxLength={REASON_MAX}
          showCount
          autoSize={{ minRows: 3, maxRows: 5 }}
          ref={(area) => area?.nativeElement?.setAttribute('data-testid', 'leave-reason')}
        />
        {problem && (
          <div className="gh-problem" role="alert" data-testid="leave-error">
            {problem}
          </div>
        )}
        <div className="gh-sheet-actions">
          <Button block size="large" shape="rounded" onClick={onClose} data-testid="leave-cancel">
            {t('memberMembership.leave.keep')}
          </Button>
          <Button
            block
            size="large"
            shape="rounded"
            color="danger"
            loading={submitting}
            onClick={() => void submit()}
            data-testid="leave-submit"
          >
            {t('memberMembership.leave.submit')}
          </Button>
        </div>
      </div>
    </Popup>
  );
}
