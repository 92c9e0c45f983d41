import { useMemo, useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, joinMessages } from '../../../../../shared/api.ts';
import { censusApi, SOURCE_KINDS, type CensusSource, type SourceKind } from '../api.ts';

interface SourceValues {
  name: string;
  kind: SourceKind;
}

/** 新增来源: a department, an association or a platform that sends lists. Render only while open. */
export function SourceModal({ onClose, onCreated }: { onClose: () => void; onCreated: (source: CensusSource) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SourceValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const kindOptions = useMemo(() => SOURCE_KINDS.map((k) => ({ value: k, label: t(`consoleCensus.sourceKind.${k}`) })), [t]);

  const submit = async (values: SourceValues) => {
    setSaving(true);
    setProblem(null);
    try {
      const created = await censusApi.createSource({ name: values.name.trim(), kind: values.kind });
      void message.success(t('consoleCensus.sourceForm.created', { name: created.name }));
      onCreated(created);
    } catch (error) {
      const { byField, rest } = fieldErrors(error, ['name', 'kind']);
      form.setFields(Object.entries(byField).map(([name, errors]) => ({ name: name as keyof SourceValues, errors })));
      setProblem(joinMessages([errorText(error), ...rest]));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('consoleCensus.sourceForm.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'census-source-ok' }}
      mask={{ closable: false }}
    >
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="census-source-error" />}
      <Form<SourceValues> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item
          name="name"
          label={t('consoleCensus.sourceForm.name')}
          rules={[{ required: true, whitespace: true, min: 2, max: 60, message: t('consoleCensus.sourceForm.nameRequired') }]}
        >
          <Input maxLength={60} placeholder={t('consoleCensus.sourceForm.namePlaceholder')} data-testid="census-source-name" />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('consoleCensus.sourceForm.kind')}
          rules={[{ required: true, message: t('consoleCensus.sourceForm.kindRequired') }]}
        >
          <Select<SourceKind> options={kindOptions} data-testid="census-source-kind" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
