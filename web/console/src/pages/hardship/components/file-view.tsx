import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Result,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CheckCircleFilled, CloseCircleFilled, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../../../shared/format.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { useSession } from '../../../session.tsx';
import { hardshipApi, type FileDetail, type FileStep } from '../api.ts';
import {
  allowedActions,
  bandOf,
  causeText,
  checklistOf,
  gaugeOf,
  objectionsOf,
  primaryAction,
  reasonLabelOf,
  stepFacts,
  stepKindText,
  type FileAction,
  type Objection,
} from '../rules.ts';
import {
  ApproveDialog,
  ObjectionDialog,
  PeriodicReviewDialog,
  PublishDialog,
  ResolveDialog,
  ReviewDialog,
  VisitDialog,
} from './step-dialogs.tsx';
import { CategoryCell, CategoryTag, Money, StatusTag } from './words.tsx';
import { FileHelpPanel } from '../help/file-help-panel.tsx';
import { EvidencePanel } from './evidence-panel.tsx';

type Dialog = { kind: FileAction } | { kind: 'resolve'; objection: Objection };

// Colours by value: the theme's 'blue' is its primary colour, which is red here.
const STEP_COLOR: Record<string, string> = {
  applied: '#1677ff',
  visited: '#13c2c2',
  reviewed: '#2f54eb',
  notice_published: '#fa8c16',
  objection_raised: '#f5222d',
  objection_resolved: '#8c8c8c',
  filed: '#52c41a',
  rejected: '#8c8c8c',
};

/**
 * A file (/hardship/:fileId): the applicant (masked), the household, the per-capita income against the
 * lines with the rule's reasons, the category, the objections of the notice, every step with who took
 * it, when and why, and the steps its status allows the staff member.
 */
export function FileView() {
  const { fileId = '' } = useParams();
  const { t } = useTranslation();
  const [file, setFile] = useState<FileDetail | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<{ text: string; notFound: boolean } | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setFile(await hardshipApi.get(fileId));
    } catch (error) {
      setProblem({ text: errorText(error), notFound: error instanceof ApiError && error.status === 404 });
    } finally {
      setLoading(false);
    }
  }, [fileId]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!file) {
    return (
      <Card>
        <Link to="/hardship">
          <ArrowLeftOutlined /> {t('consoleHardship.view.back')}
        </Link>
        {loading ? (
          <div className="gh-center-pad">
            <Spin />
          </div>
        ) : (
          <Result
            status={problem?.notFound ? '404' : 'error'}
            title={problem?.notFound ? t('consoleHardship.view.notFound') : problem?.text}
            extra={!problem?.notFound && <Button onClick={() => void load()}>{t('common.retry')}</Button>}
          />
        )}
      </Card>
    );
  }
  return <FilePage file={file} loading={loading} problem={problem?.text ?? null} onFile={setFile} onReload={() => void load()} />;
}

