import { useState, type ReactNode } from 'react';
import { Alert, Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemText } from '../problem-text.ts';
import { UnionPicker } from './union-picker.tsx';

export interface OrgField {
  label: string;
  requiredMessage: string;
  /** An org that may not be chosen (the current one), with the message shown when it is. */
  notId?: string;
  notIdMessage?: string;
  testId: string;
}

interface Values {
  reason?: string;
  orgId?: string;
}

/**
 * Asks for the reason of an audited action and runs it. The reason may be optional (approve) or
 * required (reject, with templates to start from); some actions also pick a union (re-place,
 * transfer). Render only while open; errors from `onSubmit` are shown in the dialog.
 */
export function ReasonDialog({
  title,
  hint,
  danger,
  optional,
  templates,
  orgField,
  okText,
  testId,
  children,
  onSubmit,
  onClose,
}: {
  title: string;
  hint?: ReactNode;
  danger?: boolean;
  /** The reason may be left empty (onSubmit then gets null). */
  optional?: boolean;
  /** Reasons to start from: clicking one fills the text box, which stays editable. */
  templates?: string[];
  orgField?: OrgField;
  okText?: string;
  /** data-testid of the reason text box; the OK button gets `${testId}-ok`. */
  testId: string;
  children?: ReactNode;
  onSubmit: (reason: string | null, orgId: string | null) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setSaving(true);
    setProblem(null);
    try {
      await onSubmit(values.reason?.trim() || null, values.orgId ?? null);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={danger ?? false}
          loading={saving}
          onClick={() => form.submit()}
          data-testid={`${testId}-ok`}
        >
          {okText ?? t('common.confirm')}
        </Button>,
      ]}
      mask={{ closable: false }}
      width={560}
    >
      {hint && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {hint}
        </Typography.Paragraph>
      )}
      {children}
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid={`${testId}-error`} />}
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={!optional}>
        {orgField && (
          <Form.Item
            name="orgId"
            label={orgField.label}
            rules={[
              { required: true, message: orgField.requiredMessage },
              {
                validator: async (_, value: string | undefined) => {
                  if (orgField.notId && value === orgField.notId) throw new Error(orgField.notIdMessage ?? orgField.requiredMessage);
                },
              },
            ]}
          >
            <UnionPicker
              data-testid={orgField.testId}
              disabledIds={orgField.notId ? [orgField.notId] : []}
              activeOnly
              placeholder={t('consoleMembers.common.unionPlaceholder')}
            />
          </Form.Item>
        )}
        {templates && templates.length > 0 && (
          <div className="gh-reason-templates">
            <Typography.Text type="secondary">
              {t('common.labelSuffix', { label: t('consoleMembers.common.reasonTemplates') })}
            </Typography.Text>
            <Space size={[6, 6]} wrap>
              {templates.map((template, i) => (
                <Tag
                  key={template}
                  className="gh-reason-template"
                  onClick={() => form.setFieldsValue({ reason: template })}
                  data-testid={`${testId}-template-${i}`}
                >
                  {template}
                </Tag>
              ))}
            </Space>
          </div>
        )}
        <Form.Item
          name="reason"
          label={optional ? t('consoleMembers.common.reasonOptional') : t('common.reason')}
          rules={optional ? [] : [{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={optional ? t('consoleMembers.common.reasonOptionalPlaceholder') : t('common.reasonPlaceholder')}
            autoFocus={!orgField}
            data-testid={testId}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
