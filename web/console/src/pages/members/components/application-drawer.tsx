import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, MergeCellsOutlined, SwapOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { formatDateTime, formatDuration } from '../../../../../shared/format.ts';
import { i18n } from '../../../../../shared/i18n/index.ts';
import { RegionName } from '../../../components/region-cascader.tsx';
import { useSession } from '../../../session.tsx';
import { membersApi, type Application, type DuplicateCandidate } from '../api.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { unionField } from './union-picker.tsx';
import { ApplicationStatusTag, codeLabel, OverdueTag, tradeLabel } from './tags.tsx';

type Dialog =
  { kind: 'approve' } | { kind: 'reject' } | { kind: 'replace' } | { kind: 'override' } | { kind: 'merge'; candidate: DuplicateCandidate };

/** The reasons a reviewer can start a rejection from (then edit). */
export function rejectTemplates(): string[] {
  return [
    i18n.t('consoleMembers.applications.rejectTemplates.identity'),
    i18n.t('consoleMembers.applications.rejectTemplates.outOfScope'),
    i18n.t('consoleMembers.applications.rejectTemplates.duplicate'),
    i18n.t('consoleMembers.applications.rejectTemplates.incomplete'),
  ];
}

/** One application: the applicant (masked), the work, the union it was placed in and why, and the decisions. */
export function ApplicationDrawer({
  id,
  initial,
  onClose,
  onChanged,
}: {
  id: string;
  initial: Application | null;
  onClose: () => void;
  onChanged: (changed: Application) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const [app, setApp] = useState<Application | null>(initial);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setApp(await membersApi.application(id));
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = (next: Application, done: string) => {
    setDialog(null);
    setApp(next);
    onChanged(next);
    void message.success(done);
  };

  const open = app?.status === 'pending' || app?.status === 'held_duplicate';
  const held = app?.status === 'held_duplicate';
  const canDecide = access.canReviewMembers && open;
  const name = app?.nameMasked ?? '';
  const now = Date.now();

  return (
    <Drawer
      open
      size={640}
      onClose={onClose}
      title={
        <Space size={8} wrap>
          <span>{t('consoleMembers.applications.drawerTitle')}</span>
          {app && <ApplicationStatusTag status={app.status} />}
          {app?.overdue && <OverdueTag dueAt={app.reviewDueAt} now={now} />}
        </Space>
      }
      data-testid="application-drawer"
      footer={
        canDecide && app ? (
          <Space wrap>
            {!held && (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                onClick={() => setDialog({ kind: 'approve' })}
                data-testid="application-approve"
              >
                {t('consoleMembers.applications.approve')}
              </Button>
            )}
            {held && (
              <Button icon={<UserSwitchOutlined />} onClick={() => setDialog({ kind: 'override' })} data-testid="application-override">
                {t('consoleMembers.applications.override')}
              </Button>
            )}
            <Button danger icon={<CloseOutlined />} onClick={() => setDialog({ kind: 'reject' })} data-testid="application-reject">
              {t('consoleMembers.applications.reject')}
            </Button>
            <Button icon={<SwapOutlined />} onClick={() => setDialog({ kind: 'replace' })} data-testid="application-replace">
              {t('consoleMembers.applications.replace')}
            </Button>
          </Space>
        ) : null
      }
    >
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      {!app && loading && (
        <div className="gh-center-pad">
          <Spin />
        </div>
      )}
      {app && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {app.decidedAt && (
            <Card size="small" title={t('consoleMembers.applications.sectionDecision')} data-testid="application-decision">
              <Descriptions
                size="small"
                bordered
                column={1}
                items={[
                  { key: 'status', label: t('consoleMembers.common.status'), children: <ApplicationStatusTag status={app.status} /> },
                  { key: 'at', label: t('consoleMembers.applications.decidedAt'), children: formatDateTime(app.decidedAt) },
                  {
                    key: 'by',
                    label: t('consoleMembers.applications.decidedBy'),
                    children: app.decidedByName ?? t('consoleMembers.common.system'),
                  },
                  {
                    key: 'reason',
                    label: t('consoleMembers.applications.decisionReason'),
                    children: app.decisionReason ?? t('common.none'),
                  },
                  ...(app.memberId
                    ? [
                        {
                          key: 'member',
                          label: t('consoleMembers.applications.member'),
                          children: (
                            <Link to={`/members/${app.memberId}`} data-testid="application-member-link">
                              {t('consoleMembers.applications.openMember')}
                            </Link>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
          )}
          <Card size="small" title={t('consoleMembers.applications.sectionApplicant')} data-testid="application-applicant">
            <Descriptions
              size="small"
              bordered
              column={2}
              items={[
                { key: 'name', label: t('consoleMembers.common.name'), children: app.nameMasked ?? t('common.none') },
                { key: 'gender', label: t('consoleMembers.common.gender'), children: codeLabel('gender', app.gender) },
                {
                  key: 'id',
                  label: t('consoleMembers.common.idNumber'),
                  span: 2,
                  children: <span className="gh-mono">{app.idNumberMasked ?? t('common.none')}</span>,
                },
                { key: 'birth', label: t('consoleMembers.common.birthDate'), children: app.birthDate ?? t('common.none') },
                {
                  key: 'phone',
                  label: t('consoleMembers.common.phone'),
                  children: <span className="gh-mono">{app.phoneMasked ?? t('common.none')}</span>,
                },
                {
                  key: 'submitted',
                  label: t('consoleMembers.applications.submittedAt'),
                  span: 2,
                  children: formatDateTime(app.submittedAt),
                },
              ]}
            />
          </Card>

          {(held || app.duplicateOf.length > 0 || app.duplicatesElsewhere > 0) && (
            <Card size="small" title={t('consoleMembers.applications.sectionDuplicates')} data-testid="application-duplicates">
              {held && <Alert type="warning" showIcon title={t('consoleMembers.applications.duplicatesHint')} className="gh-form-alert" />}
              {app.duplicatesElsewhere > 0 && (
                <Alert
                  type="info"
                  showIcon
                  title={t('consoleMembers.applications.duplicatesElsewhere', { count: app.duplicatesElsewhere })}
                  className="gh-form-alert"
                  data-testid="application-duplicates-elsewhere"
                />
              )}
              {app.duplicateOf.length === 0 ? (
                app.duplicatesElsewhere === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                <List<DuplicateCandidate>
                  dataSource={app.duplicateOf}
                  renderItem={(d) => (
                    <List.Item
                      data-testid="application-duplicate"
                      actions={
                        held && access.canReviewMembers
                          ? [
                              <Button
                                key="merge"
                                size="small"
                                icon={<MergeCellsOutlined />}
                                onClick={() => setDialog({ kind: 'merge', candidate: d })}
                                data-testid="application-merge"
                              >
                                {t('consoleMembers.applications.merge')}
                              </Button>,
                            ]
                          : []
                      }
                    >
                      <List.Item.Meta
                        title={
                          <Space size={8} wrap>
                            <Link to={`/members/${d.memberId}`} className="gh-mono">
                              {d.memberNo}
                            </Link>
                            <span>{d.nameMasked ?? t('common.none')}</span>
                            <Typography.Text type="secondary">{d.orgName}</Typography.Text>
                          </Space>
                        }
                        description={
                          <Space size={4} wrap>
                            <Typography.Text type="secondary">
                              {t('common.labelSuffix', { label: t('consoleMembers.applications.duplicateReason') })}
                            </Typography.Text>
                            {d.reasons.map((r) => (
                              <Tag key={r} color="orange">
                                {codeLabel('duplicateReason', r)}
                              </Tag>
                            ))}
                          </Space>
                        }
                      />
                    </List.Item>
                  )}
                />
              )}
            </Card>
          )}

          <Card size="small" title={t('consoleMembers.applications.sectionWork')} data-testid="application-work">
            <Descriptions
              size="small"
              bordered
              column={1}
              items={[
                { key: 'trade', label: t('consoleMembers.common.trade'), children: tradeLabel(app.trade) },
                {
                  key: 'employer',
                  label: t('consoleMembers.common.employer'),
                  children: app.employerName ? (
                    <Space size={6} wrap>
                      <span>{app.employerName}</span>
                      {app.employerUscc && <Typography.Text type="secondary">{app.employerUscc}</Typography.Text>}
                    </Space>
                  ) : (
                    (app.employerUscc ?? t('common.none'))
                  ),
                },
                { key: 'region', label: t('consoleMembers.common.workRegion'), children: <RegionName code={app.workRegionCode} /> },
                { key: 'address', label: t('consoleMembers.common.workAddress'), children: app.workAddressMasked ?? t('common.none') },
              ]}
            />
          </Card>

          <Card size="small" title={t('consoleMembers.applications.sectionPlacement')} data-testid="application-placement">
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              <Space size={8} wrap>
                <Typography.Text strong data-testid="application-org">
                  {app.orgName}
                </Typography.Text>
                {app.replacedBy && <Tag color="orange">{t('consoleMembers.applications.replacedTag')}</Tag>}
                <Tag color="geekblue" data-testid="application-rule">
                  {app.replacedBy
                    ? t('consoleMembers.applications.originalRule', { rule: codeLabel('placementRule', app.placementRule) })
                    : codeLabel('placementRule', app.placementRule)}
                </Tag>
              </Space>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {t(`consoleMembers.enums.placementRuleHint.${app.placementRule}`)}
              </Typography.Paragraph>
              <div>
                <Typography.Text type="secondary">
                  {t('common.labelSuffix', { label: t('consoleMembers.applications.matchedRegion') })}
                </Typography.Text>
                <RegionName code={app.matchedRegionCode} />
              </div>
              {app.replacedBy && (
                <Alert
                  type="info"
                  showIcon
                  title={t('consoleMembers.applications.replacedBy', { name: app.replacedBy, reason: app.replacementReason ?? '' })}
                />
              )}
              <div>
                <Typography.Text type="secondary">
                  {t('common.labelSuffix', { label: t('consoleMembers.applications.reviewDueAt') })}
                </Typography.Text>
                <span>{formatDateTime(app.reviewDueAt)}</span>{' '}
                {open && !app.overdue && (
                  <Typography.Text type="secondary">
                    (
                    {t('consoleMembers.applications.dueIn', {
                      duration: formatDuration((new Date(app.reviewDueAt).getTime() - now) / 1000),
                    })}
                    )
                  </Typography.Text>
                )}
                {app.reminders > 0 && (
                  <Tag style={{ marginLeft: 8 }}>{t('consoleMembers.applications.reminders', { count: app.reminders })}</Tag>
                )}
              </div>
            </Space>
          </Card>
        </Space>
      )}

      {app && dialog?.kind === 'approve' && (
        <ReasonDialog
          title={t('consoleMembers.applications.approveTitle', { name })}
          hint={t('consoleMembers.applications.approveHint')}
          optional
          okText={t('consoleMembers.applications.approve')}
          testId="application-approve-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => changed(await membersApi.approve(app.id, reason), t('consoleMembers.applications.approved'))}
        />
      )}
      {app && dialog?.kind === 'reject' && (
        <ReasonDialog
          title={t('consoleMembers.applications.rejectTitle', { name })}
          hint={t('consoleMembers.applications.rejectHint')}
          danger
          templates={rejectTemplates()}
          okText={t('consoleMembers.applications.reject')}
          testId="application-reject-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => changed(await membersApi.reject(app.id, reason ?? ''), t('consoleMembers.applications.rejected'))}
        />
      )}
      {app && dialog?.kind === 'replace' && (
        <ReasonDialog
          title={t('consoleMembers.applications.replaceTitle', { name })}
          hint={t('consoleMembers.applications.replaceHint')}
          orgField={unionField({
            label: t('consoleMembers.applications.replaceTarget'),
            requiredMessage: t('consoleMembers.applications.replaceTargetRequired'),
            notId: app.orgId,
            notIdMessage: t('consoleMembers.applications.replaceSame'),
            testId: 'application-replace-org',
          })}
          testId="application-replace-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason, orgId) =>
            changed(await membersApi.replace(app.id, orgId ?? '', reason ?? ''), t('consoleMembers.applications.replaced'))
          }
        />
      )}
      {app && dialog?.kind === 'override' && (
        <ReasonDialog
          title={t('consoleMembers.applications.overrideTitle')}
          hint={t('consoleMembers.applications.overrideHint')}
          testId="application-override-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => changed(await membersApi.override(app.id, reason ?? ''), t('consoleMembers.applications.overridden'))}
        />
      )}
      {app && dialog?.kind === 'merge' && (
        <ReasonDialog
          title={t('consoleMembers.applications.mergeTitle', { memberNo: dialog.candidate.memberNo })}
          hint={t('consoleMembers.applications.mergeHint')}
          testId="application-merge-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) =>
            changed(await membersApi.merge(app.id, dialog.candidate.memberId, reason ?? ''), t('consoleMembers.applications.merged'))
          }
        />
      )}
    </Drawer>
  );
}
