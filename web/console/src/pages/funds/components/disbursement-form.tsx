import { useState } from 'react';
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../../shared/format.ts';
import { fundsApi, type FundTree, type Transfer } from '../api.ts';
import { maskPayee, parseYuan } from '../rules.ts';
import { AmountItem } from './amount-item.tsx';
import { showProblem, type FormProblem } from './form-problem.tsx';
import { MovementModal } from './movement-modal.tsx';

interface Values {
  amount?: string;
  payee?: string;
  memo?: string;
}

const FIELDS = { amountFen: 'amount', payee: 'payee', memo: 'memo' };

/** A key for one opened form: sent with each try, so a double click or a retry after a lost answer pays once. */
function formKey(): string {
  // crypto.randomUUID needs a secure context; a console served over plain HTTP on the LAN has none.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * 登记支出: one payment from the union on screen, at most what it has available. The payee is kept
 * masked (王*军): the box shows the masked form as it will be booked, and takes it on leaving the box.
 */
export function DisbursementForm({ tree, onSaved, onClose }: { tree: FundTree; onSaved: (line: Transfer) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [idempotencyKey] = useState(formKey);
  const payee = Form.useWatch('payee', form) ?? '';
  const k = 'consoleFunds.disbursementForm';

  const submit = async (values: Values) => {
    const amount = parseYuan(values.amount ?? '');
    if (!amount.ok) return;
    setSaving(true);
    setProblem(null);
    try {
      const memo = values.memo?.trim();
      const masked = maskPayee(values.payee ?? '');
      onSaved(
        await fundsApi.disburse(tree.fund.id, {
          orgId: tree.node.org.id,
          amountFen: amount.fen,
          payee: masked ? masked : null,
          memo: memo ? memo : null,
          idempotencyKey,
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
      testId="disbursement-form"
      facts={[
        { label: t('consoleFunds.facts.fund'), value: tree.fund.name },
        { label: t(`${k}.union`), value: tree.node.org.name },
        {
          label: t('consoleFunds.facts.available'),
          value: <span data-testid="disbursement-available">{formatFen(tree.node.own.availableFen)}</span>,
        },
      ]}
      saving={saving}
      problem={problem}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ amount: '', payee: '', memo: '' }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<Values>) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))
        }
      >
        <AmountItem label={t(`${k}.amount`)} testId="disbursement-amount" />
        <Form.Item
          name="payee"
          label={t(`${k}.payee`)}
          extra={
            payee.trim() ? (
              <span data-testid="disbursement-payee-masked">{t(`${k}.payeeMasked`, { payee: maskPayee(payee) })}</span>
            ) : (
              t(`${k}.payeeHint`)
            )
          }
        >
          <Input
            maxLength={30}
            placeholder={t(`${k}.payeePlaceholder`)}
            onBlur={() => form.setFieldsValue({ payee: maskPayee((form.getFieldValue('payee') as string | undefined) ?? '') })}
            data-testid="disbursement-payee"
          />
        </Form.Item>
        <Form.Item name="memo" label={t('consoleFunds.facts.memo')}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t(`${k}.memoPlaceholder`)} data-testid="disbursement-memo" />
        </Form.Item>
      </Form>
    </MovementModal>
  );
}
