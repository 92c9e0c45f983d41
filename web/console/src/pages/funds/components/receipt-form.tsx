import { useState } from 'react';
import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../../shared/format.ts';
import { fundsApi, type FundTree, type Transfer } from '../api.ts';
import { parseYuan } from '../rules.ts';
import { AmountItem } from './amount-item.tsx';
import { showProblem, type FormProblem } from './form-problem.tsx';
import { MovementModal } from './movement-modal.tsx';

interface Values {
  sourceId?: string;
  amount?: string;
  memo?: string;
}

const FIELDS = { sourceId: 'sourceId', amountFen: 'amount', memo: 'memo' };

/** 登记来源收入: money from one of the fund's sources (全总下拨, 财政补助 …) arriving at the union on screen. */
export function ReceiptForm({ tree, onSaved, onClose }: { tree: FundTree; onSaved: (line: Transfer) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const k = 'consoleFunds.receiptForm';

  const submit = async (values: Values) => {
    const amount = parseYuan(values.amount ?? '');
    if (!amount.ok || !values.sourceId) return;
    setSaving(true);
    setProblem(null);
    try {
      const memo = values.memo?.trim();
      onSaved(
        await fundsApi.receive(tree.fund.id, {
          sourceId: values.sourceId,
          orgId: tree.node.org.id,
          amountFen: amount.fen,
          memo: memo ? memo : null,
        }),
      );
    } catch (error) {
      setProblem(showProblem(form, error, FIELDS));
    } finally {
      setSaving(false);
    }
  };

  return (
    <MovementModal
      title={t(`${k}.title`)}
      okText={t(`${k}.submit`)}
      testId="receipt-form"
      facts={[
        { label: t('consoleFunds.facts.fund'), value: tree.fund.name },
        { label: t(`${k}.union`), value: tree.node.org.name },
        { label: t('consoleFunds.facts.available'), value: formatFen(tree.node.own.availableFen) },
      ]}
      saving={saving}
      problem={problem}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ sourceId: tree.fund.sources[0]?.id, amount: '', memo: '' }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<Values>) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))
        }
      >
        <Form.Item name="sourceId" label={t(`${k}.source`)} rules={[{ required: true, message: t(`${k}.sourceRequired`) }]}>
          <Select
            options={tree.fund.sources.map((s) => ({ value: s.id, label: <span data-testid={`receipt-source-${s.id}`}>{s.name}</span> }))}
            notFoundContent={t(`${k}.noSources`)}
            data-testid="receipt-source"
          />
        </Form.Item>
        <AmountItem label={t(`${k}.amount`)} testId="receipt-amount" />
        <Form.Item name="memo" label={t('consoleFunds.facts.memo')}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t(`${k}.memoPlaceholder`)} data-testid="receipt-memo" />
        </Form.Item>
      </Form>
    </MovementModal>
  );
}
