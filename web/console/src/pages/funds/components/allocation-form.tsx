import { useState } from 'react';
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../../shared/format.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { fundsApi, type FundTree, type Transfer } from '../api.ts';
import { isBelow, parseYuan } from '../rules.ts';
import { AmountItem } from './amount-item.tsx';
import { showProblem, type FormProblem } from './form-problem.tsx';
import { MovementModal } from './movement-modal.tsx';

interface Values {
  toOrgId?: string;
  amount?: string;
  memo?: string;
}

const FIELDS = { toOrgId: 'toOrgId', amountFen: 'amount', memo: 'memo' };

/**
 * 下拨: money from the union on screen to a union below it, at most what it has available. The picker
 * offers the staff member's tree with every union not below this one greyed out (when its place in the
 * tree is known: `fromPath`).
 */
export function AllocationForm({
  tree,
  fromPath,
  onSaved,
  onClose,
}: {
  tree: FundTree;
  fromPath: string | null;
  onSaved: (line: Transfer, toName: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [toName, setToName] = useState('');
  const k = 'consoleFunds.allocationForm';

  const submit = async (values: Values) => {
    const amount = parseYuan(values.amount ?? '');
    if (!amount.ok || !values.toOrgId) return;
    setSaving(true);
    setProblem(null);
    try {
      const memo = values.memo?.trim();
      const line = await fundsApi.allocate(tree.fund.id, {
        fromOrgId: tree.node.org.id,
        toOrgId: values.toOrgId,
        amountFen: amount.fen,
        memo: memo ? memo : null,
      });
      onSaved(line, toName);
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
      testId="allocation-form"
      facts={[
        { label: t('consoleFunds.facts.fund'), value: tree.fund.name },
        { label: t(`${k}.from`), value: tree.node.org.name },
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
        initialValues={{ amount: '', memo: '' }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<Values>) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))
        }
      >
        <Form.Item name="toOrgId" label={t(`${k}.to`)} extra={t(`${k}.toHint`)} rules={[{ required: true, message: t(`${k}.toRequired`) }]}>
          <OrgPicker
            placeholder={t(`${k}.toPlaceholder`)}
            isDisabled={fromPath ? (org) => !isBelow(org.path, fromPath) : undefined}
            // Beside the form's own onChange (which keeps the id): the name, for the message after.
            onChange={(_, org) => setToName(org?.name ?? '')}
            data-testid="allocation-to"
          />
        </Form.Item>
        <AmountItem label={t(`${k}.amount`)} testId="allocation-amount" />
        <Form.Item name="memo" label={t('consoleFunds.facts.memo')}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t(`${k}.memoPlaceholder`)} data-testid="allocation-memo" />
        </Form.Item>
      </Form>
    </MovementModal>
  );
}
