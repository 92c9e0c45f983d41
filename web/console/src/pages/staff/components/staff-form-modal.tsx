import { useMemo, useState } from 'react';
import { Alert, App, Form, Input, Modal, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, joinMessages } from '../../../../../shared/api.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { MIN_PASSWORD_LENGTH, staffApi, USERNAME_PATTERN, type StaffMember } from '../api.ts';
import { fromRoleChoices, toRoleChoices, type RoleChoices } from '../../../access.ts';
import { RolesEditor } from './roles-editor.tsx';

export type StaffFormTarget = { mode: 'create'; orgId: string } | { mode: 'edit'; staff: StaffMember };

interface StaffFormValues {
  orgId: string;
  username: string;
  displayName: string;
  password: string;
  passwordConfirm: string;
  roles: RoleChoices;
  enabled: boolean;
}

const FIELDS = ['orgId', 'username', 'displayName', 'password', 'roles', 'status'] as const;

/** Create a staff account, or edit its name, roles and status. Render only while open. */
export function StaffFormModal({
  target,
  onClose,
  onSaved,
}: {
  target: StaffFormTarget;
  onClose: () => void;
  onSaved: (staff: StaffMember) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<StaffFormValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ title: string; items: string[] } | null>(null);

  const initialValues = useMemo<Partial<StaffFormValues>>(
    () =>
      target.mode === 'create'
        ? { orgId: target.orgId, roles: toRoleChoices({}), enabled: true }
        : { displayName: target.staff.displayName, roles: toRoleChoices(target.staff.roles), enabled: target.staff.status === 'active' },
    [target],
  );

  const submit = async (values: StaffFormValues) => {
    setSaving(true);
    setProblem(null);
    try {
      let saved: StaffMember;
      if (target.mode === 'create') {
        saved = await staffApi.create({
          orgId: values.orgId,
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          password: values.password,
          roles: fromRoleChoices(values.roles),
        });
        void message.success(t('console.staff.created', { name: saved.displayName }));
      } else {
        saved = await staffApi.update(target.staff.id, {
          displayName: values.displayName.trim(),
          roles: fromRoleChoices(values.roles, target.staff.roles),
          status: values.enabled ? 'active' : 'disabled',
        });
        void message.success(t('console.staff.saved'));
      }
      onSaved(saved);
    } catch (error) {
      const { byField, rest } = fieldErrors(error, FIELDS);
      const { status, ...others } = byField;
      form.setFields([
        ...Object.entries(others).map(([name, errors]) => ({ name: name as keyof StaffFormValues, errors })),
        ...(status ? [{ name: 'enabled' as const, errors: status }] : []),
      ]);
      setProblem({ title: errorText(error), items: rest });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={target.mode === 'create' ? t('console.staff.createTitle') : t('console.staff.editTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={target.mode === 'create' ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      mask={{ closable: false }}
      okButtonProps={{ className: 'gh-staff-form-submit' }}
    >
      {target.mode === 'edit' && (
        <Typography.Paragraph type="secondary">
          {t('common.joinDot', { a: target.staff.username, b: target.staff.org.name })}
        </Typography.Paragraph>
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          className="gh-form-alert"
          title={problem.title}
          description={problem.items.length > 0 ? joinMessages(problem.items) : undefined}
          data-testid="staff-form-error"
        />
      )}
      <Form<StaffFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => void submit(values)}>
        {target.mode === 'create' && (
          <>
            <Form.Item name="orgId" label={t('console.staff.org')} rules={[{ required: true, message: t('console.staff.orgRequired') }]}>
              <OrgPicker data-testid="staff-form-org" />
            </Form.Item>
            <Form.Item
              name="username"
              label={t('console.staff.username')}
              rules={[
                { required: true, message: t('console.staff.usernameRequired') },
                { pattern: USERNAME_PATTERN, message: t('console.staff.usernameInvalid') },
              ]}
            >
              <Input autoComplete="off" spellCheck={false} data-testid="staff-form-username" />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="displayName"
          label={t('console.staff.displayName')}
          rules={[{ required: true, whitespace: true, message: t('console.staff.displayNameRequired') }]}
        >
          <Input maxLength={50} data-testid="staff-form-display-name" />
        </Form.Item>
        {target.mode === 'create' && <PasswordFields />}
        <Form.Item label={t('console.staff.roles')} extra={t('console.staff.rolesHint')} className="gh-roles-block">
          <RolesEditor />
        </Form.Item>
        {target.mode === 'edit' && (
          <Form.Item name="enabled" label={t('console.staff.status')} valuePropName="checked">
            <Switch
              checkedChildren={t('enums.staffStatus.active')}
              unCheckedChildren={t('enums.staffStatus.disabled')}
              data-testid="staff-form-enabled"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Password + confirmation, used by create and by reset-password. */
export function PasswordFields({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="password"
        label={label ?? t('console.staff.password')}
        rules={[
          { required: true, message: t('console.staff.passwordRequired') },
          { min: MIN_PASSWORD_LENGTH, message: t('console.staff.passwordTooShort') },
        ]}
        hasFeedback
      >
        <Input.Password autoComplete="new-password" data-testid="staff-form-password" />
      </Form.Item>
      <Form.Item
        name="passwordConfirm"
        label={t('console.staff.passwordConfirm')}
        dependencies={['password']}
        hasFeedback
        rules={[
          { required: true, message: t('console.staff.passwordRequired') },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue('password')) throw new Error(t('console.staff.passwordMismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="staff-form-password-confirm" />
      </Form.Item>
    </>
  );
}
