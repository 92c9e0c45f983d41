import { useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';

/** Asks for the reason of an audited action (deactivate, reactivate) and runs it. Render only while open. */
export function ReasonModal({
  title,
  hint,
  danger,
  onSubmit,
  onClose,
  testId,
}: {
  title: string;
  hint?: string;
  danger?: boolean;
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async ({ reason }: { reason: string }) => {
    setSaving(true);
    setProblem(null);
    try {
      await onSubmit(reason.trim());
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: danger ?? false }}
      confirmLoading={saving}
      mask={{ closable: false }}
    >
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="reason-error" />}
      <Form form={form} layout="vertical" onFinish={(values: { reason: string }) => void submit(values)}>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t('common.reasonPlaceholder')}
            autoFocus
            data-testid={testId ?? 'reason-input'}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
