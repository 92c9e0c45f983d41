import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../../../shared/format.ts';
import { useSession } from '../../../session.tsx';
import { mutualAidApi, type ClaimDetail, type ClaimStep, type PayoutLine, type Plan } from '../api.ts';
import { benefitName, diseaseName, lineBasisText, limitText } from '../rules.ts';
import { ClaimStatusTag, Money, SourceTag } from '../words.tsx';
import { DocumentsPanel } from './documents-panel.tsx';
import { ReviewPanel } from './review-panel.tsx';

const STEP_COLOR: Record<string, string> = {
  filed: '#1677ff',
  refiled: '#1677ff',
  ask_more: '#fa8c16',
  approve: '#722ed1',
  second_approve: '#52c41a',
  reject: '#8c8c8c',
  pay: '#52c41a',
  settle: '#2f54eb',
  cancel: '#8c8c8c',
};

/**
 * One claim (/mutual-aid/claims/:claimId): the insured by whole name (the server audits the opening),
 * the stay and what it cost, what the plan pays for it line by line beside what this cycle has already
 * used, the documents (photos shown, PDFs linked), the review — the checklist that must be ticked
 * whole before 批准, the second reviewer's 复核 — and every step with who took it and why.
 */
export function ClaimView() {
  const { claimId = '' } = useParams();
  const { t } = useTranslation();
  const { access } = useSession();
  const [claim, setClaim] = useState<ClaimDetail | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<{ text: string; notFound: boolean } | null>(null);
  const k = 'consoleMutualAid.claim';

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      const found = await mutualAidApi.claim(claimId);
      setClaim(found);
      // The plan's rule says how each line was reached and what a cycle allows.
      const plans = await mutualAidApi.plans().catch(() => ({ items: [] as Plan[] }));
      setPlan(plans.items.find((p) => p.id === found.planId) ?? null);
    } catch (error) {
      setProblem({ text: errorText(error), notFound: error instanceof ApiError && error.status === 404 });
    } finally {
      setLoading(false);
    }
  }, [claimId]);

  useEffect(() => {
    void load();
  }, [load]);

  const back = (
    <Link to={`/mutual-aid/claims${claim ? `?plan=${claim.planId}` : ''}`} className="gh-ma-back-link" data-testid="mutual-aid-claim-back">
      <ArrowLeftOutlined /> {t(`${k}.back`)}
    </Link>
  );
  if (problem) {
    return (
      <div>
        {back}
        {problem.notFound ? (
          <Result status="404" title={problem.text} />
        ) : (
          <Alert type="error" showIcon title={problem.text} action={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />
        )}
      </div>
    );
  }
  if (!claim) return <Spin className="gh-center-pad" />;

  return (
    <div className="gh-ma-claim" data-testid="mutual-aid-claim" data-status={claim.status}>
      <div className="gh-ma-claim-head">
        {back}
        <Space size={12} wrap align="center">
          <Typography.Title level={4} className="gh-ma-title" data-testid="mutual-aid-claim-no">
            {claim.claimNo}
          </Typography.Title>
          <ClaimStatusTag status={claim.status} />
          <SourceTag source={claim.source} />
          <Typography.Text type="secondary">{t(`${k}.filedAt`, { at: formatDateTime(claim.createdAt).slice(0, 16) })}</Typography.Text>
          <Tooltip title={t('common.refresh')}>
            <Button
              size="small"
              icon={<ReloadOutlined />}
              loading={loading}
              onClick={() => void load()}
              data-testid="mutual-aid-claim-refresh"
            />
          </Tooltip>
        </Space>
      </div>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card size="small" title={t(`${k}.insured.title`)} className="gh-ma-card" data-testid="mutual-aid-claim-insured">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2, xxl: 3 }}
              items={[
                {
                  key: 'name',
                  label: t(`${k}.insured.name`),
                  children: (
                    <Space size={4}>
                      <Typography.Text strong data-testid="mutual-aid-claim-insured-name">
                        {claim.insured.name}
                      </Typography.Text>
                      <Tooltip title={t(`${k}.insured.auditedHint`)}>
                        <Tag bordered={false} color="orange" className="gh-ma-mark">
                          {t(`${k}.insured.audited`)}
                        </Tag>
                      </Tooltip>
                    </Space>
                  ),
                },
                { key: 'id', label: t(`${k}.insured.idNumber`), children: <span className="gh-mono">{claim.insured.idNumberMasked}</span> },
                { key: 'relation', label: t(`${k}.insured.relation`), children: t(`consoleMutualAid.relation.${claim.insured.relation}`) },
                { key: 'plan', label: t(`${k}.insured.plan`), children: claim.planName },
                { key: 'union', label: t(`${k}.insured.union`), children: claim.orgName },
                {
                  key: 'certificate',
                  label: t(`${k}.insured.certificate`),
                  children: <span className="gh-mono">{claim.insured.certificateNo ?? t('common.none')}</span>,
                },
                {
                  key: 'shares',
                  label: t(`${k}.insured.shares`),
                  children: t(`${k}.insured.sharesValue`, { count: claim.insured.shares }),
                },
                {
                  key: 'cycle',
                  label: t(`${k}.insured.cycle`),
                  children: t(`${k}.insured.cycleValue`, { start: claim.insured.cycleStart, end: claim.insured.cycleEnd }),
                },
                { key: 'enrolled', label: t(`${k}.insured.enrolledOn`), children: claim.insured.enrolledOn ?? t('common.none') },
              ]}
            />
          </Card>

          <Card size="small" title={t(`${k}.medical.title`)} className="gh-ma-card" data-testid="mutual-aid-claim-medical">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'hospital', label: t(`${k}.medical.hospital`), children: claim.medical.hospital },
                {
                  key: 'stay',
                  label: t(`${k}.medical.stay`),
                  children: claim.dischargedOn
                    ? t(`${k}.medical.stayValue`, { from: claim.admittedOn, to: claim.dischargedOn })
                    : claim.admittedOn,
                },
                { key: 'diagnosis', label: t(`${k}.medical.diagnosis`), children: claim.medical.diagnosis, span: 2 },
                ...(claim.medical.disease
                  ? [
                      {
                        key: 'disease',
                        label: t(`${k}.medical.disease`),
                        children: t(`${k}.medical.diseaseValue`, {
                          disease: diseaseName(claim.medical.disease.code),
                          grade: claim.medical.disease.grade,
                        }),
                      },
                    ]
                  : []),
                {
                  key: 'bank',
                  label: t(`${k}.medical.bank`),
                  children: claim.medical.bankAccount
                    ? t(`${k}.medical.bankValue`, {
                        bank: claim.medical.bankAccount.bank,
                        account: claim.medical.bankAccount.accountNoMasked,
                      })
                    : t(`${k}.medical.noBank`),
                },
              ]}
            />
          </Card>

          <PayoutCard claim={claim} plan={plan} />
        </Col>
        <Col xs={24} xl={9}>
          <ReviewPanel claim={claim} canReview={access.canReviewMutualAid} onReviewed={() => void load()} />
          {/* The evidence beside the checklist it is checked against. */}
          <DocumentsPanel
            claim={claim}
            canUpload={access.canEditMutualAid}
            onAdded={(doc) => setClaim({ ...claim, documents: [...claim.documents, doc] })}
          />
          <Card size="small" title={t(`${k}.steps.title`)} className="gh-ma-card">
            <Timeline
              className="gh-ma-steps"
              data-testid="mutual-aid-claim-steps"
              items={claim.steps.map((step, i) => ({
                key: `${step.action}-${i}`,
                color: STEP_COLOR[step.action] ?? '#8c8c8c',
                content: <StepItem step={step} />,
              }))}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** The figures of the stay, the lines the plan pays, and what the insured has used this cycle. */
