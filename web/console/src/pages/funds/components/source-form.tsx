import { useState } from 'react';
import { Button, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { fundsApi } from '../api.ts';
import { ProblemAlert, showProblem, type FormProblem } from './form-problem.tsx';

/** 添加来源: one more place the fund's money comes from (财政补助, 社会捐赠 …); only the owner's subtree names them. */
export function SourceForm({
  fundId,
  onSaved,
  onClose,
}: {
  fundId: string;
  onSaved: (source: { id: string; name: string }) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const k = 'consoleFunds.sourceForm';

  const submit = async ({ name }: { name: string }) => {
    setSaving(true);
    setProblem(null);
    try {
      onSaved(await fundsApi.addSource(fundId, name.trim()));
    } catch (error) {
      setProblem(showProblem(form, error, { name: 'name' }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t(`${k}.title`)}
      onCancel={onClose}
      mask={{ closable: false }}
      width={480}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={saving} onClick={() => form.submit()} data-testid="source-form-submit">
          {t(`${k}.submit`)}
        </Button>,
      ]}
    >
      <ProblemAlert problem={problem} testId="source-form-error" />
      <Form form={form} layout="vertical" initialValues={{ name: '' }} onFinish={(values) => void submit(values)}>
        <Form.Item
          name="name"
          label={t(`${k}.name`)}
          rules={[
            { required: true, whitespace: true, message: t(`${k}.nameRequired`) },
            { min: 2, max: 60, message: t(`${k}.nameLength`) },
          ]}
          style={{ marginBottom: 0 }}
        >
          <Input maxLength={60} placeholder={t(`${k}.namePlaceholder`)} autoFocus data-testid="source-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