function FilePage({
  file,
  loading,
  problem,
  onFile,
  onReload,
}: {
  file: FileDetail;
  loading: boolean;
  problem: string | null;
  onFile: (file: FileDetail) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const objections = objectionsOf(file.steps);
  const actions = allowedActions(file.status, { canEdit: access.canEditHardship, canReview: access.canReviewHardship });
  const primary = primaryAction(actions);
  const k = 'consoleHardship.view';

  const done = (text: string) => (next: FileDetail) => {
    setDialog(null);
    onFile(next);
    void message.success(text);
  };
  const close = () => setDialog(null);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="hardship-file">
      <Card size="small">
        <div className="gh-hardship-head">
          <Space size={12} wrap align="center">
            <Link to="/hardship" data-testid="hardship-back">
              <ArrowLeftOutlined /> {t(`${k}.back`)}
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }} className="gh-mono" data-testid="hardship-file-number">
              {file.fileNumber}
            </Typography.Title>
            <StatusTag status={file.status} />
            <CategoryCell file={file} />
          </Space>
          <Space size={16} wrap className="gh-hardship-meta">
            <Typography.Text type="secondary">{t('common.labelValue', { label: t(`${k}.union`), value: file.orgName })}</Typography.Text>
            <Typography.Text type="secondary">
              {t('common.labelValue', { label: t(`${k}.channel`), value: t(`consoleHardship.channel.${file.channel}`) })}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('common.labelValue', { label: t(`${k}.createdAt`), value: formatDateTime(file.createdAt) })}
            </Typography.Text>
            <Tooltip title={t('common.refresh')}>
              <Button
                size="small"
                type="text"
                icon={<ReloadOutlined />}
                loading={loading}
                onClick={onReload}
                data-testid="hardship-refresh"
              />
            </Tooltip>
          </Space>
        </div>
      </Card>

      {problem && <Alert type="error" showIcon title={problem} />}

      <Row gutter={16} align="top">
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <ApplicantCard file={file} />
            <FiguresCard file={file} />
            <HouseholdCard file={file} />
            <EvidencePanel fileId={file.id} canUpload={access.canEditHardship} />
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t(`${k}.actions`)} data-testid="hardship-actions">
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                <FileDates file={file} />
                {file.status === 'under_notice' && file.noticeEndsOn && (
                  <Alert
                    type="warning"
                    showIcon
                    title={t(`${k}.noticeUntil`, { day: file.noticeEndsOn })}
                    data-testid="hardship-notice-until"
                  />
                )}
                {actions.length > 0 ? (
                  <Space wrap>
                    {actions.map((action) => (
                      <Button
                        key={action}
                        type={action === primary ? 'primary' : 'default'}
                        danger={action === 'reject'}
                        onClick={() => setDialog({ kind: action })}
                        data-testid={`hardship-action-${action}`}
                      >
                        {t(`consoleHardship.action.${action}`)}
                      </Button>
                    ))}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{access.canEditHardship ? t(`${k}.noActions`) : t(`${k}.readOnly`)}</Typography.Text>
                )}
              </Space>
            </Card>

            {(objections.length > 0 || file.status === 'under_notice') && (
              <ObjectionsCard
                objections={objections}
                canResolve={access.canReviewHardship}
                onResolve={(objection) => setDialog({ kind: 'resolve', objection })}
              />
            )}

            {file.status === 'filed' && <FileHelpPanel fileId={file.id} onChanged={onReload} />}
            <Card size="small" title={t(`${k}.timeline`)} data-testid="hardship-timeline">
              <Timeline
                className="gh-hardship-timeline"
                items={[...file.steps].reverse().map((step, i) => ({
                  key: `${step.at}-${i}`,
                  color: STEP_COLOR[step.kind] ?? '#1677ff',
                  content: <StepBody step={step} />,
                }))}
              />
            </Card>
          </Space>
        </Col>
      </Row>

      {dialog?.kind === 'visit' && <VisitDialog file={file} onClose={close} onDone={done(t('consoleHardship.done.visit'))} />}
      {dialog?.kind === 'review' && (
        <ReviewDialog
          file={file}
          onClose={close}
          onDone={(next) =>
            done(
              next.status === 'rejected'
                ? t('consoleHardship.done.reviewReject')
                : t('consoleHardship.done.reviewPass', {
                    category: next.category ? t(`consoleHardship.category.${next.category}`) : t('common.none'),
                  }),
            )(next)
          }
        />
      )}
      {dialog?.kind === 'publish' && (
        <PublishDialog
          file={file}
          onClose={close}
          onDone={(next) => done(t('consoleHardship.done.publish', { day: next.noticeEndsOn ?? '' }))(next)}
        />
      )}
      {dialog?.kind === 'approve' && (
        <ApproveDialog
          file={file}
          onClose={close}
          onDone={(next) => done(t('consoleHardship.done.approve', { day: next.reviewDueOn ?? '' }))(next)}
        />
      )}
      {dialog?.kind === 'periodicReview' && (
        <PeriodicReviewDialog
          file={file}
          onClose={close}
          onDone={(next) =>
            done(
              next.status === 'exited'
                ? t('consoleHardship.done.reviewExit')
                : t('consoleHardship.done.reviewContinue', { day: next.reviewDueOn ?? '' }),
            )(next)
          }
        />
      )}
      {dialog?.kind === 'object' && <ObjectionDialog file={file} onClose={close} onDone={done(t('consoleHardship.done.object'))} />}
      {dialog?.kind === 'resolve' && (
        <ResolveDialog file={file} objection={dialog.objection} onClose={close} onDone={done(t('consoleHardship.done.resolve'))} />
      )}
      {dialog?.kind === 'reject' && (
        <ReasonDialog
          title={t('consoleHardship.reject.title')}
          hint={t('consoleHardship.reject.hint')}
          danger
          templates={[
            t('consoleHardship.reject.templates.income'),
            t('consoleHardship.reject.templates.facts'),
            t('consoleHardship.reject.templates.documents'),
          ]}
          okText={t('consoleHardship.reject.submit')}
          testId="hardship-reject-reason"
          onClose={close}
          onSubmit={async (reason) => done(t('consoleHardship.done.reject'))(await hardshipApi.reject(file.id, reason))}
        />
      )}
    </Space>
  );
}

