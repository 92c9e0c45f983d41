import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFen } from '../../../../../shared/format.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { useSession } from '../../../session.tsx';
import { mutualAidApi, type ChecklistKey, type ClaimDetail, type ReviewBody } from '../api.ts';
import { checklistBody, checklistComplete, firstApproval, refusalOf } from '../rules.ts';

type Dialog = 'ask_more' | 'reject';
type Refusal = NonNullable<ReturnType<typeof refusalOf>>;

/**
 * 审核 of a claim: the six checks (each a box; 批准 waits until every one is ticked), 要求补充材料 and
 * 不予赔付 with a reason. A claim over the plan's second-review amount, or drawn for the sample, waits
 * after the first approval for another reviewer's 复核: the panel names who approved first and, to that
 * person, says someone else must. The server's refusals (the rule says no, the same reviewer twice, an
 * unticked item) are shown in its words.
 */
export function ReviewPanel({ claim, canReview, onReviewed }: { claim: ClaimDetail; canReview: boolean; onReviewed: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const [ticked, setTicked] = useState<Partial<Record<ChecklistKey, boolean>>>({});
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const k = 'consoleMutualAid.review';

  const second = claim.status === 'second_review';
  const first = second ? firstApproval(claim.steps) : null;
  const mine = second && claim.firstReviewerId === me.id;
  const open = claim.status === 'submitted' || second;
  const canReject = open || claim.status === 'more_info';
  const keys = claim.checklist.map((c) => c.key);
  const complete = checklistComplete(keys, ticked);

  const send = async (body: ReviewBody) => {
    setSaving(true);
    setRefusal(null);
    try {
      const after = await mutualAidApi.review(claim.id, body);
      setTicked({});
      setDialog(null);
      void message.success(
        after.status === 'second_review'
          ? t(`${k}.done.firstApproved`, { amount: formatFen(after.payoutFen) })
          : after.status === 'approved'
            ? t(`${k}.done.approved`, { amount: formatFen(after.payoutFen) })
            : t(`${k}.done.${after.status === 'rejected' ? 'rejected' : 'askedMore'}`),
      );
      onReviewed();
    } catch (error) {
      // In a dialog, the dialog shows it; the panel shows it too, so that it stays after the dialog closes.
      setRefusal(refusalOf(error));
      if (body.action !== 'approve') throw error;
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t(`${k}.title`)} className="gh-ma-card gh-ma-review" data-testid="mutual-aid-review">
      {second && (
        <Alert
          type={mine ? 'warning' : 'info'}
          showIcon
          className="gh-ma-review-alert"
          data-testid="mutual-aid-review-second"
          title={
            first
              ? t(`${k}.second.firstBy`, {
                  name: first.actorName ?? t(`${k}.second.someone`),
                  at: formatDateTime(first.createdAt).slice(0, 16),
                })
              : t(`${k}.second.waiting`)
          }
          description={
            <>
              <div>{claim.needsSecondReview ? t(`${k}.second.whyAmount`) : claim.sampled ? t(`${k}.second.whySample`) : null}</div>
              <div data-testid="mutual-aid-review-second-who">{mine ? t(`${k}.second.notYou`) : t(`${k}.second.you`)}</div>
            </>
          }
        />
      )}
      {claim.status === 'more_info' && <Alert type="warning" showIcon className="gh-ma-review-alert" title={t(`${k}.moreInfo`)} />}
      {!open && claim.status !== 'more_info' && (
        <Typography.Paragraph type="secondary" data-testid="mutual-aid-review-closed">
          {t(`${k}.closed.${claim.status}`, {
            amount: formatFen(claim.payoutFen),
            at: claim.decidedAt ? formatDateTime(claim.decidedAt).slice(0, 16) : '',
          })}
        </Typography.Paragraph>
      )}
      {refusal && (
        <Alert
          type="error"
          showIcon
          className="gh-ma-review-alert"
          title={refusal.title}
          description={
            refusal.items.length > 0 ? (
              <ul className="gh-ma-refusal-items">
                {refusal.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            ) : undefined
          }
          data-testid="mutual-aid-review-error"
          data-code={refusal.code}
        />
      )}
      {open && canReview && (
        <>
          <Typography.Text type="secondary">{t(`${k}.checklistHint`)}</Typography.Text>
          <ul className="gh-ma-checklist" data-testid="mutual-aid-review-checklist">
            {claim.checklist.map((item) => (
              <li key={item.key}>
                <Checkbox
                  checked={ticked[item.key] === true}
                  disabled={mine}
                  onChange={(event) => setTicked((previous) => ({ ...previous, [item.key]: event.target.checked }))}
                  data-testid={`mutual-aid-review-check-${item.key}`}
                >
                  {item.label}
                </Checkbox>
              </li>
            ))}
          </ul>
          <Space wrap>
            <Button
              type="primary"
              loading={saving && dialog === null}
              disabled={!complete || mine}
              onClick={() => void send({ action: 'approve', checklist: checklistBody(keys, ticked) })}
              data-testid="mutual-aid-review-approve"
            >
              {second
                ? t(`${k}.secondApprove`, { amount: formatFen(claim.payoutFen) })
                : t(`${k}.approve`, { amount: formatFen(claim.payoutFen) })}
            </Button>
            {!second && (
              <Button onClick={() => setDialog('ask_more')} data-testid="mutual-aid-review-ask-more">
                {t(`${k}.askMore`)}
              </Button>
            )}
            <Button danger onClick={() => setDialog('reject')} data-testid="mutual-aid-review-reject">
              {t(`${k}.reject`)}
            </Button>
          </Space>
          {!complete && !mine && (
            <div>
              <Typography.Text type="secondary" className="gh-ma-small" data-testid="mutual-aid-review-unticked">
                {t(`${k}.unticked`, { count: keys.filter((key) => ticked[key] !== true).length })}
              </Typography.Text>
            </div>
          )}
        </>
      )}
      {claim.status === 'more_info' && canReview && canReject && (
        <Button danger onClick={() => setDialog('reject')} data-testid="mutual-aid-review-reject">
          {t(`${k}.reject`)}
        </Button>
      )}
      {!canReview && open && <Typography.Text type="secondary">{t(`${k}.readOnly`)}</Typography.Text>}

      {dialog === 'ask_more' && (
        <ReasonDialog
          title={t(`${k}.askMoreDialog.title`, { claim: claim.claimNo })}
          hint={t(`${k}.askMoreDialog.hint`)}
          templates={[
            t(`${k}.askMoreDialog.templates.invoice`),
            t(`${k}.askMoreDialog.templates.summary`),
            t(`${k}.askMoreDialog.templates.bank`),
          ]}
          okText={t(`${k}.askMoreDialog.submit`)}
          testId="mutual-aid-ask-more-reason"
          onClose={() => setDialog(null)}
          onSubmit={(reason) => send({ action: 'ask_more', reason, checklist: checklistBody(keys, ticked) })}
        />
      )}
      {dialog === 'reject' && (
        <ReasonDialog
          title={t(`${k}.rejectDialog.title`, { claim: claim.claimNo })}
          hint={t(`${k}.rejectDialog.hint`)}
          danger
          templates={[
            t(`${k}.rejectDialog.templates.notCovered`),
            t(`${k}.rejectDialog.templates.outside`),
            t(`${k}.rejectDialog.templates.untrue`),
          ]}
          okText={t(`${k}.rejectDialog.submit`)}
          testId="mutual-aid-reject-reason"
          onClose={() => setDialog(null)}
          onSubmit={(reason) => send({ action: 'reject', reason, checklist: checklistBody(keys, ticked) })}
        />
      )}
    </Card>
  );
}
