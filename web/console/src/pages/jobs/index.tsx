import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Drawer, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { HistoryOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../shared/api.ts';
import { formatDateTime, formatDuration, isFuture } from '../../../../shared/format.ts';
import { translateOptional } from '../../../../shared/i18n/index.ts';
import { useSession } from '../../session.tsx';
import { jobsApi, type Job, type JobRun } from './api.ts';

function jobLabel(name: string): string | null {
  return translateOptional(`console.jobs.names.${name}`);
}

/** 11-23 17:24:44: the year is noise for jobs that run every few minutes. */
function shortDateTime(value: string | null): string {
  return value ? formatDateTime(value).slice(5) : formatDateTime(value);
}

function TwoLineTime({ value }: { value: string | null }) {
  const text = formatDateTime(value);
  const [day, time] = text.split(' ');
  return time ? (
    <div>
      <div>{day}</div>
      <Typography.Text type="secondary">{time}</Typography.Text>
    </div>
  ) : (
    <>{text}</>
  );
}

function StatusTag({ status }: { status: string | null }) {
  const { t } = useTranslation();
  if (!status) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const label = translateOptional(`enums.jobStatus.${status}`) ?? status;
  const color = ['ok', 'succeeded', 'success'].includes(status)
    ? 'green'
    : ['failed', 'error'].includes(status)
      ? 'red'
      : status === 'running'
        ? 'blue'
        : 'default';
  return <Tag color={color}>{label}</Tag>;
}

/** Jobs page: scheduled jobs, their lock and last result; run one now; its recent runs. */
export function JobsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const [items, setItems] = useState<Job[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [runsOf, setRunsOf] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setItems((await jobsApi.list()).items);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (name: string) => {
    setRunning(name);
    try {
      const { ran } = await jobsApi.run(name);
      if (ran) void message.success(t('console.jobs.ran'));
      else void message.warning(t('console.jobs.notRan'));
      void load();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setRunning(null);
    }
  };

  return (
    <Card>
      <div className="gh-toolbar">
        <span />
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} data-testid="jobs-refresh" />
        </Tooltip>
      </div>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Table<Job>
        rowKey="name"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1150 }}
        locale={{ emptyText: t('console.jobs.empty') }}
        data-testid="jobs-table"
        columns={[
          {
            title: t('console.jobs.name'),
            dataIndex: 'name',
            fixed: 'left',
            width: 200,
            render: (name: string) => (
              <div>
                <div>{jobLabel(name) ?? name}</div>
                {jobLabel(name) && <Typography.Text type="secondary">{name}</Typography.Text>}
              </div>
            ),
          },
          { title: t('console.jobs.interval'), dataIndex: 'intervalSeconds', width: 80, render: (s: number) => formatDuration(s) },
          {
            title: t('console.jobs.nextRunAt'),
            dataIndex: 'nextRunAt',
            width: 110,
            render: (v: string | null) => <TwoLineTime value={v} />,
          },
          {
            title: t('console.jobs.lastRun'),
            key: 'lastRun',
            width: 190,
            render: (_, job) => (
              <div className="gh-job-times">
                <div>
                  <Typography.Text type="secondary">{t('console.jobs.lastStartedAt')}</Typography.Text> {shortDateTime(job.lastStartedAt)}
                </div>
                <div>
                  <Typography.Text type="secondary">{t('console.jobs.lastFinishedAt')}</Typography.Text> {shortDateTime(job.lastFinishedAt)}
                </div>
              </div>
            ),
          },
          {
            title: t('console.jobs.lastStatus'),
            key: 'lastStatus',
            width: 190,
            render: (_, job) => (
              <div>
                <StatusTag status={job.lastStatus} />
                {job.lastError && (
                  <Typography.Paragraph type="danger" ellipsis={{ rows: 2, tooltip: job.lastError }} className="gh-job-error">
                    {job.lastError}
                  </Typography.Paragraph>
                )}
              </div>
            ),
          },
          {
            title: t('console.jobs.lock'),
            key: 'lock',
            width: 170,
            render: (_, job) => (
              <div>
                {job.lockedBy && isFuture(job.lockedUntil) ? (
                  <Tooltip title={t('console.jobs.lockedUntil', { time: formatDateTime(job.lockedUntil) })}>
                    <Tag color="blue">{job.lockedBy}</Tag>
                  </Tooltip>
                ) : (
                  <Typography.Text type="secondary">{t('console.jobs.notLocked')}</Typography.Text>
                )}
                {job.attempts > 0 && (
                  <div>
                    <Typography.Text type="warning">{t('console.jobs.attemptsValue', { count: job.attempts })}</Typography.Text>
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            width: 210,
            render: (_, job) => (
              <Space size={0}>
                {access.canRunJobs && (
                  <Button
                    type="link"
                    size="small"
                    icon={<PlayCircleOutlined />}
                    loading={running === job.name}
                    onClick={() => void run(job.name)}
                    data-testid="job-run"
                  >
                    {t('console.jobs.run')}
                  </Button>
                )}
                <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setRunsOf(job.name)} data-testid="job-runs">
                  {t('console.jobs.runs')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {runsOf && <RunsDrawer name={runsOf} onClose={() => setRunsOf(null)} />}
    </Card>
  );
}

function RunsDrawer({ name, onClose }: { name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [runs, setRuns] = useState<JobRun[]>([]);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    jobsApi
      .runs(name)
      .then(({ items }) => !cancelled && setRuns(items))
      .catch((error: unknown) => !cancelled && setProblem(errorText(error)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [name]);

  return (
    <Drawer open size="large" title={t('console.jobs.runsTitle', { name: jobLabel(name) ?? name })} onClose={onClose}>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Table<JobRun>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={runs}
        pagination={runs.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: t('console.jobs.runsEmpty') }}
        // The error column is one line: the whole of it (an interrupted run says why and what happens next) opens below.
        expandable={{
          rowExpandable: (r) => (r.summary !== null && r.summary !== undefined) || Boolean(r.error),
          expandedRowRender: (r) =>
            r.error ? (
              <Typography.Paragraph type="danger" className="gh-job-error">
                {r.error}
              </Typography.Paragraph>
            ) : (
              <pre className="gh-json">{JSON.stringify(r.summary, null, 2)}</pre>
            ),
        }}
        columns={[
          { title: t('console.jobs.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v) },
          { title: t('console.jobs.finishedAt'), dataIndex: 'finishedAt', render: (v: string | null) => formatDateTime(v) },
          { title: t('console.jobs.instance'), dataIndex: 'instance', ellipsis: true },
          { title: t('console.jobs.attempt'), dataIndex: 'attempt', width: 70 },
          { title: t('console.jobs.status'), dataIndex: 'status', width: 90, render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('console.jobs.error'),
            dataIndex: 'error',
            ellipsis: true,
            render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : t('common.none')),
          },
        ]}
      />
    </Drawer>
  );
}
