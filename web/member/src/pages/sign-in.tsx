import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Form, Toast } from 'antd-mobile';
import { SubmitButton } from '../components/submit-button.tsx';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, joinMessages } from '../../../shared/api.ts';
import { memberApi, PHONE_PATTERN, SMS_CODE_PATTERN, type MemberAccount } from '../api.ts';
import { useCountdown } from '../use-countdown.ts';
import { TestInput } from '../components/test-input.tsx';

const RESEND_SECONDS = 60;

interface SignInValues {
  phone: string;
  code: string;
}

export function SignInPage({ onSignedIn }: { onSignedIn: (account: MemberAccount, firstSignIn: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SignInValues>();
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [devInbox, setDevInbox] = useState(false);
  const secondsLeft = useCountdown(resendAt);

  useEffect(() => {
    // The dev SMS inbox exists only in development; offer a link to it when it answers.
    const controller = new AbortController();
    memberApi
      .devInbox(controller.signal)
      .then(() => setDevInbox(true))
      .catch(() => setDevInbox(false));
    return () => controller.abort();
  }, []);

  const showFieldErrors = (error: unknown) => {
    const { byField, rest } = fieldErrors(error, ['phone', 'code']);
    form.setFields(Object.entries(byField).map(([name, errors]) => ({ name, errors })));
    setProblem(rest.length > 0 ? joinMessages(rest) : Object.keys(byField).length > 0 ? null : errorText(error));
  };

  const sendCode = async () => {
    setProblem(null);
    try {
      await form.validateFields(['phone']);
    } catch {
      return;
    }
    const phone = String(form.getFieldValue('phone') ?? '').trim();
    setSending(true);
    try {
      await memberApi.sendSmsCode(phone);
      setResendAt(Date.now() + RESEND_SECONDS * 1000);
      Toast.show({ content: t('member.signIn.codeSent'), position: 'center' });
    } catch (error) {
      // 429 auth.sms_rate_limited: the title says how long to wait; it shows above the form.
      showFieldErrors(error);
    } finally {
      setSending(false);
    }
  };

  const submit = async (values: SignInValues) => {
    setProblem(null);
    setSubmitting(true);
    try {
      const result = await memberApi.signIn(values.phone.trim(), values.code.trim());
      Toast.clear();
      onSignedIn(result.account, result.firstSignIn);
    } catch (error) {
      showFieldErrors(error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="gh-page gh-sign-in">
      <header className="gh-hero">
        <div className="gh-hero-logo" aria-hidden>
          <img src="/icon.svg" alt="" width={56} height={56} />
        </div>
        <h1 className="gh-hero-title">{t('member.title')}</h1>
        <p className="gh-hero-tagline">{t('member.tagline')}</p>
      </header>

      <main className="gh-card">
        <h2 className="gh-card-title">{t('member.signIn.title')}</h2>
        {problem && (
          <div className="gh-problem" role="alert" data-testid="member-sign-in-error">
            {problem}
          </div>
        )}
        <Form
          form={form}
          layout="vertical"
          mode="card"
          onFinish={(values: SignInValues) => void submit(values)}
          footer={
            <SubmitButton loading={submitting} loadingText={t('member.signIn.submitting')} testId="member-sign-in-submit">
              {t('member.signIn.submit')}
            </SubmitButton>
          }
        >
          <Form.Item
            name="phone"
            label={t('member.signIn.phone')}
            rules={[
              { required: true, message: t('member.signIn.phoneInvalid') },
              { pattern: PHONE_PATTERN, message: t('member.signIn.phoneInvalid') },
            ]}
          >
            <TestInput
              type="tel"
              inputMode="numeric"
              autoComplete="tel"
              maxLength={11}
              clearable
              placeholder={t('member.signIn.phonePlaceholder')}
              testId="member-phone"
            />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('member.signIn.code')}
            rules={[
              { required: true, message: t('member.signIn.codeInvalid') },
              { pattern: SMS_CODE_PATTERN, message: t('member.signIn.codeInvalid') },
            ]}
            extra={
              <Button
                size="small"
                color="primary"
                fill="outline"
                shape="rounded"
                className="gh-send-code"
                disabled={secondsLeft > 0}
                loading={sending}
                onClick={() => void sendCode()}
                data-testid="member-send-code"
              >
                {secondsLeft > 0 ? t('member.signIn.resendIn', { seconds: secondsLeft }) : t('member.signIn.sendCode')}
              </Button>
            }
          >
            <TestInput
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder={t('member.signIn.codePlaceholder')}
              testId="member-code"
            />
          </Form.Item>
        </Form>
        <p className="gh-fine-print">{t('member.signIn.agreement')}</p>
      </main>

      {devInbox && (
        <p className="gh-dev-link">
          <Link to="/dev/inbox" data-testid="member-dev-inbox-link">
            {t('member.signIn.devInbox')}
          </Link>
        </p>
      )}
    </div>
  );
}
