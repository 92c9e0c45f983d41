import { useState } from 'react';
import { Alert, App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, joinMessages } from '../../../../../shared/api.ts';
import { staffApi, type StaffMember } from '../api.ts';
import { PasswordFields } from './staff-form-modal.tsx';

/** Sets a new password for a staff account. Render only while open. */
export function ResetPasswordModal({ staff, onClose }: { staff: StaffMember; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; passwordConfirm: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async ({ password }: { password: string }) => {
    setSaving(true);
    setProblem(null);
    try {
      await staffApi.resetPassword(staff.id, password);
      void message.success(t('console.staff.resetPasswordDone'));
      onClose();
    } catch (error) {
      const { byField, rest } = fieldErrors(error, ['password']);
      if (byField.password) form.setFields([{ name: 'password', errors: byField.password }]);
      setProblem(joinMessages([errorText(error), ...rest]));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('console.staff.resetPasswordTitle', { name: staff.displayName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      mask={{ closable: false }}
    >
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Form form={form} layout="vertical" onFinish={(values: { password: string }) => void submit(values)}>
        <PasswordFields label={t('console.staff.passwordNew')} />
      </Form>
    </Modal>
  );
}
