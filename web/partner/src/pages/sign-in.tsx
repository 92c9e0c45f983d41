import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { partnerApi, type PartnerMe } from '../api.ts';
import type { PartnerCredentials } from '../signing.ts';

export function SignInPage({ onSignedIn }: { onSignedIn: (credentials: PartnerCredentials, me: PartnerMe) => void }) {
  const { t } = useTranslation();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: PartnerCredentials) => {
    setProblem(null);
    setSubmitting(true);
    const credentials = { keyId: values.keyId.trim(), secret: values.secret.trim() };
    try {
      const me = await partnerApi.me(credentials);
      onSignedIn(credentials, me);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="gh-partner-center">
      <Card className="gh-partner-card" variant="borderless">
        <div className="gh-partner-brand">
          <img src="/icon.svg" alt="" width={44} height={44} />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('partner.signIn.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('partner.signIn.subtitle')}</Typography.Text>
          </div>
        </div>
        {problem && <Alert type="error" showIcon title={problem} className="gh-partner-alert" data-testid="partner-sign-in-error" />}
        <Form<PartnerCredentials> layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)} size="large">
          <Form.Item
            name="keyId"
            label={t('partner.signIn.keyId')}
            rules={[{ required: true, whitespace: true, message: t('partner.signIn.keyIdRequired') }]}
          >
            <Input autoComplete="username" spellCheck={false} data-testid="partner-key-id" />
          </Form.Item>
          <Form.Item
            name="secret"
            label={t('partner.signIn.secret')}
            rules={[{ required: true, whitespace: true, message: t('partner.signIn.secretRequired') }]}
          >
            <Input.Password autoComplete="current-password" spellCheck={false} data-testid="partner-secret" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="partner-sign-in-submit">
            {t('partner.signIn.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="gh-partner-hint">
          {t('partner.signIn.hint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
