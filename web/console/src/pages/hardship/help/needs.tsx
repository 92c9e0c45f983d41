import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Empty, Form, Input, Segmented, Space, Spin, Tooltip, Typography } from 'antd';
import { MessageOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDateTime } from '../../../../../shared/format.ts';
import { useSession } from '../../../session.tsx';
import { showProblemAt, type FormProblem } from '../components/form-problem.ts';
import { StepModal } from '../components/step-modal.tsx';
import { stepPathOf } from '../rules.ts';
import { helpApi, type Need, type NeedStatus } from './api.ts';
import { NeedStatusTag } from './words.tsx';

type Filter = NeedStatus | 'all';

/** 诉求: what workers of the subtree's filed households asked for, oldest first (先到先答), each answered by SMS. */
export function NeedsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const [filter, setFilter] = useState<Filter>('open');
  const [items, setItems] = useState<Need[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [answering, setAnswering] = useState<Need | null>(null);
  const k = 'consoleHardshipHelp.needs';

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setItems((await helpApi.needs(filter === 'all' ? undefined : filter)).items);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, [filter]);

  useEffect(() => {
    void load();
  }, [load]);

  const answered = (need: Need) => {
    setAnswering(null);
    void message.success(t(`${k}.answered`, { number: need.fileNumber }));
    void load();
  };

  return (
    <div data-testid="help-needs">
      <div className="gh-toolbar">
        <Space size={12} wrap>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={(['open', 'answered', 'all'] as const).map((f) => ({
              value: f,
              label: <span data-testid={`help-needs-filter-${f}`}>{t(`${k}.filter.${f}`)}</span>,
            }))}
          />
          <Typography.Text type="secondary" data-testid="help-needs-count" data-count={items.length}>
            {t(`${k}.count`, { count: items.length })}
          </Typography.Text>
        </Space>
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load()} data-testid="help-needs-refresh" />
        </Tooltip>
      </div>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="help-needs-error" />}
      <Spin spinning={loading}>
        {items.length === 0 ? (
          <Empty className="gh-help-empty" description={t(`${k}.empty.${filter}`)} data-testid="help-needs-empty" />
        ) : (
          <div className="gh-help-needs">
            {items.map((need) => (
              <NeedCard key={need.id} need={need} canAnswer={access.canEditHardship} onAnswer={() => setAnswering(need)} />
            ))}
          </div>
        )}
      </Spin>
      {answering && <AnswerDialog need={answering} onDone={() => answered(answering)} onClose={() => setAnswering(null)} />}
    </div>
  );
}

function NeedCard({ need, canAnswer, onAnswer }: { need: Need; canAnswer: boolean; onAnswer: () => void }) {
  const { t } = useTranslation();
  const k = 'consoleHardshipHelp.needs';
  return (
    <div className="gh-help-need" data-testid={`help-need-${need.id}`} data-status={need.status}>
      <div className="gh-help-need-head">
        <Space size={8} wrap>
          <NeedStatusTag status={need.status} />
          <Link to={`/hardship/${need.fileId}`} className="gh-mono">
            {need.fileNumber}
          </Link>
          <Typography.Text type="secondary" className="gh-hardship-small">
            {t(`${k}.postedAt`, { at: formatDateTime(need.createdAt) })}
          </Typography.Text>
        </Space>
        {need.status === 'open' && canAnswer && (
          <Button size="small" type="primary" icon={<MessageOutlined />} onClick={onAnswer} data-testid={`help-need-answer-${need.id}`}>
            {t(`${k}.answer`)}
          </Button>
        )}
      </div>
      <div className="gh-help-need-content" data-testid="help-need-content">
        {need.content}
      </div>
      {need.answer && (
        <div className="gh-help-need-answer" data-testid="help-need-answer-text">
          <Typography.Text strong>{t(`${k}.answerLabel`)}</Typography.Text>
          <span>{need.answer}</span>
          {need.answeredAt && (
            <Typography.Text type="secondary" className="gh-hardship-small">
              {t(`${k}.answeredAt`, { at: formatDateTime(need.answeredAt) })}
            </Typography.Text>
          )}
        </div>
      )}
    </div>
  );
}

function AnswerDialog({ need, onDone, onClose }: { need: Need; onDone: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ answer: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const k = 'consoleHardshipHelp.needs';

  const submit = async ({ answer }: { answer: string }) => {
    setSaving(true);
    setProblem(null);
    try {
      await helpApi.answerNeed(need.id, answer.trim());
      onDone();
    } catch (error) {
      setProblem(showProblemAt(form, error, stepPathOf(['answer'])));
    } finally {
      setSaving(false);
    }
  };

  return (
    <StepModal
      title={t(`${k}.dialogTitle`, { number: need.fileNumber })}
      okText={t(`${k}.submit`)}
      testId="help-answer"
      saving={saving}
      problem={problem}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <div className="gh-help-need-quote">{need.content}</div>
      <Form<{ answer: string }> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item
          name="answer"
          label={t(`${k}.answerLabel`)}
          extra={t(`${k}.smsHint`)}
          rules={[
            { required: true, whitespace: true, message: t(`${k}.answerRequired`) },
            { min: 2, message: t(`${k}.answerTooShort`) },
          ]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount data-testid="help-answer-text" />
        </Form.Item>
      </Form>
    </StepModal>
  );
}