function ApplicantCard({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const k = 'consoleHardship.view';
  return (
    <Card
      size="small"
      title={t(`${k}.applicant`)}
      extra={<Typography.Text type="secondary">{t(`${k}.maskedHint`)}</Typography.Text>}
      data-testid="hardship-applicant"
    >
      <Descriptions
        size="small"
        bordered
        column={3}
        items={[
          { key: 'name', label: t(`${k}.name`), children: <span data-testid="hardship-applicant-name">{file.applicantName}</span> },
          {
            key: 'id',
            label: t(`${k}.idNumber`),
            children: (
              <span className="gh-mono" data-testid="hardship-applicant-id">
                {file.applicantIdNumber}
              </span>
            ),
          },
          {
            key: 'phone',
            label: t(`${k}.phone`),
            children: (
              <span className="gh-mono" data-testid="hardship-applicant-phone">
                {file.applicantPhone}
              </span>
            ),
          },
          {
            key: 'member',
            label: t(`${k}.membership`),
            children: file.isMember ? (
              <Tag color="red" bordered={false}>
                {t('consoleHardship.list.member')}
              </Tag>
            ) : (
              <Typography.Text type="secondary">{t('consoleHardship.list.notMember')}</Typography.Text>
            ),
          },
          { key: 'address', label: t(`${k}.address`), span: 2, children: file.household.address ?? t('common.none') },
          {
            key: 'causes',
            label: t(`${k}.causes`),
            span: 3,
            children: (
              <Space size={[4, 4]} wrap data-testid="hardship-causes">
                {file.household.causes.map((c) => (
                  <Tag key={c.cause} bordered={false}>
                    {t(`${k}.causeSince`, { cause: causeText(c.cause), since: c.since })}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

type HouseholdRow = FileDetail['household']['members'][number];

function HouseholdCard({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const k = 'consoleHardship.view';
  return (
    <Card size="small" title={t(`${k}.household`, { count: file.householdSize })} data-testid="hardship-household">
      <Table<HouseholdRow>
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={file.household.members}
        columns={[
          { key: 'relation', title: t(`${k}.relation`), width: 96, render: (_, m) => t(`consoleHardship.relation.${m.relation}`) },
          { key: 'name', title: t(`${k}.memberName`), width: 80, dataIndex: 'name' },
          {
            key: 'id',
            title: t(`${k}.memberId`),
            render: (_, m) => <span className="gh-mono">{m.idNumber ?? t('common.none')}</span>,
          },
          { key: 'age', title: t(`${k}.age`), width: 70, align: 'right', render: (_, m) => t(`${k}.ageValue`, { age: m.age }) },
          {
            key: 'health',
            title: t(`${k}.health`),
            width: 118,
            render: (_, m) =>
              m.health === 'healthy' ? (
                t('consoleHardship.health.healthy')
              ) : (
                <Tag color="orange" bordered={false}>
                  {t(`consoleHardship.health.${m.health}`)}
                </Tag>
              ),
          },
          {
            key: 'schooling',
            title: t(`${k}.schooling`),
            width: 130,
            render: (_, m) => t(`consoleHardship.schooling.${m.schooling}`),
          },
          { key: 'income', title: t(`${k}.income`), width: 110, align: 'right', render: (_, m) => <Money fen={m.monthlyIncomeFen} /> },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={6}>
              <Typography.Text strong>{t(`${k}.total`)}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Money fen={file.household.declaredMonthlyIncomeFen} strong />
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </Card>
  );
}

/** The per-capita income against the two lines (figures and a gauge), and the rule's reasons as the server words them. */
function FiguresCard({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const { perCapitaFen, lines, explanation, oneOffBurdenFen, declaredMonthlyIncomeFen } = file.household;
  const band = bandOf(perCapitaFen, lines);
  const gauge = gaugeOf(perCapitaFen, lines);
  const k = 'consoleHardship.view';
  return (
    <Card size="small" title={t(`${k}.figures`)} data-testid="hardship-figures">
      <div className="gh-hardship-figures">
        <div className="gh-hardship-figure">
          <Typography.Text type="secondary">{t(`${k}.perCapita`)}</Typography.Text>
          <span className={`gh-hardship-money gh-hardship-money-strong gh-hardship-band-${band}`} data-testid="hardship-per-capita">
            {formatFen(perCapitaFen)}
          </span>
          <Typography.Text type="secondary" className="gh-hardship-small">
            {t(`${k}.band.${band}`)}
          </Typography.Text>
        </div>
        <div className="gh-hardship-figure">
          <Typography.Text type="secondary">{t(`${k}.total`)}</Typography.Text>
          <Money fen={declaredMonthlyIncomeFen} />
        </div>
        <div className="gh-hardship-figure">
          <Typography.Text type="secondary">{t(`${k}.deepLine`)}</Typography.Text>
          <span className="gh-hardship-money" data-testid="hardship-deep-line">
            {formatFen(lines.deepFen)}
          </span>
        </div>
        <div className="gh-hardship-figure">
          <Typography.Text type="secondary">{t(`${k}.relativeLine`)}</Typography.Text>
          <span className="gh-hardship-money" data-testid="hardship-relative-line">
            {formatFen(lines.relativeFen)}
          </span>
        </div>
        {oneOffBurdenFen > 0 && (
          <div className="gh-hardship-figure">
            <Typography.Text type="secondary">{t(`${k}.burden`)}</Typography.Text>
            <Money fen={oneOffBurdenFen} />
          </div>
        )}
      </div>
      <div className="gh-hardship-gauge" aria-hidden>
        <div className="gh-hardship-gauge-deep" style={{ width: `${gauge.deep}%` }} />
        <div
          className="gh-hardship-gauge-relative"
          style={{ left: `${gauge.deep}%`, width: `${Math.max(0, gauge.relative - gauge.deep)}%` }}
        />
        <div className="gh-hardship-gauge-line" style={{ left: `${gauge.deep}%` }} />
        <div className="gh-hardship-gauge-line" style={{ left: `${gauge.relative}%` }} />
        <div className={`gh-hardship-gauge-dot gh-hardship-band-bg-${band}`} style={{ left: `${gauge.income}%` }} />
      </div>
      <div className="gh-hardship-gauge-legend">
        <span style={{ left: `${gauge.deep}%` }}>{t(`${k}.deepLine`)}</span>
        <span style={{ left: `${gauge.relative}%` }}>{t(`${k}.relativeLine`)}</span>
      </div>
      <Typography.Text strong>{t(`${k}.explanation`)}</Typography.Text>
      <ol className="gh-hardship-explanation" data-testid="hardship-explanation">
        {explanation.map((line, i) => (
          <li key={`${line.key}-${i}`} data-key={line.key}>
            {line.text}
          </li>
        ))}
      </ol>
      <CategoryFacts file={file} />
    </Card>
  );
}

/** The rule's category beside the final one (settled by the review), and why staff chose another. */
function CategoryFacts({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const k = 'consoleHardship.view';
  const decided = !['applied', 'visited'].includes(file.status);
  return (
    <Descriptions
      size="small"
      bordered
      column={2}
      className="gh-hardship-category-facts"
      data-testid="hardship-category-card"
      items={[
        { key: 'computed', label: t(`${k}.computed`), children: <CategoryTag category={file.computedCategory} /> },
        {
          key: 'final',
          label: t(`${k}.final`),
          children: decided ? <CategoryCell file={file} /> : <Typography.Text type="secondary">{t(`${k}.notReviewed`)}</Typography.Text>,
        },
        ...(file.overrideReason
          ? [
              {
                key: 'override',
                label: t(`${k}.overrideReason`),
                span: 2,
                children: <span data-testid="hardship-override-reason">{file.overrideReason}</span>,
              },
            ]
          : []),
      ]}
    />
  );
}

function FileDates({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const k = 'consoleHardship.view';
  const items = [
    // Under notice, the alert below says when it ends.
    { key: 'notice', label: t(`${k}.noticeEndsOn`), value: file.status === 'under_notice' ? null : file.noticeEndsOn },
    { key: 'filed', label: t(`${k}.filedOn`), value: file.filedOn },
    { key: 'review', label: t(`${k}.reviewDueOn`), value: file.reviewDueOn },
    { key: 'closed', label: t(`${k}.closedOn`), value: file.closedOn },
  ].filter((i) => i.value);
  if (items.length === 0) return null;
  return (
    <Descriptions
      size="small"
      column={2}
      data-testid="hardship-dates"
      items={items.map((i) => ({ key: i.key, label: i.label, children: <span className="gh-mono">{i.value}</span> }))}
    />
  );
}

function ObjectionsCard({
  objections,
  canResolve,
  onResolve,
}: {
  objections: Objection[];
  canResolve: boolean;
  onResolve: (objection: Objection) => void;
}) {
  const { t } = useTranslation();
  const k = 'consoleHardship.objection';
  return (
    <Card size="small" title={t(`${k}.listTitle`)} data-testid="hardship-objections">
      {objections.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`${k}.empty`)} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {objections.map((o) => (
            <div key={o.id} className="gh-hardship-objection" data-testid={`hardship-objection-${o.id}`}>
              <Space size={6} wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                <Space size={6}>
                  {o.resolution === null ? (
                    <Tag color="red" bordered={false} data-testid="hardship-objection-state">
                      {t(`${k}.open`)}
                    </Tag>
                  ) : (
                    <Tag color={o.resolution.upheld ? 'orange' : 'default'} bordered={false} data-testid="hardship-objection-state">
                      {t(`${k}.${o.resolution.upheld ? 'upheld' : 'dismissed'}`)}
                    </Tag>
                  )}
                  {o.raisedBy && <Typography.Text type="secondary">{t(`${k}.raisedByName`, { name: o.raisedBy })}</Typography.Text>}
                </Space>
                {o.resolution === null && canResolve && (
                  <Button size="small" onClick={() => onResolve(o)} data-testid={`hardship-resolve-${o.id}`}>
                    {t(`${k}.resolve`)}
                  </Button>
                )}
              </Space>
              <div className="gh-hardship-objection-content">{o.content}</div>
              <Typography.Text type="secondary" className="gh-hardship-small">
                {t(`${k}.recorded`, { name: o.recordedBy ?? t('consoleHardship.view.system'), at: formatDateTime(o.at).slice(0, 16) })}
              </Typography.Text>
              {o.resolution && (
                <div className="gh-hardship-small gh-hardship-resolution">
                  {t(`${k}.resolved`, {
                    name: o.resolution.by ?? t('consoleHardship.view.system'),
                    at: formatDateTime(o.resolution.at).slice(0, 16),
                    text: o.resolution.text ?? t('common.none'),
                  })}
                </div>
              )}
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}

function StepBody({ step }: { step: FileStep }) {
  const { t } = useTranslation();
  const k = 'consoleHardship.view';
  const facts = stepFacts(step);
  const checklist = step.kind === 'visited' ? checklistOf(step.details) : [];
  return (
    <div data-testid="hardship-step" data-kind={step.kind}>
      <div className="gh-event-at">{formatDateTime(step.at)}</div>
      <Typography.Text strong>{stepKindText(step.kind)}</Typography.Text>
      {step.reason && (
        <div className="gh-hardship-step-reason">{t('common.labelValue', { label: reasonLabelOf(step.kind), value: step.reason })}</div>
      )}
      {facts.map((f) => (
        <div key={f.label} className="gh-hardship-small">
          {t('common.labelValue', { label: f.label, value: f.value })}
        </div>
      ))}
      {checklist.length > 0 && (
        <ul className="gh-hardship-step-checklist" data-testid="hardship-step-checklist">
          {checklist.map((c) => (
            <li key={c.item}>
              {c.ok ? <CheckCircleFilled className="gh-hardship-ok" /> : <CloseCircleFilled className="gh-hardship-not-ok" />}
              <span>{c.item}</span>
              {c.note && <Typography.Text type="secondary">{t(`${k}.checkNote`, { note: c.note })}</Typography.Text>}
            </li>
          ))}
        </ul>
      )}
      <div className="gh-event-by">{t(`${k}.by`, { name: step.actorName ?? t(`${k}.system`) })}</div>
    </div>
  );
}
