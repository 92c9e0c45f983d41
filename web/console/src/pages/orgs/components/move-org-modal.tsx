import { useCallback, useState } from 'react';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, joinMessages } from '../../../../../shared/api.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { orgsApi, type Org } from '../api.ts';
import { childKindsOf } from '../rules.ts';

interface MoveValues {
  newParentId: string;
  reason: string;
}

/** Moves an org (with its subtree) under a new parent. Render only while open. */
export function MoveOrgModal({
  org,
  onClose,
  onMoved,
}: {
  org: Org;
  onClose: () => void;
  onMoved: (org: Org, fromParentId: string | null) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MoveValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  // Not itself or its own subtree, not its current parent, and only a kind that may hold it.
  const isDisabled = useCallback(
    (candidate: Org) =>
      candidate.path.startsWith(org.path) ||
      candidate.id === org.parentId ||
      candidate.status !== 'active' ||
      !childKindsOf(candidate.kind).includes(org.kind),
    [org],
  );

  const submit = async (values: MoveValues) => {
    setSaving(true);
    setProblem(null);
    try {
      const moved = await orgsApi.move(org.id, values.newParentId, values.reason.trim());
      void message.success(t('console.orgs.move.moved'));
      onMoved(moved, org.parentId);
    } catch (error) {
      const { byField, rest } = fieldErrors(error, ['newParentId', 'reason']);
      form.setFields(Object.entries(byField).map(([name, errors]) => ({ name: name as keyof MoveValues, errors })));
      setProblem(joinMessages([errorText(error), ...rest]));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('console.orgs.move.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      mask={{ closable: false }}
      okButtonProps={{ htmlType: 'submit' }}
    >
      <Typography.Paragraph type="secondary">{t('console.orgs.move.current', { name: org.name })}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Form<MoveValues> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item
          name="newParentId"
          label={t('console.orgs.move.newParent')}
          rules={[{ required: true, message: t('console.orgs.move.newParentRequired') }]}
        >
          <OrgPicker placeholder={t('console.orgs.move.newParentPlaceholder')} isDisabled={isDisabled} data-testid="org-move-parent" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('common.reasonPlaceholder')} data-testid="org-move-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
