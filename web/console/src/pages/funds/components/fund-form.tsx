import { useState } from 'react';
import { Button, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { useSession } from '../../../session.tsx';
import { FUND_PURPOSES, fundsApi, type Fund, type FundPurpose } from '../api.ts';
import { cleanSources } from '../rules.ts';
import { ProblemAlert, showProblem, type FormProblem } from './form-problem.tsx';

interface Values {
  orgId?: string;
  name: string;
  purpose: FundPurpose;
  sources?: string[];
  description?: string;
}

const FIELDS = { orgId: 'orgId', name: 'name', purpose: 'purpose', sources: 'sources', description: 'description' };

/** 设立资金: a fund of a union (the staff member's own by default) for its subtree, with where its money comes from. */
export function FundForm({ onSaved, onClose }: { onSaved: (fund: Fund) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const k = 'consoleFunds.fundForm';

  const submit = async (values: Values) => {
    setSaving(true);
    setProblem(null);
    try {
      const description = values.description?.trim();
      const fund = await fundsApi.create({
        orgId: values.orgId ?? me.org.id,
        name: values.name.trim(),
        purpose: values.purpose,
        description: description ? description : null,
        sources: cleanSources(values.sources),
      });
      onSaved(fund);
    } catch (error) {
      setProblem(showProblem(form, error, FIELDS));
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
      width={600}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid="fund-form-cancel">
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={saving} onClick={() => form.submit()} data-testid="fund-form-submit">
          {t(`${k}.submit`)}
        </Button>,
      ]}
    >
      <ProblemAlert problem={problem} testId="fund-form-error" />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ orgId: me.org.id, name: '', purpose: 'warmth', sources: [], description: '' }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<Values>) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))
        }
      >
        <Form.Item
          name="orgId"
          label={t(`${k}.owner`)}
          extra={t(`${k}.ownerHint`)}
          rules={[{ required: true, message: t(`${k}.ownerRequired`) }]}
        >
          <OrgPicker data-testid="fund-owner" />
        </Form.Item>
        <div className="gh-funds-form-row">
          <Form.Item
            name="name"
            label={t(`${k}.name`)}
            rules={[
              { required: true, whitespace: true, message: t(`${k}.nameRequired`) },
              { min: 2, max: 60, message: t(`${k}.nameLength`) },
            ]}
          >
            <Input maxLength={60} placeholder={t(`${k}.namePlaceholder`)} data-testid="fund-name" />
          </Form.Item>
          <Form.Item name="purpose" label={t(`${k}.purpose`)} rules={[{ required: true }]}>
            <Select<FundPurpose>
              options={FUND_PURPOSES.map((p) => ({
                value: p,
                label: <span data-testid={`fund-purpose-${p}`}>{t(`consoleFunds.purpose.${p}`)}</span>,
              }))}
              data-testid="fund-purpose"
            />
          </Form.Item>
        </div>
        <Form.Item name="sources" label={t(`${k}.sources`)} extra={t(`${k}.sourcesHint`)}>
          <Select<string[]>
            mode="tags"
            open={false}
            suffixIcon={null}
            tokenSeparators={[',', '\n']}
            placeholder={t(`${k}.sourcesPlaceholder`)}
            data-testid="fund-sources"
          />
        </Form.Item>
        <Form.Item name="description" label={t(`${k}.description`)}>
          <Input.TextArea
            rows={2}
            maxLength={500}
            showCount
            placeholder={t(`${k}.descriptionPlaceholder`)}
            data-testid="fund-description"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
