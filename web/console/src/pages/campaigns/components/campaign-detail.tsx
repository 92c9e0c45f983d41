import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Result,
  Row,
  Space,
  Spin,
  Statistic,
  Tabs,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFen } from '../../../../../shared/format.ts';
import { translateOptional } from '../../../../../shared/i18n/index.ts';
import { resolveRegionPath } from '../../../../../shared/regions.ts';
import { problemText } from '../../../components/problem-text.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { useSession } from '../../../session.tsx';
import { campaignsApi, type Campaign, type CampaignAction, type CampaignPreview } from '../api.ts';
import { actionNeedsReason, offeredActions, termsSentence } from '../rules.ts';
import { CampaignStatsTab } from './campaign-stats.tsx';
import { PhaseTag } from './tags.tsx';

interface HistoryEntry {
  key: string;
  at: string;
  what: string;
  who: string | null;
  reason: string | null;
}

const DANGER: readonly CampaignAction[] = ['reject', 'end', 'pause'];

/** A campaign's page: the terms in words, who may claim, the preview before approval, the actions, the history; 统计 beside it. */
export function CampaignDetail({ tab }: { tab: 'info' | 'stats' }) {
  const { t } = useTranslation();
  const { campaignId = '' } = useParams();
  const navigate = useNavigate();
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setCampaign(await campaignsApi.get(campaignId));
    } catch (error) {
      setProblem(problemText(error));
    }
  }, [campaignId]);

  useEffect(() => {
    void load();
  }, [load]);

  if (problem) return <Result status="warning" title={problem} />;
  if (!campaign) return <Spin />;

  return (
    <div data-testid="campaign-detail">
      <Space style={{ marginBottom: 8 }} align="center">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/campaigns')}>
          {t('consoleCampaigns.detail.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="campaign-title">
          {campaign.name}
        </Typography.Title>
        <PhaseTag phase={campaign.phase} />
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(key === 'stats' ? `/campaigns/${campaign.id}/stats` : `/campaigns/${campaign.id}`)}
        items={[
          { key: 'info', label: <span data-testid="campaign-tab-info">{t('consoleCampaigns.detail.tabInfo')}</span> },
          { key: 'stats', label: <span data-testid="campaign-tab-stats">{t('consoleCampaigns.detail.tabStats')}</span> },
        ]}
      />
      {tab === 'info' ? <Info campaign={campaign} onChanged={setCampaign} /> : <CampaignStatsTab campaign={campaign} />}
    </div>
  );
}