function PayoutCard({ claim, plan }: { claim: ClaimDetail; plan: Plan | null }) {
  const { t } = useTranslation();
  const k = 'consoleMutualAid.claim.payout';
  const figures = claim.figures;
  return (
    <Card size="small" title={t(`${k}.title`)} className="gh-ma-card" data-testid="mutual-aid-claim-payout">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xxl: 4 }}
        bordered
        items={[
          { key: 'total', label: t(`${k}.total`), children: <Money fen={figures.totalFen} /> },
          { key: 'selfPaid', label: t(`${k}.selfPaid`), children: <Money fen={figures.selfPaidFen} /> },
          { key: 'inScope', label: t(`${k}.inScope`), children: <Money fen={figures.inScopeSelfPaidFen} /> },
          { key: 'above', label: t(`${k}.aboveCeiling`), children: <Money fen={figures.aboveCeilingFen} /> },
        ]}
      />
      <Table<PayoutLine>
        className="gh-ma-lines"
        rowKey="kind"
        size="small"
        pagination={false}
        dataSource={claim.lines}
        locale={{ emptyText: t(`${k}.noLines`) }}
        data-testid="mutual-aid-claim-lines"
        onRow={(l) => ({ 'data-testid': `mutual-aid-claim-line-${l.kind}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'kind', title: t(`${k}.col.benefit`), render: (_, l) => benefitName(l.kind) },
          {
            key: 'basis',
            title: t(`${k}.col.basis`),
            render: (_, l) => lineBasisText(l, plan?.rule ?? null, claim.insured.shares),
          },
          {
            key: 'payout',
            title: t(`${k}.col.payout`),
            align: 'right',
            width: 200,
            render: (_, l) => (
              <Space size={4}>
                {l.capped && (
                  <Tag bordered={false} color="orange" className="gh-ma-mark" data-testid="mutual-aid-claim-line-capped">
                    {t(`${k}.capped`)}
                  </Tag>
                )}
                <Money fen={l.payoutFen} strong />
              </Space>
            ),
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <Typography.Text strong>{t(`${k}.sum`)}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <span className="gh-ma-money gh-ma-money-strong gh-ma-money-big" data-testid="mutual-aid-claim-payout-total">
                {formatFen(claim.payoutFen)}
              </span>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <div className="gh-ma-used" data-testid="mutual-aid-claim-used">
        <Typography.Text type="secondary">
          {t(`${k}.usedTitle`, { start: claim.insured.cycleStart, end: claim.insured.cycleEnd })}
        </Typography.Text>
        {claim.used.length === 0 ? (
          <Typography.Text type="secondary">{t(`${k}.usedNone`)}</Typography.Text>
        ) : (
          <Space size={[6, 4]} wrap>
            {claim.used.map((u) => {
              const limit = limitText(u.kind, plan?.rule ?? null);
              return (
                <Tag key={u.kind} bordered={false} data-kind={u.kind}>
                  {t(`${k}.used`, { benefit: benefitName(u.kind), count: u.times, amount: formatFen(u.paidFen) })}
                  {limit ? t(`${k}.limit`, { limit }) : ''}
                </Tag>
              );
            })}
          </Space>
        )}
      </div>
    </Card>
  );
}

function StepItem({ step }: { step: ClaimStep }) {
  const { t } = useTranslation();
  const k = 'consoleMutualAid.claim.steps';
  const action = (['filed', 'refiled', 'ask_more', 'approve', 'second_approve', 'reject', 'pay', 'settle', 'cancel'] as const).find(
    (a) => a === step.action,
  );
  const who =
    step.actorName ?? t(`${k}.actor.${step.actorType === 'member' ? 'member' : step.actorType === 'partner' ? 'partner' : 'system'}`);
  return (
    <div data-testid="mutual-aid-claim-step" data-action={step.action}>
      <div>
        <Typography.Text strong>{action ? t(`${k}.action.${action}`) : step.action}</Typography.Text>
        <Typography.Text type="secondary"> · {who}</Typography.Text>
      </div>
      {step.reason && <div className="gh-ma-step-reason">{step.reason}</div>}
      <Typography.Text type="secondary" className="gh-ma-small">
        {formatDateTime(step.createdAt)}
      </Typography.Text>
    </div>
  );
}
