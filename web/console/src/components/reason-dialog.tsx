import { useState, type ReactElement, type ReactNode } from 'react';
import { Alert, Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemText } from './problem-text.ts';

/** An organisation to pick beside the reason (re-place an application, transfer a member). */
export interface OrgField {
  label: string;
  requiredMessage: string;
  /** An org that may not be chosen (the current one), with the message shown when it is. */
  notId?: string;
  notIdMessage?: string;
  /** The picker (a controlled input: the form gives it value and onChange). */
  picker: ReactElement;
}

interface Values {
  reason?: string;
  orgId?: string;
}

interface ReasonDialogProps<Optional extends boolean> {
  title: string;
  hint?: ReactNode;
  danger?: boolean;
  /** The reason may be left empty (onSubmit then gets null). */
  optional?: Optional;
  /** Reasons to start from: clicking one fills the text box, which stays editable. */
  templates?: string[];
  orgField?: OrgField;
  okText?: string;
  /** data-testid of the reason text box; the OK button gets `${testId}-ok`, the problem `${testId}-error`. */
  testId: string;
  children?: ReactNode;
  onSubmit: (reason: Optional extends true ? string | null : string, orgId: string | null) => Promise<void>;
  onClose: () => void;
}

/**
 * Asks for the reason of an audited action and runs it — every such action of the console (deactivate
 * an org, reveal a phone, approve, reject, transfer…). The reason may be optional (approve) or required
 * (reject, with templates to start from); some actions also pick a union (re-place, transfer). Render
 * only while open; errors from `onSubmit` are shown in the dialog.
 */
export function ReasonDialog<Optional extends boolean = false>(props: ReasonDialogProps<Optional>) {
  const { title, hint, danger, optional, templates, orgField, okText, testId, children, onSubmit, onClose } = props;
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setSaving(true);
    setProblem(null);
    try {
      const reason = values.reason?.trim() ?? '';
      const orgId = values.orgId ?? null;
      // A required reason is never empty here: the form's rule refused it.
      await onSubmit((optional ? reason || null : reason) as Optional extends true ? string | null : string, orgId);
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
            {orgField.picker}
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