function Info({ campaign, onChanged }: { campaign: Campaign; onChanged: (c: Campaign) => void }) {
  const { t } = useTranslation();
  const { me, access } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [acting, setActing] = useState<CampaignAction | null>(null);
  const [historyVersion, setHistoryVersion] = useState(0);
  const actions = offeredActions(campaign, { canEdit: access.canEditCampaigns, canReview: access.canReviewCampaigns }, me.id);
  const rule = campaign.rule;
  const regionNames = useRegionNames(rule.regionCodes ?? []);

  const conditions: string[] = [];
  if (rule.trades?.length) {
    conditions.push(t('consoleCampaigns.detail.trades', { list: rule.trades.map((x) => t(`enums.trade.${x}`)).join('、') }));
  }
  if (rule.newFormOnly) conditions.push(t('consoleCampaigns.detail.newFormOnly'));
  if (rule.joinedOnOrAfter) conditions.push(t('consoleCampaigns.detail.joinedOnOrAfter', { day: rule.joinedOnOrAfter }));
  if (rule.joinedOnOrBefore) conditions.push(t('consoleCampaigns.detail.joinedOnOrBefore', { day: rule.joinedOnOrBefore }));
  if (rule.regionCodes?.length) {
    conditions.push(t('consoleCampaigns.detail.regions', { list: rule.regionCodes.map((c) => regionNames[c] ?? c).join('、') }));
  }
  if (campaign.unionIds.length > 0) conditions.push(t('consoleCampaigns.detail.unions', { count: campaign.unionIds.length }));

  return (
    <Row gutter={16}>
      <Col span={16}>
        <Card size="small" style={{ marginBottom: 16 }}>
          <Typography.Paragraph className="gh-campaign-terms" data-testid="campaign-terms">
            {termsSentence(campaign)}
          </Typography.Paragraph>
          <Space wrap>
            {actions.map(({ action, disabledReason }) => {
              const button = (
                <Button
                  key={action}
                  type={action === 'approve' || action === 'submit' ? 'primary' : 'default'}
                  danger={DANGER.includes(action)}
                  disabled={disabledReason !== null}
                  onClick={() => setActing(action)}
                  data-testid={`campaign-action-${action}`}
                >
                  {t(`consoleCampaigns.action.${action}`)}
                </Button>
              );
              return disabledReason ? (
                <Tooltip key={action} title={disabledReason}>
                  <span>{button}</span>
                </Tooltip>
              ) : (
                button
              );
            })}
            {campaign.status === 'draft' && access.canEditCampaigns && (
              <Button icon={<EditOutlined />} onClick={() => void navigate(`/campaigns/${campaign.id}/edit`)} data-testid="campaign-edit">
                {t('consoleCampaigns.detail.edit')}
              </Button>
            )}
          </Space>
        </Card>
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions column={2} size="small">
            <Descriptions.Item label={t('consoleCampaigns.detail.owner')}>{campaign.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('consoleCampaigns.detail.dates')}>
              {campaign.startsOn} ~ {campaign.endsOn}
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCampaigns.detail.validDays')}>
              {t('consoleCampaigns.detail.validDaysValue', { n: campaign.validDays })}
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCampaigns.detail.smsCode')}>
              {campaign.requireSmsCode ? t('consoleCampaigns.detail.smsCodeOn') : t('consoleCampaigns.detail.smsCodeOff')}
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCampaigns.detail.issued')}>
              {t('consoleCampaigns.detail.issuedValue', {
                issued: campaign.issuedCount.toLocaleString('zh-CN'),
                amount: formatFen(campaign.issuedFen),
              })}
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCampaigns.detail.maxCoupons')}>
              {campaign.maxCoupons === null ? t('consoleCampaigns.list.unbounded') : campaign.maxCoupons.toLocaleString('zh-CN')}
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCampaigns.detail.eligibility')} span={2}>
              <Space size={[4, 4]} wrap data-testid="campaign-conditions">
                {conditions.length === 0 ? t('consoleCampaigns.detail.everyone') : conditions.map((c) => <Tag key={c}>{c}</Tag>)}
              </Space>
            </Descriptions.Item>
            {campaign.description && (
              <Descriptions.Item label={t('consoleCampaigns.detail.description')} span={2}>
                {campaign.description}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      </Col>
      <Col span={8}>
        <PreviewCard campaign={campaign} />
        <History campaign={campaign} version={historyVersion} />
      </Col>
      {acting && (
        <ReasonDialog<boolean>
          title={t(`consoleCampaigns.action.${acting}`)}
          hint={t(`consoleCampaigns.actionHint.${acting}`)}
          danger={DANGER.includes(acting)}
          optional={!actionNeedsReason(acting)}
          templates={TEMPLATES[acting]?.map((k) => t(`consoleCampaigns.detail.reasonTemplates.${k}`))}
          okText={t(`consoleCampaigns.action.${acting}`)}
          testId={`campaign-${acting}-reason`}
          onClose={() => setActing(null)}
          onSubmit={async (reason) => {
            const changed = await campaignsApi.act(campaign.id, acting, reason);
            void message.success(t(`consoleCampaigns.actionDone.${acting}`));
            setActing(null);
            setHistoryVersion((v) => v + 1);
            onChanged(changed);
          }}
        />
      )}
    </Row>
  );
}

/** The full names of region codes ('330603' → 浙江省绍兴市柯桥区), filled in as they load. */
function useRegionNames(codes: readonly string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = codes.join(',');
  useEffect(() => {
    for (const code of key.split(',').filter(Boolean)) {
      resolveRegionPath(code)
        .then((path) => setNames((previous) => ({ ...previous, [code]: path.map((r) => r.name).join('') || code })))
        .catch(() => undefined);
    }
  }, [key]);
  return names;
}

// Reasons to start from, for the actions that need one.
const TEMPLATES: Partial<Record<CampaignAction, ('reject' | 'rejectBudget' | 'pause' | 'end')[]>> = {
  reject: ['reject', 'rejectBudget'],
  pause: ['pause'],
  end: ['end'],
};

/** How many members the rule reaches today and the most coupons the terms allow: what the approver weighs. */
function PreviewCard({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<CampaignPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    campaignsApi
      .preview(campaign.id)
      .then(setPreview)
      .catch((error: unknown) => setProblem(problemText(error)));
  }, [campaign.id, campaign.status]);

  return (
    <Card size="small" title={t('consoleCampaigns.detail.preview')} style={{ marginBottom: 16 }} data-testid="campaign-preview">
      {problem ? (
        <Alert type="warning" showIcon title={t('consoleCampaigns.detail.previewFailed', { message: problem })} />
      ) : (
        <Row gutter={8}>
          <Col span={12}>
            <Statistic
              title={t('consoleCampaigns.detail.previewEligible')}
              value={preview?.eligibleMembers ?? '—'}
              suffix={preview ? t('consoleCampaigns.detail.previewPeople') : undefined}
              loading={!preview}
            />
          </Col>
          <Col span={12}>
            {preview && preview.maxCoupons === null ? (
              <Statistic title={t('consoleCampaigns.detail.previewMax')} value={t('consoleCampaigns.list.unbounded')} />
            ) : (
              <Statistic
                title={t('consoleCampaigns.detail.previewMax')}
                value={preview?.maxCoupons ?? '—'}
                suffix={preview ? t('consoleCampaigns.detail.previewCoupons') : undefined}
                loading={!preview}
              />
            )}
          </Col>
        </Row>
      )}
    </Card>
  );
}

/**
 * Who wrote, submitted, decided, paused and ended the campaign, with the reasons: the audit trail of
 * the campaign when the staff member may read it, else what the campaign itself keeps (its latest decision).
 */
function History({ campaign, version }: { campaign: Campaign; version: number }) {
  const { t } = useTranslation();
  const { access } = useSession();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);

  useEffect(() => {
    if (!access.canViewAudit) {
      setEntries(null);
      return;
    }
    campaignsApi
      .history(campaign.id)
      .then(({ items }) =>
        setEntries(
          items
            .filter((r) => r.action.startsWith('campaign.'))
            .map((r) => ({
              key: String(r.seq),
              at: r.at,
              what: translateOptional(`consoleCampaigns.detail.audit.${r.action}`) ?? r.action,
              who: r.actorName,
              reason: r.reason,
            }))
            .sort((a, b) => a.at.localeCompare(b.at)),
        ),
      )
      .catch(() => setEntries(null));
  }, [campaign.id, access.canViewAudit, version]);

  const fallback: HistoryEntry[] = [
    { key: 'created', at: String(campaign.createdAt), what: t('consoleCampaigns.detail.historyCreated'), who: null, reason: null },
    ...(campaign.submittedAt
      ? [{ key: 'submitted', at: String(campaign.submittedAt), what: t('consoleCampaigns.action.submit'), who: null, reason: null }]
      : []),
    ...(campaign.decidedAt
      ? [
          {
            key: 'decided',
            at: String(campaign.decidedAt),
            what: campaign.status === 'draft' ? t('consoleCampaigns.action.reject') : t('consoleCampaigns.action.approve'),
            who: campaign.decidedByName,
            reason: campaign.decisionReason,
          },
        ]
      : []),
  ];
  const shown = entries ?? fallback;

  return (
    <Card size="small" title={t('consoleCampaigns.detail.history')} data-testid="campaign-history">
      {entries === null && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('consoleCampaigns.detail.historyLatest')}
        </Typography.Paragraph>
      )}
      {shown.length === 0 ? (
        <Typography.Text type="secondary">{t('consoleCampaigns.detail.historyEmpty')}</Typography.Text>
      ) : (
        <Timeline
          items={shown.map((e) => ({
            key: e.key,
            content: (
              <div>
                <Typography.Text strong>{e.what}</Typography.Text>
                {e.who && <Typography.Text type="secondary"> · {e.who}</Typography.Text>}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(e.at)}
                  </Typography.Text>
                </div>
                {e.reason && <div>{e.reason}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
