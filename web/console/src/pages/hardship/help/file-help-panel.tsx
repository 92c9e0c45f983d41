import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, Space, Spin, Typography } from 'antd';
import { PhoneOutlined, PrinterOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { useSession } from '../../../session.tsx';
import { showProblemAt, type FormProblem } from '../components/form-problem.ts';
import { StepModal } from '../components/step-modal.tsx';
import { stepPathOf } from '../rules.ts';
import { helpApi, type ContactState, type Helper, type HelpCard } from './api.ts';
import { ContactDialog } from './contact-form.tsx';
import { HelpCardSheet, useQr } from './help-card.tsx';
import { contactOf, toHelpersBody, type FileContact, type HelperValues } from './rules.ts';
import { ContactStateTag, lastContactText } from './words.tsx';
import './help.css';

/**
 * A filed family's help on its file's page: its two helpers ("2 对 1", assigned or replaced here),
 * where its weekly contact stands with 记录联系, and its help card as it will print. `onChanged` lets the
 * page reload the file, whose steps record each assignment.
 */
export function FileHelpPanel({ fileId, onChanged }: { fileId: string; onChanged?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const [card, setCard] = useState<HelpCard | null>(null);
  const [contact, setContact] = useState<FileContact | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'helpers' | 'contact' | null>(null);
  const qr = useQr(card?.url ?? null);
  const k = 'consoleHardshipHelp.panel';

  const load = useCallback(async () => {
    setProblem(null);
    try {
      const [found, due] = await Promise.all([helpApi.helpCard(fileId), helpApi.contactsDue()]);
      setCard(found);
      setContact(contactOf(due.items, fileId));
    } catch (error) {
      setProblem(errorText(error));
    }
  }, [fileId]);

  useEffect(() => {
    void load();
  }, [load]);

  const assigned = (helpers: Helper[]) => {
    setDialog(null);
    setCard((c) => (c ? { ...c, helpers } : c));
    void message.success(t(`${k}.assigned`, { names: helpers.map((h) => h.name).join(t('common.listSeparator')) }));
    onChanged?.();
  };
  const contacted = (state: ContactState) => {
    setDialog(null);
    setContact({ state, lastContactOn: null });
    void message.success(t(`${k}.contacted`, { state: t(`consoleHardshipHelp.contactState.${state}`) }));
  };

  return (
    <Card
      size="small"
      title={
        <Space size={6}>
          <TeamOutlined />
          {t(`${k}.title`)}
        </Space>
      }
      extra={
        <Link to={`/hardship/help/print/${fileId}`} data-testid="help-panel-print">
          <PrinterOutlined /> {t(`${k}.print`)}
        </Link>
      }
      data-testid="help-panel"
    >
      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem}
          action={
            <Button size="small" onClick={() => void load()}>
              {t('common.retry')}
            </Button>
          }
          data-testid="help-panel-error"
        />
      )}
      {!problem && !card && (
        <div className="gh-center-pad">
          <Spin />
        </div>
      )}
      {card && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <div className="gh-help-panel-section">
            <div className="gh-help-panel-head">
              <Typography.Text strong>{t(`${k}.helpers`)}</Typography.Text>
              {access.canEditHardship && (
                <Button size="small" onClick={() => setDialog('helpers')} data-testid="help-panel-assign">
                  {card.helpers.length > 0 ? t(`${k}.replace`) : t(`${k}.assign`)}
                </Button>
              )}
            </div>
            {card.helpers.length === 0 ? (
              <Alert type="warning" showIcon title={t(`${k}.noHelpers`)} data-testid="help-panel-no-helpers" />
            ) : (
              <ul className="gh-help-helpers" data-testid="help-panel-helpers">
                {card.helpers.map((h, i) => (
                  <li key={`${h.name}-${i}`} data-testid="help-panel-helper">
                    <span>{h.name}</span>
                    <Typography.Text type="secondary" className="gh-mono">
                      <PhoneOutlined /> {h.phone}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="gh-help-panel-section">
            <div className="gh-help-panel-head">
              <Typography.Text strong>{t(`${k}.contact`)}</Typography.Text>
              {access.canEditHardship && (
                <Button size="small" icon={<PhoneOutlined />} onClick={() => setDialog('contact')} data-testid="help-panel-log">
                  {t(`${k}.log`)}
                </Button>
              )}
            </div>
            {contact && (
              <Space size={8} wrap data-testid="help-panel-contact">
                <ContactStateTag state={contact.state} />
                <Typography.Text type="secondary" className="gh-hardship-small">
                  {contact.state === 'ok' ? t(`${k}.contactOk`) : t(`${k}.lastContact`, { day: lastContactText(contact.lastContactOn) })}
                </Typography.Text>
              </Space>
            )}
          </div>
          <div className="gh-help-panel-section">
            <Typography.Text strong>{t(`${k}.card`)}</Typography.Text>
            <div className="gh-help-panel-card">
              <HelpCardSheet card={card} paper="A6" qr={qr} />
            </div>
          </div>
        </Space>
      )}
      {dialog === 'helpers' && card && (
        <HelpersDialog fileId={fileId} current={card.helpers} onDone={assigned} onClose={() => setDialog(null)} />
      )}
      {dialog === 'contact' && card && (
        <ContactDialog
          fileId={fileId}
          title={t('consoleHardshipHelp.due.logTitle', { head: card.head, number: card.fileNumber })}
          onDone={contacted}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}

interface HelpersValues {
  helpers: HelperValues[];
}

/** 安排帮扶人: exactly two, each with a whole mobile number (the ones on file come back masked, so they are typed again). */
function HelpersDialog({
  fileId,
  current,
  onDone,
  onClose,
}: {
  fileId: string;
  current: Helper[];
  onDone: (helpers: Helper[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<HelpersValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const k = 'consoleHardshipHelp.helpers';

  const submit = async (values: HelpersValues) => {
    setSaving(true);
    setProblem(null);
    try {
      onDone((await helpApi.assignHelpers(fileId, toHelpersBody(values.helpers))).helpers);
    } catch (error) {
      setProblem(showProblemAt(form, error, stepPathOf([], ['helpers'])));
    } finally {
      setSaving(false);
    }
  };

  return (
    <StepModal
      title={current.length > 0 ? t(`${k}.replaceTitle`) : t(`${k}.title`)}
      okText={t(`${k}.submit`)}
      testId="help-helpers"
      width={600}
      saving={saving}
      problem={problem}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t(`${k}.hint`)}</Typography.Paragraph>
      <Form<HelpersValues>
        form={form}
        layout="vertical"
        initialValues={{ helpers: [0, 1].map((i) => ({ name: current[i]?.name ?? '', phone: '' })) }}
        onFinish={(values) => void submit(values)}
      >
        <Form.List name="helpers">
          {(fields) =>
            fields.map((field, i) => (
              <div key={field.key} className="gh-help-helper-row">
                <Form.Item
                  name={[field.name, 'name']}
                  label={t(`${k}.name`, { n: i + 1 })}
                  rules={[
                    { required: true, whitespace: true, message: t(`${k}.nameRequired`) },
                    { min: 2, message: t(`${k}.nameTooShort`) },
                  ]}
                >
                  <Input maxLength={30} placeholder={t(`${k}.namePlaceholder`)} data-testid={`help-helper-${i}-name`} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'phone']}
                  label={t(`${k}.phone`)}
                  rules={[{ required: true, whitespace: true, message: t(`${k}.phoneRequired`) }]}
                  extra={current[i] ? t(`${k}.phoneWas`, { phone: current[i].phone }) : undefined}
                >
                  <Input maxLength={20} inputMode="tel" className="gh-mono" data-testid={`help-helper-${i}-phone`} />
                </Form.Item>
              </div>
            ))
          }
        </Form.List>
      </Form>
    </StepModal>
  );
}
