import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Radio,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../../shared/format.ts';
import { translateOptional } from '../../../../../shared/i18n/index.ts';
import { problemText } from '../../../components/problem-text.ts';
import { useSession } from '../../../session.tsx';
import { CONTACT_OUTCOMES, outreachApi, type ContactOutcome, type Person, type PersonDetail } from './api.ts';
import { censusAbilities, NONE, outreachColor } from './rules.ts';

export interface PersonDrawerProps {
  personId: string;
  /** The list's line, shown while the details load. */
  initial?: Person | null;
  onClose: () => void;
  /** After a contact, a decided match: the person as they are now. */
  onChanged?: (person: PersonDetail) => void;
}

interface ContactValues {
  outcome?: ContactOutcome;
  note?: string;
}

/** A person's outreach status as a coloured tag. */
export function OutreachTag({ status }: { status: Person['outreach'] }) {
  const { t } = useTranslation();
  return <Tag color={outreachColor(status)}>{t(`consoleCensusOutreach.status.${status}`)}</Tag>;
}

/**
 * One person of the census: the masked details, whether they are a member (and, for a probable match,
 * the reviewer's 确认是同一人 / 不是同一人), the contacts with a form to record one, the invitations
 * sent and the lists that name them.
 */
export function PersonDrawer({ personId, initial = null, onClose, onChanged }: PersonDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me, access } = useSession();
  const can = censusAbilities(me.roles.census);
  const [person, setPerson] = useState<Person | PersonDetail | null>(initial);
  const [detail, setDetail] = useState<PersonDetail | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<'confirm' | 'reject' | null>(null);
  const [saving, setSaving] = useState(false);
  const [contactProblem, setContactProblem] = useState<string | null>(null);
  const [form] = Form.useForm<ContactValues>();

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      const found = await outreachApi.get(personId);
      setDetail(found);
      setPerson(found);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setLoading(false);
    }
  }, [personId]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = (next: PersonDetail, done: string) => {
    setDetail(next);
    setPerson(next);
    onChanged?.(next);
    void message.success(done);
  };

  const decide = async (decision: 'confirm' | 'reject') => {
    setDeciding(decision);
    setProblem(null);
    try {
      const next = decision === 'confirm' ? await outreachApi.confirmMatch(personId) : await outreachApi.rejectMatch(personId);
      changed(next, t(decision === 'confirm' ? 'consoleCensusOutreach.person.confirmed' : 'consoleCensusOutreach.person.rejected'));
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setDeciding(null);
    }
  };

  const record = async (values: ContactValues) => {
    if (!values.outcome) return;
    setSaving(true);
    setContactProblem(null);
    try {
      const next = await outreachApi.recordContact(personId, values.outcome, values.note?.trim() || undefined);
      form.resetFields();
      changed(next, t('consoleCensusOutreach.person.recorded'));
    } catch (error) {
      setContactProblem(problemText(error));
    } finally {
      setSaving(false);
    }
  };

  const member = detail?.member ?? null;
  const memberText = (m: NonNullable<PersonDetail['member']>) =>
    m.status === 'active'
      ? t('consoleCensusOutreach.person.member', { memberNo: m.memberNo })
      : t('consoleCensusOutreach.person.memberInactive', {
          memberNo: m.memberNo,
          status: translateOptional(`consoleMembers.enums.memberStatus.${m.status}`) ?? m.status,
        });
  const memberLink = (m: NonNullable<PersonDetail['member']>) =>
    access.canViewMembers ? (
      <Link to={`/members/${m.id}`} data-testid="person-member-link">
        {memberText(m)}
      </Link>
    ) : (
      <span>{memberText(m)}</span>
    );

  const coverage = () => {
    if (!person) return NONE;
    if (person.match === 'probable') return <Tag color="warning">{t('consoleCensusOutreach.coverageTag.probable')}</Tag>;
    if (person.isMember) return member ? memberLink(member) : <Tag color="success">{t('consoleCensusOutreach.coverageTag.member')}</Tag>;
    return t('consoleCensusOutreach.person.notMember');
  };

  return (
    <Drawer
      open
      size={640}
      onClose={onClose}
      title={
        <Space size={8}>
          <span data-testid="person-name">{person?.nameMasked ?? t('consoleCensusOutreach.person.title')}</span>
          {person && <OutreachTag status={person.outreach} />}
        </Space>
      }
      data-testid="person-drawer"
    >
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="person-error" />}
      {!person && loading && (
        <div className="gh-center-pad">
          <Spin />
        </div>
      )}
      {person && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {person.match === 'probable' && (
            <Alert
              type="warning"
              showIcon
              data-testid="person-match"
              title={
                member
                  ? t('consoleCensusOutreach.person.probableTitle', { memberNo: member.memberNo })
                  : t('consoleCensusOutreach.person.probableTitleNoMember')
              }
              description={
                <Space orientation="vertical" size={8}>
                  <span>{t('consoleCensusOutreach.person.probableHint')}</span>
                  {member && memberLink(member)}
                  {can.canReview ? (
                    <Space>
                      <Button
                        type="primary"
                        icon={<CheckOutlined />}
                        loading={deciding === 'confirm'}
                        disabled={deciding !== null}
                        onClick={() => void decide('confirm')}
                        data-testid="person-match-confirm"
                      >
                        {t('consoleCensusOutreach.person.confirm')}
                      </Button>
                      <Button
                        icon={<CloseOutlined />}
                        loading={deciding === 'reject'}
                        disabled={deciding !== null}
                        onClick={() => void decide('reject')}
                        data-testid="person-match-reject"
                      >
                        {t('consoleCensusOutreach.person.reject')}
                      </Button>
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">{t('consoleCensusOutreach.person.probableReviewerOnly')}</Typography.Text>
                  )}
                </Space>
              }
            />
          )}

          <Descriptions size="small" column={2} bordered data-testid="person-details">
            <Descriptions.Item label={t('consoleCensusOutreach.person.name')}>{person.nameMasked}</Descriptions.Item>
            <Descriptions.Item label={t('consoleCensusOutreach.person.phone')}>
              <span className="gh-mono">{person.phoneMasked ?? NONE}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCensusOutreach.person.idNumber')} span={2}>
              <span className="gh-mono">{person.idNumberMasked ?? NONE}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCensusOutreach.person.trade')}>{t(`enums.trade.${person.trade}`)}</Descriptions.Item>
            <Descriptions.Item label={t('consoleCensusOutreach.person.coverage')}>{coverage()}</Descriptions.Item>
            <Descriptions.Item label={t('consoleCensusOutreach.person.region')} span={2}>
              {person.regionName}
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCensusOutreach.person.employer')} span={2}>
              {person.employerName ?? NONE}
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCensusOutreach.person.assigned')}>
              {person.assignedStaffName ?? t('consoleCensusOutreach.person.unassigned')}
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCensusOutreach.person.lastContact')}>
              {person.lastContactAt ? formatDateTime(person.lastContactAt) : NONE}
            </Descriptions.Item>
            <Descriptions.Item label={t('consoleCensusOutreach.person.lastInvited')}>
              <span data-testid="person-last-invited">{person.lastInvitedAt ? formatDateTime(person.lastInvitedAt) : NONE}</span>
            </Descriptions.Item>
          </Descriptions>

          <Card size="small" title={t('consoleCensusOutreach.person.contacts')} data-testid="person-contacts">
            {can.canEdit ? (
              <Form<ContactValues> form={form} layout="vertical" onFinish={(values) => void record(values)} requiredMark={false}>
                <Form.Item
                  name="outcome"
                  label={t('consoleCensusOutreach.person.outcome')}
                  rules={[{ required: true, message: t('consoleCensusOutreach.person.outcomeRequired') }]}
                  style={{ marginBottom: 12 }}
                >
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    data-testid="person-contact-outcome"
                    options={CONTACT_OUTCOMES.map((outcome) => ({
                      value: outcome,
                      label: <span data-testid={`person-contact-outcome-${outcome}`}>{t(`consoleCensusOutreach.outcome.${outcome}`)}</span>,
                    }))}
                  />
                </Form.Item>
                <Form.Item name="note" label={t('consoleCensusOutreach.person.note')} style={{ marginBottom: 12 }}>
                  <Input.TextArea
                    rows={2}
                    maxLength={500}
                    showCount
                    placeholder={t('consoleCensusOutreach.person.notePlaceholder')}
                    data-testid="person-contact-note"
                  />
                </Form.Item>
                {contactProblem && (
                  <Alert type="error" showIcon title={contactProblem} className="gh-form-alert" data-testid="person-contact-error" />
                )}
                <Button type="primary" htmlType="submit" loading={saving} data-testid="person-contact-submit">
                  {t('consoleCensusOutreach.person.record')}
                </Button>
              </Form>
            ) : (
              <Typography.Text type="secondary">{t('consoleCensusOutreach.outreach.viewerOnly')}</Typography.Text>
            )}
            <List
              style={{ marginTop: 12 }}
              size="small"
              loading={loading && !detail}
              dataSource={detail?.contacts ?? []}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consoleCensusOutreach.person.contactsEmpty')} />,
              }}
              renderItem={(contact) => (
                <List.Item key={contact.id} data-testid="person-contact">
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space size={8} wrap>
                      <OutreachTag status={contact.outcome} />
                      <Typography.Text type="secondary">
                        {t('consoleCensusOutreach.person.contactBy', {
                          staff: contact.staffName ?? t('consoleCensusOutreach.person.byUnknown'),
                          time: formatDateTime(contact.at),
                        })}
                      </Typography.Text>
                    </Space>
                    {contact.note && <Typography.Text>{contact.note}</Typography.Text>}
                  </Space>
                </List.Item>
              )}
            />
          </Card>

          <Card size="small" title={t('consoleCensusOutreach.person.invitations')} data-testid="person-invitations">
            <List
              size="small"
              loading={loading && !detail}
              dataSource={detail?.invitations ?? []}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consoleCensusOutreach.person.invitationsEmpty')} />,
              }}
              renderItem={(invitation) => (
                <List.Item key={invitation.id} data-testid="person-invitation">
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Typography.Text strong>{invitation.campaign}</Typography.Text>
                    <Space size={8} wrap>
                      <Typography.Text type="secondary">
                        {t('consoleCensusOutreach.person.sentAt', { time: formatDateTime(invitation.sentAt) })}
                      </Typography.Text>
                      {invitation.openedAt ? (
                        <Tag color="processing">
                          {t('consoleCensusOutreach.person.openedAt', { time: formatDateTime(invitation.openedAt) })}
                        </Tag>
                      ) : (
                        <Tag>{t('consoleCensusOutreach.person.notOpened')}</Tag>
                      )}
                      {invitation.joinedAt && (
                        <Tag color="success">
                          {t('consoleCensusOutreach.person.joinedAt', { time: formatDateTime(invitation.joinedAt) })}
                        </Tag>
                      )}
                      {invitation.staffName && <Typography.Text type="secondary">{invitation.staffName}</Typography.Text>}
                    </Space>
                  </Space>
                </List.Item>
              )}
            />
          </Card>

          <Card size="small" title={t('consoleCensusOutreach.person.sources')} data-testid="person-sources">
            <List
              size="small"
              loading={loading && !detail}
              dataSource={detail?.sources ?? []}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consoleCensusOutreach.person.sourcesEmpty')} />,
              }}
              renderItem={(source) => (
                <List.Item key={`${source.listId}:${source.row}`} data-testid="person-source">
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Space size={8} wrap>
                      <Typography.Text strong>{source.sourceName}</Typography.Text>
                      {!source.counted && (
                        <Tooltip title={t('consoleCensusOutreach.person.replacedHint')}>
                          <Tag>{t('consoleCensusOutreach.person.replaced')}</Tag>
                        </Tooltip>
                      )}
                    </Space>
                    <Typography.Text type="secondary">
                      {t('consoleCensusOutreach.person.sourceRow', { file: source.fileName, row: source.row })}
                      {' · '}
                      {t('consoleCensusOutreach.person.sourceAt', { time: formatDateTime(source.startedAt) })}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Space>
      )}
    </Drawer>
  );
}
