import { useEffect, useMemo, useState } from 'react';
import { Alert, Form, Input, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDate, formatFen } from '../../../../../shared/format.ts';
import type { FormProblem } from '../../funds/components/form-problem.tsx';
import { StepModal } from '../../hardship/components/step-modal.tsx';
import { MAX_BATCH_CLAIMS, mutualAidApi, type Batch, type Claim, type Plan } from '../api.ts';
import { defaultBatchName, shanghaiDayOf } from '../rules.ts';
import { Money } from '../words.tsx';

/**
 * 新建发放批次: the plan's approved claims not yet in a batch, all chosen to start with (one may be left
 * for the next batch), a name, and the batch's sum. The server takes the chosen claims if each is still
 * approved and in no other batch.
 */
export function BatchForm({ plan, onSaved, onClose }: { plan: Plan; onSaved: (batch: Batch) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [claims, setClaims] = useState<Claim[] | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [name, setName] = useState(() => defaultBatchName(plan.name, shanghaiDayOf(new Date())));
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [checked, setChecked] = useState(false);
  const k = 'consoleMutualAid.batches.form';

  useEffect(() => {
    let live = true;
    mutualAidApi
      .approvedClaims(plan.id)
      .then((found) => {
        if (!live) return;
        const free = found.filter((c) => c.batchId === null);
        setClaims(free);
        setSelected(free.slice(0, MAX_BATCH_CLAIMS).map((c) => c.id));
      })
      .catch((error: unknown) => live && setLoadProblem(errorText(error)));
    return () => {
      live = false;
    };
  }, [plan.id]);

  const totalFen = useMemo(
    () => (claims ?? []).filter((c) => selected.includes(c.id)).reduce((sum, c) => sum + c.payoutFen, 0),
    [claims, selected],
  );
  const nameOk = name.trim().length >= 2;

  const submit = async () => {
    setChecked(true);
    if (selected.length === 0 || !nameOk) return;
    setSaving(true);
    setProblem(null);
    try {
      onSaved(await mutualAidApi.createBatch(plan.id, name.trim(), selected));
    } catch (error) {
      setProblem({ title: errorText(error), items: [] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <StepModal
      title={t(`${k}.title`, { plan: plan.name })}
      okText={t(`${k}.submit`)}
      testId="mutual-aid-batch-form"
      saving={saving}
      problem={problem}
      width={900}
      onOk={() => void submit()}
      onClose={onClose}
    >
      <Form layout="vertical" component="div">
        <Form.Item
          label={t(`${k}.name`)}
          required
          validateStatus={checked && !nameOk ? 'error' : undefined}
          help={checked && !nameOk ? t(`${k}.nameRequired`) : undefined}
        >
          <Input value={name} maxLength={60} onChange={(e) => setName(e.target.value)} data-testid="mutual-aid-batch-form-name" />
        </Form.Item>
      </Form>
      {loadProblem && <Alert type="error" showIcon title={loadProblem} className="gh-form-alert" />}
      <Typography.Paragraph type="secondary">{t(`${k}.hint`)}</Typography.Paragraph>
      <Table<Claim>
        rowKey="id"
        size="small"
        loading={claims === null && !loadProblem}
        dataSource={claims ?? []}
        pagination={false}
        scroll={{ y: 320 }}
        locale={{ emptyText: t(`${k}.none`) }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String).slice(0, MAX_BATCH_CLAIMS)),
          getCheckboxProps: (c) => ({ 'data-testid': `mutual-aid-batch-pick-${c.id}` }) as Record<string, string>,
        }}
        onRow={(c) => ({ 'data-testid': `mutual-aid-batch-claim-${c.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'claimNo', title: t(`${k}.col.claimNo`), width: 190, render: (_, c) => <span className="gh-mono">{c.claimNo}</span> },
          { key: 'insured', title: t(`${k}.col.insured`), width: 100, dataIndex: 'insuredName' },
          { key: 'union', title: t(`${k}.col.union`), ellipsis: true, dataIndex: 'orgName' },
          { key: 'day', title: t(`${k}.col.decided`), width: 120, render: (_, c) => formatDate(c.decidedAt) },
          { key: 'payout', title: t(`${k}.col.payout`), width: 140, align: 'right', render: (_, c) => <Money fen={c.payoutFen} strong /> },
        ]}
      />
      <div className="gh-ma-batch-sum">
        {checked && selected.length === 0 ? <Typography.Text type="danger">{t(`${k}.noneChosen`)}</Typography.Text> : <span />}
        <Typography.Text data-testid="mutual-aid-batch-form-sum">
          {t(`${k}.sum`, { count: selected.length, amount: formatFen(totalFen) })}
        </Typography.Text>
      </div>
    </StepModal>
  );
}
