import { Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../../shared/format.ts';
import { parseYuan, yuanProblemText } from '../rules.ts';

/**
 * The amount of a movement, typed in yuan (1,234.5 or 1234.50) into the form's `amount` field: checked
 * as the server checks it, and read back below the box as it will be booked (¥1,234.50).
 */
export function AmountItem({ label, testId, availableFen }: { label: string; testId: string; availableFen?: number | undefined }) {
  const { t } = useTranslation();
  const typed = Form.useWatch<string | undefined>('amount');
  const parsed = typed?.trim() ? parseYuan(typed) : null;
  const available = availableFen !== undefined ? t('consoleFunds.amount.available', { amount: formatFen(availableFen) }) : null;
  return (
    <Form.Item
      name="amount"
      label={label}
      required
      rules={[
        {
          validator: async (_, value: string | undefined) => {
            if (!value?.trim()) throw new Error(t('consoleFunds.amount.required'));
            const result = parseYuan(value);
            if (!result.ok) throw new Error(yuanProblemText(result.problem));
          },
        },
      ]}
      extra={
        <Space size={16} wrap>
          {parsed?.ok && (
            <span data-testid={`${testId}-preview`}>{t('consoleFunds.amount.booked', { amount: formatFen(parsed.fen) })}</span>
          )}
          {available && <span data-testid={`${testId}-available`}>{available}</span>}
        </Space>
      }
    >
      <Input
        inputMode="decimal"
        suffix={t('consoleFunds.amount.unit')}
        placeholder={t('consoleFunds.amount.placeholder')}
        data-testid={testId}
      />
    </Form.Item>
  );
}
