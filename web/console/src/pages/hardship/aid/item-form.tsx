import { useState } from 'react';
import { Col, Descriptions, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../../shared/format.ts';
import type { Fund } from '../../funds/api.ts';
import { parseYuan, yuanProblemText } from '../../funds/rules.ts';
import { showProblemAt, type FormProblem } from '../components/form-problem.ts';
import { StepModal } from '../components/step-modal.tsx';
import { aidApi, type AidItem, type AidKind } from './api.ts';
import { AID_KINDS, ITEM_CODE, itemFieldOf, suggestedCode, toItemBody, type ItemValues } from './rules.ts';

/** Shanghai's year now: an item's code starts from it (winter_2026). */
function shanghaiYear(): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

/**
 * 设立救助项目 at a union: its name and kind, the standard sum, the fund it pays from (one the union's
 * own or one above it runs) and the limits per household and year — a sum, a number of times, or
 * once for the life of the file. The server's problems go under their boxes, the rest above the form.
 */
export function ItemForm({
  union,
  funds,
  onSaved,
  onClose,
}: {
  union: { id: string; name: string };
  funds: Fund[];
  onSaved: (item: AidItem) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ItemValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [codeTouched, setCodeTouched] = useState(false);
  const defaultAmount = Form.useWatch('defaultAmount', form);
  const maxAmount = Form.useWatch('maxAmount', form);
  const k = 'consoleHardshipAid.itemForm';

  const submit = async (values: ItemValues) => {
    setSaving(true);
    setProblem(null);
    try {
      onSaved(await aidApi.createItem(toItemBody(values, union.id)));
    } catch (error) {
      setProblem(
        showProblemAt(form, error, (field) => {
          const box = itemFieldOf(field);
          return box ? [box] : null;
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  const amountRule = (required: boolean) => ({
    validator: async (_: unknown, value: string | undefined) => {
      if (!value?.trim()) {
        if (required) throw new Error(t(`${k}.amountRequired`));
        return;
      }
      const parsed = parseYuan(value);
      if (!parsed.ok) throw new Error(yuanProblemText(parsed.problem));
    },
  });
  const preview = (typed: string | undefined, testId: string) => {
    const parsed = typed?.trim() ? parseYuan(typed) : null;
    return parsed?.ok ? <span data-testid={testId}>{t(`${k}.booked`, { amount: formatFen(parsed.fen) })}</span> : null;
  };

  return (
    <StepModal
      title={t(`${k}.title`)}
      okText={t(`${k}.submit`)}
      testId="aid-item-form"
      saving={saving}
      problem={problem}
      width={720}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Descriptions size="small" column={1} items={[{ key: 'union', label: t(`${k}.union`), children: union.name }]} />
      <Form<ItemValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'winter', code: suggestedCode('winter', shanghaiYear()), oncePerHousehold: false }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<ItemValues>) => {
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof ItemValues, errors: [] })));
          if ('code' in changed) setCodeTouched(true);
          // The code follows the kind until staff type their own.
          if (changed.kind && !codeTouched) form.setFieldsValue({ code: suggestedCode(changed.kind, shanghaiYear()) });
        }}
      >
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item
              name="name"
              label={t(`${k}.name`)}
              rules={[{ required: true, whitespace: true, min: 2, message: t(`${k}.nameRequired`) }]}
            >
              <Input maxLength={40} placeholder={t(`${k}.namePlaceholder`)} data-testid="aid-item-name" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="kind" label={t(`${k}.kind`)} rules={[{ required: true }]}>
              <Select<AidKind>
                options={AID_KINDS.map((kind) => ({ value: kind, label: t(`consoleHardshipAid.kind.${kind}`) }))}
                data-testid="aid-item-kind"
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item
              name="fundId"
              label={t(`${k}.fund`)}
              extra={funds.length === 0 ? t(`${k}.noFunds`, { org: union.name }) : t(`${k}.fundHint`)}
              rules={[{ required: true, message: t(`${k}.fundRequired`) }]}
            >
              <Select<string>
                placeholder={t(`${k}.fundPlaceholder`)}
                options={funds.map((f) => ({
                  value: f.id,
                  title: f.name,
                  label: t(`${k}.fundOption`, { fund: f.name, org: f.orgName }),
                }))}
                data-testid="aid-item-fund"
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item
              name="code"
              label={t(`${k}.code`)}
              extra={t(`${k}.codeHint`)}
              rules={[{ required: true, pattern: ITEM_CODE, message: t(`${k}.codeInvalid`) }]}
            >
              <Input maxLength={40} className="gh-mono" data-testid="aid-item-code" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="defaultAmount"
              label={t(`${k}.defaultAmount`)}
              required
              rules={[amountRule(true)]}
              extra={preview(defaultAmount, 'aid-item-default-amount-preview') ?? t(`${k}.defaultAmountHint`)}
            >
              <Input inputMode="decimal" suffix={t(`${k}.yuan`)} data-testid="aid-item-default-amount" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="maxAmount"
              label={t(`${k}.maxAmount`)}
              rules={[amountRule(false)]}
              extra={preview(maxAmount, 'aid-item-max-amount-preview') ?? t(`${k}.noLimitHint`)}
            >
              <Input inputMode="decimal" suffix={t(`${k}.yuan`)} data-testid="aid-item-max-amount" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="maxTimes" label={t(`${k}.maxTimes`)} extra={t(`${k}.noLimitHint`)}>
              <InputNumber<number>
                min={1}
                max={52}
                precision={0}
                style={{ width: '100%' }}
                suffix={t(`${k}.times`)}
                data-testid="aid-item-max-times"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="oncePerHousehold" label={t(`${k}.once`)} valuePropName="checked" extra={t(`${k}.onceHint`)}>
              <Switch data-testid="aid-item-once" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </StepModal>
  );
}
