import { useEffect, useState } from 'react';
import { Alert, Descriptions, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatFen } from '../../../../../shared/format.ts';
import type { Fund } from '../../funds/api.ts';
import { showProblemAt, type FormProblem } from '../components/form-problem.ts';
import { StepModal } from '../components/step-modal.tsx';
import { aidApi, type AidBatch } from './api.ts';

/** Where the money will come from: the item's fund, and what the batch's union has left in it. */
interface Source {
  fund: Fund | null;
  availableFen: number | null;
}

/**
 * 标记已发放: says what leaves which account before it does — the batch's sum, the fund it is paid from
 * and what the union has available in it — and marks the batch paid. A balance that cannot cover it is
 * refused by the server (funds.insufficient), in its words.
 */
export function PayDialog({
  batch,
  unionName,
  funds,
  onPaid,
  onClose,
}: {
  batch: AidBatch;
  unionName: string;
  funds: readonly Fund[];
  onPaid: (batch: AidBatch, fund: Fund | null) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [source, setSource] = useState<Source | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const k = 'consoleHardshipAid.pay';

  useEffect(() => {
    let live = true;
    // The batch names its item only: the item (of the union or above it) names the fund.
    aidApi
      .items(batch.orgId)
      .then(async ({ items }) => {
        const fundId = items.find((i) => i.id === batch.itemId)?.fundId;
        const fund = funds.find((f) => f.id === fundId) ?? null;
        const tree = fundId ? await aidApi.fundAt(fundId, batch.orgId).catch(() => null) : null;
        if (live) setSource({ fund, availableFen: tree ? tree.node.own.availableFen : null });
      })
      .catch((error: unknown) => live && setLoadProblem(errorText(error)));
    return () => {
      live = false;
    };
  }, [batch.orgId, batch.itemId, funds]);

  const pay = async () => {
    setSaving(true);
    setProblem(null);
    try {
      onPaid(await aidApi.pay(batch.id), source?.fund ?? null);
    } catch (error) {
      setProblem(showProblemAt(null, error, () => null));
    } finally {
      setSaving(false);
    }
  };

  const short = source?.availableFen !== null && source?.availableFen !== undefined && source.availableFen < batch.totalFen;
  return (
    <StepModal
      title={t(`${k}.title`, { batch: batch.name })}
      okText={t(`${k}.submit`, { amount: formatFen(batch.totalFen) })}
      testId="aid-pay"
      saving={saving}
      problem={problem}
      onOk={() => void pay()}
      onClose={onClose}
    >
      {loadProblem && <Alert type="error" showIcon title={loadProblem} className="gh-form-alert" />}
      {!source && !loadProblem && <Spin />}
      {source && (
        <>
          <Typography.Paragraph data-testid="aid-pay-sentence">
            {source.fund
              ? t(`${k}.sentence`, {
                  amount: formatFen(batch.totalFen),
                  count: batch.households,
                  org: unionName,
                  fund: source.fund.name,
                })
              : t(`${k}.sentenceNoFund`, { amount: formatFen(batch.totalFen), count: batch.households, org: unionName })}
          </Typography.Paragraph>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'item', label: t(`${k}.item`), children: batch.itemName },
              { key: 'households', label: t(`${k}.households`), children: t(`${k}.householdsValue`, { count: batch.households }) },
              {
                key: 'total',
                label: t(`${k}.total`),
                children: (
                  <span className="gh-hardship-money gh-hardship-money-strong" data-testid="aid-pay-total">
                    {formatFen(batch.totalFen)}
                  </span>
                ),
              },
              {
                key: 'fund',
                label: t(`${k}.fund`),
                children: (
                  <span data-testid="aid-pay-fund">
                    {source.fund ? t(`${k}.fundValue`, { fund: source.fund.name, owner: source.fund.orgName }) : t('common.none')}
                  </span>
                ),
              },
              {
                key: 'available',
                label: t(`${k}.available`, { org: unionName }),
                children: (
                  <span className="gh-hardship-money" data-testid="aid-pay-available">
                    {formatFen(source.availableFen)}
                  </span>
                ),
              },
            ]}
          />
          {short && <Alert type="warning" showIcon className="gh-aid-pay-short" title={t(`${k}.short`, { org: unionName })} />}
          <Typography.Paragraph type="secondary" className="gh-aid-pay-note">
            {t(`${k}.note`)}
          </Typography.Paragraph>
        </>
      )}
    </StepModal>
  );
}
