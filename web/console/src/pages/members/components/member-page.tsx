import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import {
  ArrowLeftOutlined,
  EyeInvisibleOutlined,
  EyeOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  LogoutOutlined,
  StopOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../../../shared/api.ts';
import { formatDate, formatDateTime } from '../../../../../shared/format.ts';
import { RegionName } from '../../../components/region-cascader.tsx';
import { useSession } from '../../../session.tsx';
import {
  membersApi,
  type EventKind,
  type MemberDetail,
  type MemberEvent,
  type RevealedPerson,
  type StatusAction,
  type MemberTransfer,
} from '../api.ts';
import { allowedStatusActions } from '../rules.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { unionField } from './union-picker.tsx';
import { codeLabel, MemberStatusTag, TransferStatusTag, tradeLabel } from './tags.tsx';

const ACTION_ICONS: Record<StatusAction, React.ReactNode> = {
  suspend: <PauseCircleOutlined />,
  reinstate: <PlayCircleOutlined />,
  leave: <LogoutOutlined />,
  record_death: <StopOutlined />,
};

const EVENT_COLORS: Partial<Record<EventKind, string>> = {
  joined: 'green',
  rejoined: 'green',
  imported: 'blue',
  account_linked: 'blue',
  merged: 'purple',
  transferred: 'cyan',
  suspended: 'orange',
  reinstated: 'green',
  left: 'gray',
  deceased: 'gray',
  work_changed: 'blue',
  purged: 'red',
};

type Dialog = { kind: 'reveal' } | { kind: 'status'; action: StatusAction } | { kind: 'transfer' };

/** One member: details (masked, or revealed with a reason), timeline, transfers and status actions. */
export function MemberPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const navigate = useNavigate();
  const { memberId = '' } = useParams();
  const [detail, setDetail] = useState<MemberDetail | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<{ text: string; notFound: boolean } | null>(null);
  const [revealed, setRevealed] = useState<RevealedPerson | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      setDetail(await membersApi.get(memberId));
    } catch (error) {
      setProblem({ text: errorText(error), notFound: error instanceof ApiError && error.status === 404 });
    } finally {
      setLoading(false);
    }
  }, [memberId]);

  useEffect(() => {
    setRevealed(null);
    void load();
  }, [load]);

  const back = () => {
    if (window.history.length > 1) void navigate(-1);
    else void navigate('/members/roll');
  };

  if (!detail) {
    return (
      <Card>
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={back} style={{ paddingLeft: 0 }}>
          {t('consoleMembers.member.backToRoll')}
        </Button>
        {loading ? (
          <div className="gh-center-pad">
            <Spin />
          </div>
        ) : (
          <Result
            status={problem?.notFound ? '404' : 'error'}
            title={problem?.notFound ? t('consoleMembers.member.notFound') : problem?.text}
            extra={!problem?.notFound && <Button onClick={() => void load()}>{t('common.retry')}</Button>}
          />
        )}
      </Card>
    );
  }

  const { member, timeline, transfers } = detail;
  const openTransfer = transfers.find((tr) => tr.status === 'proposed' || tr.status === 'requested');
  const actions = access.canEditMembers ? allowedStatusActions(member.status) : [];
  const canTransfer = access.canEditMembers && member.status === 'active' && !openTransfer;
  const personal = (masked: string | null, plain: string | null | undefined, testId: string) => (
    <span className={revealed ? 'gh-revealed gh-mono' : 'gh-mono'} data-testid={testId}>
      {(revealed ? plain : masked) ?? t('common.none')}
    </span>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="member-page">
      <div className="gh-member-head">
        <Space size={12} align="center" wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={back} data-testid="member-back">
            {t('consoleMembers.common.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="member-name">
            {(revealed?.name ?? member.nameMasked) || member.memberNo}
          </Typography.Title>
          <Typography.Text className="gh-mono gh-member-no" copyable data-testid="member-no">
            {member.memberNo}
          </Typography.Text>
          <MemberStatusTag status={member.status} />
          {member.newForm && <Tag color="red">{t('consoleMembers.common.newForm')}</Tag>}
        </Space>
      </div>

      {problem && <Alert type="error" showIcon title={problem.text} />}
      {member.purged && <Alert type="warning" showIcon title={t('consoleMembers.member.purged')} data-testid="member-purged" />}

      <Row gutter={16} align="top">
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card
              size="small"
              title={t('consoleMembers.member.title')}
              extra={
                revealed ? (
                  <Button size="small" icon={<EyeInvisibleOutlined />} onClick={() => setRevealed(null)} data-testid="member-hide">
                    {t('consoleMembers.member.hide')}
                  </Button>
                ) : (
                  !member.purged && (
                    <Button size="small" icon={<EyeOutlined />} onClick={() => setDialog({ kind: 'reveal' })} data-testid="member-reveal">
                      {t('consoleMembers.member.reveal')}
                    </Button>
                  )
                )
              }
            >
              {revealed && (
                <Alert
                  type="warning"
                  showIcon
                  title={t('consoleMembers.member.revealed')}
                  className="gh-form-alert"
                  data-testid="member-revealed"
                />
              )}
              <Descriptions
                size="small"
                bordered
                column={2}
                data-testid="member-details"
                items={[
                  {
                    key: 'name',
                    label: t('consoleMembers.common.name'),
                    children: personal(member.nameMasked, revealed?.name, 'member-field-name'),
                  },
                  { key: 'gender', label: t('consoleMembers.common.gender'), children: codeLabel('gender', member.gender) },
                  {
                    key: 'id',
                    label: t('consoleMembers.common.idNumber'),
                    children: personal(member.idNumberMasked, revealed?.idNumber, 'member-field-id-number'),
                  },
                  { key: 'birth', label: t('consoleMembers.common.birthDate'), children: member.birthDate ?? t('common.none') },
                  {
                    key: 'phone',
                    label: t('consoleMembers.common.phone'),
                    children: personal(member.phoneMasked, revealed?.phone, 'member-field-phone'),
                  },
                  {
                    key: 'account',
                    label: t('consoleMembers.common.source'),
                    children: (
                      <Space size={6} wrap>
                        <span>{codeLabel('source', member.source)}</span>
                        <Tag color={member.hasAccount ? 'green' : 'default'}>
                          {member.hasAccount ? t('consoleMembers.member.accountLinked') : t('consoleMembers.member.accountNotLinked')}
                        </Tag>
                      </Space>
                    ),
                  },
                  { key: 'union', label: t('consoleMembers.common.union'), span: 2, children: member.orgName },
                  { key: 'joined', label: t('consoleMembers.common.joinedAt'), children: formatDate(member.joinedAt) },
                  { key: 'trade', label: t('consoleMembers.common.trade'), children: tradeLabel(member.trade) },
                  {
                    key: 'employer',
                    label: t('consoleMembers.common.employer'),
                    span: 2,
                    children: member.employerName ? (
                      <Space size={6} wrap>
                        <span>{member.employerName}</span>
                        {member.employerUscc && <Typography.Text type="secondary">{member.employerUscc}</Typography.Text>}
                      </Space>
                    ) : (
                      (member.employerUscc ?? t('common.none'))
                    ),
                  },
                  {
                    key: 'region',
                    label: t('consoleMembers.common.workRegion'),
                    span: 2,
                    children: <RegionName code={member.workRegionCode} />,
                  },
                  {
                    key: 'address',
                    label: t('consoleMembers.common.workAddress'),
                    span: 2,
                    children: personal(member.workAddressMasked, revealed?.workAddress, 'member-field-work-address'),
                  },
                  ...(member.statusReason || member.status !== 'active'
                    ? [
                        {
                          key: 'statusReason',
                          label: t('consoleMembers.member.statusReason'),
                          children: member.statusReason ?? t('common.none'),
                        },
                        {
                          key: 'statusAt',
                          label: t('consoleMembers.member.statusChangedAt'),
                          children: formatDateTime(member.statusChangedAt),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>

            <Card size="small" title={t('consoleMembers.member.timeline')} data-testid="member-timeline">
              {timeline.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consoleMembers.member.timelineEmpty')} />
              ) : (
                <Timeline
                  className="gh-member-timeline"
                  items={[...timeline]
                    .sort((a, b) => b.at.localeCompare(a.at))
                    .map((event) => ({
                      key: event.id,
                      color: EVENT_COLORS[event.kind] ?? 'blue',
                      content: <EventBody event={event} />,
                    }))}
                />
              )}
            </Card>
          </Space>
        </Col>

        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {access.canEditMembers && (
              <Card size="small" title={t('consoleMembers.member.actions')} data-testid="member-actions">
                <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                  <Button
                    block
                    icon={<SwapOutlined />}
                    disabled={!canTransfer}
                    onClick={() => setDialog({ kind: 'transfer' })}
                    data-testid="member-transfer"
                  >
                    {t('consoleMembers.member.transfer')}
                  </Button>
                  {openTransfer && <Typography.Text type="secondary">{t('consoleMembers.member.openTransfer')}</Typography.Text>}
                  <Space wrap>
                    {actions.map((action) => (
                      <Button
                        key={action}
                        icon={ACTION_ICONS[action]}
                        danger={action === 'leave' || action === 'record_death'}
                        onClick={() => setDialog({ kind: 'status', action })}
                        data-testid={`member-status-${action}`}
                      >
                        {t(`consoleMembers.member.statusAction.${action}`)}
                      </Button>
                    ))}
                  </Space>
                </Space>
              </Card>
            )}

            <Card size="small" title={t('consoleMembers.member.transfers')} data-testid="member-transfers">
              {transfers.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consoleMembers.member.transfersEmpty')} />
              ) : (
                <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                  {transfers.map((tr) => (
                    <TransferItem key={tr.id} transfer={tr} />
                  ))}
                </Space>
              )}
            </Card>
          </Space>
        </Col>
      </Row>

      {dialog?.kind === 'reveal' && (
        <ReasonDialog
          title={t('consoleMembers.member.revealTitle', { memberNo: member.memberNo })}
          hint={t('consoleMembers.member.revealHint')}
          okText={t('consoleMembers.member.reveal')}
          testId="member-reveal-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            setRevealed(await membersApi.reveal(member.id, reason ?? ''));
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'status' && (
        <ReasonDialog
          title={t(`consoleMembers.member.statusActionTitle.${dialog.action}`, { memberNo: member.memberNo })}
          hint={t(`consoleMembers.member.statusActionHint.${dialog.action}`)}
          danger={dialog.action === 'leave' || dialog.action === 'record_death'}
          okText={t(`consoleMembers.member.statusAction.${dialog.action}`)}
          testId="member-status-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await membersApi.changeStatus(member.id, dialog.action, reason ?? '');
            setDialog(null);
            void message.success(t('consoleMembers.member.statusDone'));
            void load();
          }}
        />
      )}
      {dialog?.kind === 'transfer' && (
        <ReasonDialog
          title={t('consoleMembers.member.transferTitle', { memberNo: member.memberNo })}
          hint={t('consoleMembers.member.transferHint')}
          orgField={unionField({
            label: t('consoleMembers.member.transferTarget'),
            requiredMessage: t('consoleMembers.member.transferTargetRequired'),
            notId: member.orgId,
            notIdMessage: t('consoleMembers.member.transferSame'),
            testId: 'member-transfer-org',
          })}
          okText={t('consoleMembers.member.transfer')}
          testId="member-transfer-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason, orgId) => {
            await membersApi.startTransfer(member.id, orgId ?? '', reason ?? '');
            setDialog(null);
            void message.success(t('consoleMembers.member.transferred'));
            void load();
          }}
        />
      )}
    </Space>
  );
}

function EventBody({ event }: { event: MemberEvent }) {
  const { t } = useTranslation();
  const from = event.fromOrgName;
  const to = event.toOrgName;
  const move =
    from && to
      ? t('consoleMembers.member.event.fromTo', { from, to })
      : from
        ? t('consoleMembers.member.event.from', { from })
        : to
          ? t('consoleMembers.member.event.to', { to })
          : null;
  return (
    <div data-testid="member-event" data-kind={event.kind}>
      <div className="gh-event-at">{formatDateTime(event.at)}</div>
      <Space size={6} wrap>
        <Typography.Text strong>{codeLabel('eventKind', event.kind)}</Typography.Text>
        {move && <Typography.Text>{move}</Typography.Text>}
      </Space>
      {event.reason && <div className="gh-move-reason">{t('common.labelValue', { label: t('common.reason'), value: event.reason })}</div>}
      <div className="gh-event-by">
        {t('consoleMembers.common.by', {
          name: event.actorName ?? (event.actorKind === 'system' ? t('consoleMembers.common.system') : t('common.none')),
        })}
      </div>
    </div>
  );
}

function TransferItem({ transfer }: { transfer: MemberTransfer }) {
  const { t } = useTranslation();
  return (
    <div className="gh-transfer-item" data-testid="member-transfer-item">
      <Space size={6} wrap>
        <TransferStatusTag status={transfer.status} />
        <Typography.Text type="secondary">{formatDateTime(transfer.createdAt).slice(0, 16)}</Typography.Text>
      </Space>
      <div>{t('consoleMembers.member.event.fromTo', { from: transfer.fromOrgName, to: transfer.toOrgName })}</div>
      <Typography.Text type="secondary">
        {transfer.reason
          ? t('common.joinDot', { a: codeLabel('initiatedBy', transfer.initiatedBy), b: transfer.reason })
          : codeLabel('initiatedBy', transfer.initiatedBy)}
      </Typography.Text>
      {transfer.status === 'requested' && (
        <div>
          <Space size={4} wrap>
            <Tag color={transfer.releasedAt ? 'green' : 'default'}>
              {transfer.releasedAt ? t('consoleMembers.transfers.released') : t('consoleMembers.transfers.notReleased')}
            </Tag>
            <Tag color={transfer.acceptedAt ? 'green' : 'default'}>
              {transfer.acceptedAt ? t('consoleMembers.transfers.accepted') : t('consoleMembers.transfers.notAccepted')}
            </Tag>
          </Space>
        </div>
      )}
      {transfer.decisionReason && (
        <div className="gh-move-reason">
          {t('common.labelValue', { label: t('consoleMembers.transfers.decision'), value: transfer.decisionReason })}
        </div>
      )}
    </div>
  );
}
