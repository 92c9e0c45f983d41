import { useEffect, useState } from 'react';
import { Alert, Descriptions, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatFen } from '../../../../../shared/format.ts';
import type { FormProblem } from '../../funds/components/form-problem.tsx';
import { StepModal } from '../../hardship/components/step-modal.tsx';
import { mutualAidApi, type Batch, type Plan } from '../api.ts';

/**
 * 确认发放: says what leaves which account before it does — the batch's sum, the plan's fund and what the
 * plan's union has available in it — and pays the batch. A balance that cannot cover it is refused by
 * the server, in its words.
 */
export function PayDialog({
  plan,
  batch,
  onPaid,
  onClose,
}: {
  plan: Plan;
  batch: Batch;
  onPaid: (batch: Batch) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [availableFen, setAvailableFen] = useState<number | null | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const k = 'consoleMutualAid.batches.payDialog';

  useEffect(() => {
    let live = true;
    mutualAidApi
      .fundAt(plan.fundId, plan.orgId)
      .then((tree) => live && setAvailableFen(tree.node.own.availableFen))
      .catch(() => live && setAvailableFen(null));
    return () => {
      live = false;
    };
  }, [plan.fundId, plan.orgId]);

  const pay = async () => {
    setSaving(true);
    setProblem(null);
    try {
      onPaid(await mutualAidApi.payBatch(batch.id));
    } catch (error) {
      setProblem({ title: errorText(error), items: [] });
    } finally {
      setSaving(false);
    }
  };

  const short = typeof availableFen === 'number' && availableFen < batch.totalFen;
  return (
    <StepModal
      title={t(`${k}.title`, { batch: batch.name })}
      okText={t(`${k}.submit`, { amount: formatFen(batch.totalFen) })}
      testId="mutual-aid-batch-pay"
      saving={saving}
      problem={problem}
      onOk={() => void pay()}
      onClose={onClose}
    >
      <Typography.Paragraph data-testid="mutual-aid-batch-pay-sentence">
        {t(`${k}.sentence`, { amount: formatFen(batch.totalFen), count: batch.claims, plan: plan.name, org: plan.orgName })}
      </Typography.Paragraph>
      {availableFen === undefined ? (
        <Spin />
      ) : (
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'claims', label: t(`${k}.claims`), children: t(`${k}.claimsValue`, { count: batch.claims }) },
            {
              key: 'total',
              label: t(`${k}.total`),
              children: (
                <span className="gh-ma-money gh-ma-money-strong" data-testid="mutual-aid-batch-pay-total">
                  {formatFen(batch.totalFen)}
                </span>
              ),
            },
            { key: 'fund', label: t(`${k}.fund`), children: t(`${k}.fundValue`, { plan: plan.name, org: plan.orgName }) },
            {
              key: 'available',
              label: t(`${k}.available`),
              children: (
                <span className="gh-ma-money" data-testid="mutual-aid-batch-pay-available">
                  {availableFen === null ? t(`${k}.availableUnknown`) : formatFen(availableFen)}
                </span>
              ),
            },
          ]}
        />
      )}
      {short && <Alert type="warning" showIcon className="gh-ma-pay-short" title={t(`${k}.short`)} />}
      <Typography.Paragraph type="secondary" className="gh-ma-pay-note">
        {t(`${k}.note`)}
      </Typography.Paragraph>
    </StepModal>
  );
}
