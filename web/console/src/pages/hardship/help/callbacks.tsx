import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Rate,
  Result,
  Select,
  Space,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import { AuditOutlined, PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { useSession } from '../../../session.tsx';
import { showProblemAt, type FormProblem } from '../components/form-problem.ts';
import { StepModal } from '../components/step-modal.tsx';
import { stepPathOf } from '../rules.ts';
import { helpApi, type Callback } from './api.ts';
import { callbacksToShow, callbackWeeks, SATISFACTION_LEVELS, satisfactionLevel, weekEnd, weekSummary } from './rules.ts';
import { CallbackStatusTag } from './words.tsx';

/**
 * 随机回访: the families drawn this week (and weeks before) for a supervisor's call — whole phones, so
 * that they can be dialled; the server audits every reading of the list — each with the satisfaction
 * (1–5) and the problems the family reports, and the week's done and pending counts.
 */
export function CallbacksPanel() {
  const { t } = useTranslation();
  const { access } = useSession();
  if (!access.canReviewHardship) {
    return <Result status="info" title={t('consoleHardshipHelp.callbacks.reviewersOnly')} data-testid="help-callbacks-forbidden" />;
  }
  return <Callbacks />;
}

function Callbacks() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState<Callback[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [chosenWeek, setChosenWeek] = useState<string | null>(null);
  const [recording, setRecording] = useState<Callback | null>(null);
  const k = 'consoleHardshipHelp.callbacks';

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setItems((await helpApi.callbacks()).items);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const weeks = useMemo(() => callbackWeeks(items ?? []), [items]);
  const week = chosenWeek && weeks.includes(chosenWeek) ? chosenWeek : (weeks[0] ?? null);
  const summary = weekSummary(items ?? [], week);
  const rows = callbacksToShow(items ?? [], week);

  const recorded = (callback: Callback) => {
    setRecording(null);
    void message.success(t(`${k}.recorded`, { number: callback.fileNumber }));
    void load();
  };

  return (
    <div data-testid="help-callbacks">
      <div className="gh-toolbar">
        <Space size={12} wrap>
          <Typography.Text type="secondary">{t(`${k}.week`)}</Typography.Text>
          <Select<string>
            style={{ width: 250 }}
            value={week ?? undefined}
            placeholder={t(`${k}.noWeek`)}
            disabled={weeks.length === 0}
            onChange={setChosenWeek}
            options={weeks.map((w) => ({ value: w, label: t(`${k}.weekRange`, { from: w, to: weekEnd(w) }) }))}
            data-testid="help-callbacks-week"
          />
        </Space>
        <Space size={12}>
          <Typography.Text type="secondary" className="gh-hardship-small">
            <AuditOutlined /> {t(`${k}.audited`)}
          </Typography.Text>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load()} data-testid="help-callbacks-refresh" />
          </Tooltip>
        </Space>
      </div>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="help-callbacks-error" />}
      <Card size="small" className="gh-help-stats" data-testid="help-callbacks-summary" data-week={week ?? ''}>
        <Space size={48} wrap>
          <Statistic title={t(`${k}.drawn`)} value={summary.total} />
          <Statistic
            title={t(`${k}.done`)}
            value={summary.done}
            styles={{ content: { color: '#389e0d' } }}
            data-testid="help-callbacks-done"
            data-count={summary.done}
          />
          <Statistic
            title={t(`${k}.pending`)}
            value={summary.pending}
            styles={{ content: { color: summary.pending > 0 ? '#d46b08' : undefined } }}
            data-testid="help-callbacks-pending"
            data-count={summary.pending}
          />
          <Statistic
            title={t(`${k}.average`)}
            value={summary.averageSatisfaction ?? t('common.none')}
            suffix={summary.averageSatisfaction === null ? undefined : t(`${k}.outOfFive`)}
          />
        </Space>
      </Card>
      <Table<Callback>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t(`${k}.empty`) }}
        onRow={(c) => ({ 'data-testid': `help-callback-row-${c.id}`, 'data-file-id': c.fileId }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'fileNumber',
            title: t(`${k}.fileNumber`),
            width: 200,
            render: (_, c) => (
              <Link to={`/hardship/${c.fileId}`} className="gh-mono">
                {c.fileNumber}
              </Link>
            ),
          },
          { key: 'head', title: t(`${k}.head`), width: 100, dataIndex: 'head' },
          {
            key: 'phone',
            title: t(`${k}.phone`),
            width: 150,
            render: (_, c) => (
              <a href={`tel:${c.phone}`} className="gh-mono" data-testid="help-callback-phone">
                {c.phone}
              </a>
            ),
          },
          { key: 'status', title: t(`${k}.status.title`), width: 100, render: (_, c) => <CallbackStatusTag status={c.status} /> },
          {
            key: 'satisfaction',
            title: t(`${k}.satisfaction`),
            width: 160,
            render: (_, c) =>
              c.satisfaction === null ? (
                <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
              ) : (
                <Rate disabled value={c.satisfaction} className="gh-help-rate-small" data-testid="help-callback-satisfaction" />
              ),
          },
          {
            key: 'problems',
            title: t(`${k}.problems`),
            render: (_, c) => (c.status === 'done' ? (c.problems ?? t(`${k}.noProblems`)) : null),
          },
          { key: 'calledBy', title: t(`${k}.calledBy`), width: 150, render: (_, c) => c.calledBy ?? '' },
          {
            key: 'action',
            title: '',
            width: 110,
            render: (_, c) =>
              c.status === 'pending' && (
                <Button
                  size="small"
                  type="primary"
                  icon={<PhoneOutlined />}
                  onClick={() => setRecording(c)}
                  data-testid={`help-callback-record-${c.id}`}
                >
                  {t(`${k}.record`)}
                </Button>
              ),
          },
        ]}
      />
      {recording && <CallbackDialog callback={recording} onDone={() => recorded(recording)} onClose={() => setRecording(null)} />}
    </div>
  );
}

