import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, isApiError, joinMessages } from '../../../../shared/api.ts';
import { authApi, type SignInResult } from '../../auth-api.ts';
import type { StaffMe } from '../../session.tsx';

interface PasswordValues {
  username: string;
  password: string;
}

/** The base32 secret of an otpauth:// URL, grouped in fours for typing into an authenticator. */
export function otpauthSecret(otpauthUrl: string): string | null {
  try {
    const secret = new URL(otpauthUrl).searchParams.get('secret');
    return secret ? secret.replace(/(.{4})/g, '$1 ').trim() : null;
  } catch {
    return null;
  }
}

/** Seconds left until `until` (epoch ms), ticking once a second; 0 when there is nothing to wait for. */
function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return undefined;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function SignInPage({ onSignedIn }: { onSignedIn: (me: StaffMe) => void }) {
  const { t } = useTranslation();
  const [challenge, setChallenge] = useState<SignInResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // After too many failures the server says how long to wait (429 + Retry-After): the buttons wait too.
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const waitSeconds = useCountdown(waitUntil);
  const [passwordForm] = Form.useForm<PasswordValues>();
  const [totpForm] = Form.useForm<{ code: string }>();

  const noteWait = (error: unknown) => {
    if (isApiError(error) && error.status === 429 && error.retryAfterSeconds !== null) {
      setWaitUntil(Date.now() + error.retryAfterSeconds * 1000);
    }
  };

  const signIn = async (values: PasswordValues) => {
    setProblem(null);
    setSubmitting(true);
    try {
      const result = await authApi.signIn(values.username.trim(), values.password);
      setChallenge(result);
      totpForm.resetFields();
    } catch (error) {
      noteWait(error);
      const { byField, rest } = fieldErrors(error, ['username', 'password']);
      passwordForm.setFields(Object.entries(byField).map(([name, errors]) => ({ name: name as keyof PasswordValues, errors })));
      setProblem(rest.length > 0 ? joinMessages(rest) : Object.keys(byField).length > 0 ? null : errorText(error));
    } finally {
      setSubmitting(false);
    }
  };

  const verify = async ({ code }: { code: string }) => {
    if (!challenge) return;
    setProblem(null);
    setSubmitting(true);
    try {
      const { me } = await authApi.totp(challenge.challengeId, code.trim());
      onSignedIn(me);
    } catch (error) {
      noteWait(error);
      setProblem(errorText(error));
      totpForm.setFieldValue('code', '');
    } finally {
      setSubmitting(false);
    }
  };

  const back = () => {
    setChallenge(null);
    setProblem(null);
    passwordForm.setFieldValue('password', '');
  };

  const enrolment = challenge?.status === 'totp_enrolment_required' ? challenge : null;
  const secret = useMemo(() => (enrolment ? otpauthSecret(enrolment.otpauthUrl) : null), [enrolment]);

  return (
    <div className="gh-sign-in">
      <Card className="gh-sign-in-card" variant="borderless">
        <div className="gh-sign-in-brand">
          <img src="/icon.svg" alt="" width={44} height={44} />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {challenge ? (enrolment ? t('console.signIn.enrolTitle') : t('console.signIn.totpTitle')) : t('console.signIn.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('console.signIn.subtitle')}</Typography.Text>
          </div>
        </div>

        {problem && <Alert type="error" showIcon title={problem} className="gh-sign-in-alert" data-testid="sign-in-error" />}

        {!challenge && (
          <Form<PasswordValues>
            form={passwordForm}
            layout="vertical"
            size="large"
            requiredMark={false}
            onFinish={(values) => void signIn(values)}
          >
            <Form.Item
              name="username"
              label={t('console.signIn.username')}
              rules={[{ required: true, whitespace: true, message: t('console.signIn.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus spellCheck={false} data-testid="sign-in-username" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('console.signIn.password')}
              rules={[{ required: true, message: t('console.signIn.passwordRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="sign-in-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} disabled={waitSeconds > 0} data-testid="sign-in-submit">
              {waitSeconds > 0 ? t('console.signIn.retryIn', { seconds: waitSeconds }) : t('console.signIn.submit')}
            </Button>
          </Form>
        )}

        {challenge && (
          <>
            {enrolment ? (
              <div className="gh-enrol" data-testid="totp-enrolment">
                <Typography.Paragraph>{t('console.signIn.enrolHint')}</Typography.Paragraph>
                <div className="gh-enrol-qr">
                  <img src={enrolment.qrDataUrl} alt={t('console.signIn.enrolQrAlt')} width={200} height={200} data-testid="totp-qr" />
                </div>
                {secret && (
                  <Typography.Paragraph className="gh-enrol-secret">
                    {t('console.signIn.enrolSecret')}
                    <br />
                    <Typography.Text code copyable={{ text: secret.replace(/ /g, '') }} data-testid="totp-secret">
                      {secret}
                    </Typography.Text>
                  </Typography.Paragraph>
                )}
              </div>
            ) : (
              <Typography.Paragraph type="secondary">{t('console.signIn.totpHint')}</Typography.Paragraph>
            )}
            <Form<{ code: string }>
              form={totpForm}
              layout="vertical"
              size="large"
              requiredMark={false}
              onFinish={(values) => void verify(values)}
            >
              <Form.Item
                name="code"
                label={t('console.signIn.totpCode')}
                rules={[
                  { required: true, message: t('console.signIn.totpCodeInvalid') },
                  { pattern: /^\s*\d{6}\s*$/, message: t('console.signIn.totpCodeInvalid') },
                ]}
              >
                <Input
                  prefix={<SafetyCertificateOutlined />}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  autoFocus
                  className="gh-totp-input"
                  data-testid="totp-code"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={submitting} disabled={waitSeconds > 0} data-testid="totp-submit">
                {waitSeconds > 0
                  ? t('console.signIn.retryIn', { seconds: waitSeconds })
                  : enrolment
                    ? t('console.signIn.enrolSubmit')
                    : t('console.signIn.totpSubmit')}
              </Button>
              <Button type="link" block onClick={back} className="gh-sign-in-back" data-testid="totp-back">
                {t('console.signIn.back')}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
