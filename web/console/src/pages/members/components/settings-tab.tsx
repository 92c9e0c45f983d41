import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Form, InputNumber, Skeleton, Switch, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors } from '../../../../../shared/api.ts';
import { useSession } from '../../../session.tsx';
import { membersApi } from '../api.ts';
import { UnionPicker } from './union-picker.tsx';

interface Values {
  autoApprove: boolean;
  reviewSlaHours: number;
}

/** Review settings of one union (admin only): auto-approval and the review deadline in hours. */
export function SettingsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const orgId = params.get('orgId') ?? me.org.id;
  const [form] = Form.useForm<Values>();
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setProblem(null);
    membersApi
      .settings(orgId)
      .then((found) => {
        if (!cancelled) form.setFieldsValue({ autoApprove: found.autoApprove, reviewSlaHours: found.reviewSlaHours });
      })
      .catch((error: unknown) => !cancelled && setProblem(errorText(error)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [orgId, form]);

  const save = async (values: Values) => {
    setSaving(true);
    setProblem(null);
    try {
      const saved = await membersApi.saveSettings(orgId, values);
      form.setFieldsValue(saved);
      void message.success(t('consoleMembers.settings.saved'));
    } catch (error) {
      const { byField, rest } = fieldErrors(error, ['autoApprove', 'reviewSlaHours']);
      form.setFields(Object.entries(byField).map(([name, errors]) => ({ name: name as keyof Values, errors })));
      setProblem(rest.length > 0 || Object.keys(byField).length === 0 ? errorText(error) : null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('consoleMembers.settings.title')} style={{ maxWidth: 720 }}>
      <Typography.Paragraph type="secondary">{t('consoleMembers.settings.hint')}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void save(values)} disabled={loading}>
        <Form.Item label={t('consoleMembers.settings.org')}>
          <UnionPicker
            value={orgId}
            onChange={(id) => id && setParams({ orgId: id })}
            placeholder={t('consoleMembers.common.unionPlaceholder')}
            data-testid="members-settings-org"
          />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
        {loading ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : (
          <>
            <Form.Item
              name="autoApprove"
              label={t('consoleMembers.settings.autoApprove')}
              valuePropName="checked"
              extra={t('consoleMembers.settings.autoApproveHint')}
            >
              <Switch data-testid="members-settings-auto-approve" />
            </Form.Item>
            <Form.Item
              name="reviewSlaHours"
              label={t('consoleMembers.settings.reviewSlaHours')}
              extra={t('consoleMembers.settings.reviewSlaHoursHint')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber<number>
                min={1}
                max={720}
                precision={0}
                suffix={t('consoleMembers.settings.hoursSuffix')}
                style={{ width: 200 }}
                data-testid="members-settings-sla"
              />
            </Form.Item>
          </>
        )}
        <Button
          type="primary"
          htmlType="submit"
          icon={<SaveOutlined />}
          loading={saving}
          disabled={loading}
          data-testid="members-settings-save"
        >
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