interface CallbackValues {
  satisfaction?: number;
  problems?: string;
}

function CallbackDialog({ callback, onDone, onClose }: { callback: Callback; onDone: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CallbackValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const satisfaction = Form.useWatch('satisfaction', form) as number | undefined;
  const level = satisfaction === undefined ? null : satisfactionLevel(satisfaction);
  const k = 'consoleHardshipHelp.callbacks';

  const submit = async (values: CallbackValues) => {
    setSaving(true);
    setProblem(null);
    try {
      const problems = values.problems?.trim() ?? '';
      await helpApi.recordCallback(callback.id, { satisfaction: values.satisfaction ?? 0, problems: problems ? problems : null });
      onDone();
    } catch (error) {
      setProblem(showProblemAt(form, error, stepPathOf(['satisfaction', 'problems'])));
    } finally {
      setSaving(false);
    }
  };

  return (
    <StepModal
      title={t(`${k}.dialogTitle`)}
      okText={t(`${k}.submit`)}
      testId="help-callback"
      saving={saving}
      problem={problem}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Descriptions
        size="small"
        bordered
        column={2}
        className="gh-help-facts"
        items={[
          { key: 'number', label: t(`${k}.fileNumber`), children: <span className="gh-mono">{callback.fileNumber}</span> },
          { key: 'head', label: t(`${k}.head`), children: callback.head },
          {
            key: 'phone',
            label: t(`${k}.phone`),
            span: 2,
            children: (
              <a href={`tel:${callback.phone}`} className="gh-mono gh-help-dial">
                <PhoneOutlined /> {callback.phone}
              </a>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" className="gh-hardship-small">
        {t(`${k}.script`)}
      </Typography.Paragraph>
      <Form<CallbackValues> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item label={t(`${k}.satisfaction`)} required>
          <Space size={12} align="center">
            {/* The error of the inner item shows under this one. */}
            <Form.Item name="satisfaction" noStyle rules={[{ required: true, message: t(`${k}.satisfactionRequired`) }]}>
              <Rate tooltips={SATISFACTION_LEVELS.map((level) => t(`${k}.levels.${level}`))} data-testid="help-callback-rate" />
            </Form.Item>
            {level && (
              <Typography.Text type="secondary" data-testid="help-callback-rate-label">
                {t(`${k}.levels.${level}`)}
              </Typography.Text>
            )}
          </Space>
        </Form.Item>
        <Form.Item name="problems" label={t(`${k}.problems`)} style={{ marginBottom: 0 }}>
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            placeholder={t(`${k}.problemsPlaceholder`)}
            data-testid="help-callback-problems"
          />
        </Form.Item>
      </Form>
    </StepModal>
  );
}
