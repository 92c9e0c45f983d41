// 记录联系: how the helper reached the family (电话, 走访, 消息), on which day, what was done and what the
// family asked for. The server records the signed-in account as the one who made contact, so the form
// shows that name rather than asking for one.
import { useState } from 'react';
import { Button, DatePicker, Form, Input, Radio, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { shanghaiToday } from '../../../../../shared/id-number.ts';
import { useSession } from '../../../session.tsx';
import { ProblemAlert } from '../../funds/components/form-problem.tsx';
import { showProblemAt, type FormProblem } from '../components/form-problem.ts';
import { StepModal } from '../components/step-modal.tsx';
import { stepPathOf } from '../rules.ts';
import { helpApi, type ContactState } from './api.ts';
import { CONTACT_KINDS, toContactBody, type ContactValues } from './rules.ts';

const DAY = 'YYYY-MM-DD';
const fieldOf = stepPathOf(['kind', 'contactedOn', 'done', 'needs']);

function useContact(fileId: string, onDone: (state: ContactState) => void) {
  const [form] = Form.useForm<ContactValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const submit = async (values: ContactValues) => {
    setSaving(true);
    setProblem(null);
    try {
      const { contactState } = await helpApi.logContact(fileId, toContactBody(values));
      form.resetFields();
      onDone(contactState);
    } catch (error) {
      setProblem(showProblemAt(form, error, fieldOf));
    } finally {
      setSaving(false);
    }
  };
  return { form, saving, problem, submit };
}

function ContactFields({ form, onFinish }: { form: ReturnType<typeof useContact>['form']; onFinish: (values: ContactValues) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const today = shanghaiToday();
  const k = 'consoleHardshipHelp.contact';
  return (
    <Form<ContactValues>
      form={form}
      layout="vertical"
      initialValues={{ kind: 'call', contactedOn: today, done: '', needs: '' }}
      onFinish={onFinish}
      onValuesChange={(changed: Partial<ContactValues>) =>
        form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof ContactValues, errors: [] })))
      }
      data-testid="help-contact-form"
    >
      <div className="gh-help-contact-row">
        <Form.Item name="kind" label={t(`${k}.kind`)}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="help-contact-kind">
            {CONTACT_KINDS.map((kind) => (
              <Radio.Button key={kind} value={kind}>
                <span data-testid={`help-contact-kind-${kind}`}>{t(`${k}.kinds.${kind}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="contactedOn"
          label={t(`${k}.contactedOn`)}
          rules={[{ required: true, message: t(`${k}.contactedOnRequired`) }]}
          getValueProps={(value: string | undefined) => ({ value: value ? dayjs(value, DAY) : null })}
          normalize={(value: Dayjs | null) => (value ? value.format(DAY) : undefined)}
        >
          <DatePicker format={DAY} allowClear={false} disabledDate={(d) => d.format(DAY) > today} data-testid="help-contact-on" />
        </Form.Item>
        <Form.Item label={t(`${k}.helper`)}>
          <Typography.Text data-testid="help-contact-helper">{me.displayName}</Typography.Text>
        </Form.Item>
      </div>
      <Form.Item
        name="done"
        label={t(`${k}.done`)}
        rules={[
          { required: true, whitespace: true, message: t(`${k}.doneRequired`) },
          { min: 2, message: t(`${k}.doneTooShort`) },
        ]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t(`${k}.donePlaceholder`)} data-testid="help-contact-done" />
      </Form.Item>
      <Form.Item name="needs" label={t(`${k}.needs`)} style={{ marginBottom: 0 }}>
        <Input.TextArea rows={2} maxLength={1000} showCount placeholder={t(`${k}.needsPlaceholder`)} data-testid="help-contact-needs" />
      </Form.Item>
    </Form>
  );
}

/** 记录联系 in a dialog, for a row of the due list or a file's page. */
export function ContactDialog({
  fileId,
  title,
  onDone,
  onClose,
}: {
  fileId: string;
  title: string;
  onDone: (state: ContactState) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const contact = useContact(fileId, onDone);
  return (
    <StepModal
      title={title}
      okText={t('consoleHardshipHelp.contact.submit')}
      testId="help-contact"
      width={620}
      saving={contact.saving}
      problem={contact.problem}
      onOk={() => contact.form.submit()}
      onClose={onClose}
    >
      <ContactFields form={contact.form} onFinish={(values) => void contact.submit(values)} />
    </StepModal>
  );
}

/** 记录联系 on the page a scanned card opens: the helper is at the family's door, so the form is right there. */
export function ContactInlineForm({ fileId, onDone }: { fileId: string; onDone: (state: ContactState) => void }) {
  const { t } = useTranslation();
  const contact = useContact(fileId, onDone);
  return (
    <>
      <ProblemAlert problem={contact.problem} testId="help-contact-error" />
      <ContactFields form={contact.form} onFinish={(values) => void contact.submit(values)} />
      <div className="gh-help-inline-submit">
        <Button
          type="primary"
          icon={<SaveOutlined />}
          loading={contact.saving}
          onClick={() => contact.form.submit()}
          data-testid="help-contact-submit"
        >
          {t('consoleHardshipHelp.contact.submit')}
        </Button>
      </div>
    </>
  );
}
