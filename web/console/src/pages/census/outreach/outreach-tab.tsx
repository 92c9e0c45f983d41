import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { DownloadOutlined, MessageOutlined, ReloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../../../../shared/format.ts';
import { resolveRegionPath } from '../../../../../shared/regions.ts';
import { TRADES, type Trade } from '../../../../../shared/trades.ts';
import { problemText } from '../../../components/problem-text.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { RegionCascader } from '../../../components/region-cascader.tsx';
import { useCursorList } from '../../../components/use-cursor-list.ts';
import { useSession } from '../../../session.tsx';
import {
  ASSIGNED_FILTERS,
  COVERAGES,
  OUTREACH_STATUSES,
  outreachApi,
  PEOPLE_AT_ONCE,
  type AssignedFilter,
  type Coverage,
  type InvitationCampaign,
  type InvitationResult,
  type OutreachFilter,
  type OutreachStatus,
  type Person,
  type PersonPage,
  type StaffOption,
} from './api.ts';
import { OutreachTag, PersonDrawer } from './person-drawer.tsx';
import {
  assignableStaff,
  censusAbilities,
  countText,
  defaultCampaign,
  filterParams,
  invitationPreview,
  invitationSummary,
  isCampaignName,
  matchesAssigned,
  namesText,
  NONE,
  percentText,
  readFilter,
  regionBelow,
  shanghaiYear,
  shareOf,
  skippedByReason,
  stillListed,
  totalText,
} from './rules.ts';

const CAMPAIGNS_SHOWN = 5;

/**
 * 发展名单: the census's people of the staff member's area who are not members yet (or, by the
 * 入会情况 filter, the probable matches, the members, everyone), masked, 50 at a time. The selection
 * can be assigned to a staff member, sent an SMS invitation to join, and the filter exported (audited);
 * a row opens the person's drawer. The filter lives in the address (?region=&trade=&coverage=&outreach=&assigned=).
 */
export function OutreachTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const can = censusAbilities(me.roles.census);
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => readFilter(params), [params]);
  const list = useCursorList<Person, OutreachFilter, PersonPage>(filter, (f, cursor) => outreachApi.list(f, cursor));
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState<Person | null>(null);
  const [dialog, setDialog] = useState<'assign' | 'invite' | 'export' | null>(null);
  const [campaigns, setCampaigns] = useState<InvitationCampaign[] | null>(null);
  const [campaignsProblem, setCampaignsProblem] = useState<string | null>(null);

  const loadCampaigns = useCallback(async () => {
    try {
      setCampaigns((await outreachApi.campaigns()).items);
      setCampaignsProblem(null);
    } catch (error) {
      setCampaignsProblem(problemText(error));
    }
  }, []);

  useEffect(() => {
    void loadCampaigns();
  }, [loadCampaigns]);

  // A new filter is a new list: what was chosen from the old one is let go.
  const filterKey = JSON.stringify(filter);
  useEffect(() => setSelected([]), [filterKey]);

  const setFilter = (changes: Partial<OutreachFilter>) => setParams(filterParams({ ...filter, ...changes }));
  const filtered = Object.keys(filterParams(filter)).length > 0;

  const byId = useMemo(() => new Map(list.items.map((p) => [p.id, p])), [list.items]);
  const chosen = useMemo(() => selected.flatMap((id) => byId.get(id) ?? []), [selected, byId]);
  const tooMany = chosen.length > PEOPLE_AT_ONCE;

  const countLine = list.loading
    ? t('common.loading')
    : list.hasMore
      ? t('consoleCensusOutreach.outreach.loaded', { n: countText(list.items.length) })
      : t('consoleCensusOutreach.outreach.loadedAll', { n: countText(list.items.length) });

  /** A person as they are after a change in the drawer: replaced in the list, or dropped when the filter no longer holds them. */
  const changed = (person: Person) => {
    const keep = stillListed(person, filter.coverage) && (!filter.outreach || person.outreach === filter.outreach);
    list.update((p) => p.id === person.id, keep ? person : null);
  };

  const assigned = (staff: { id: string; name: string } | null, count: number) => {
    const ids = new Set(chosen.map((p) => p.id));
    for (const p of chosen) {
      const next: Person = { ...p, assignedStaffId: staff?.id ?? null, assignedStaffName: staff?.name ?? null };
      list.update((item) => item.id === p.id, matchesAssigned(next, filter.assigned, me.id) ? next : null);
    }
    setSelected((previous) => previous.filter((id) => !ids.has(id)));
    setDialog(null);
    void message.success(
      staff
        ? t('consoleCensusOutreach.assign.done', { n: countText(count) })
        : t('consoleCensusOutreach.assign.cleared', { n: countText(count) }),
    );
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="outreach-tab">
      <CampaignsCard campaigns={campaigns} problem={campaignsProblem} onRefresh={() => void loadCampaigns()} />

      <Card>
        <div className="gh-roll-filters">
          <Space size={[12, 12]} wrap>
            <div style={{ width: 260 }}>
              <RegionCascader
                value={filter.region}
                root={me.org.regionCode}
                onChange={(code) => setFilter({ region: code === me.org.regionCode ? undefined : code })}
                placeholder={t('consoleCensusOutreach.outreach.areaPlaceholder')}
                data-testid="outreach-filter-region"
              />
            </div>
            <Select<Trade>
              value={filter.trade}
              allowClear
              placeholder={t('consoleCensusOutreach.outreach.allTrades')}
              style={{ width: 140 }}
              onChange={(value) => setFilter({ trade: value })}
              options={TRADES.map((trade) => ({ value: trade, label: t(`enums.trade.${trade}`) }))}
              data-testid="outreach-filter-trade"
            />
            <Segmented<Coverage>
              value={filter.coverage}
              onChange={(value) => setFilter({ coverage: value })}
              options={COVERAGES.map((c) => ({
                value: c,
                label: <span data-testid={`outreach-coverage-${c}`}>{t(`consoleCensusOutreach.coverage.${c}`)}</span>,
              }))}
              data-testid="outreach-filter-coverage"
            />
            <Select<OutreachStatus>
              value={filter.outreach}
              allowClear
              placeholder={t('consoleCensusOutreach.outreach.statusPlaceholder')}
              style={{ width: 140 }}
              onChange={(value) => setFilter({ outreach: value })}
              options={OUTREACH_STATUSES.map((s) => ({ value: s, label: t(`consoleCensusOutreach.status.${s}`) }))}
              data-testid="outreach-filter-status"
            />
            <Space size={6}>
              <Typography.Text type="secondary">
                {t('common.labelSuffix', { label: t('consoleCensusOutreach.outreach.assigned') })}
              </Typography.Text>
              <Segmented<AssignedFilter>
                value={filter.assigned}
                onChange={(value) => setFilter({ assigned: value })}
                options={ASSIGNED_FILTERS.map((a) => ({
                  value: a,
                  label: <span data-testid={`outreach-assigned-${a}`}>{t(`consoleCensusOutreach.assignedFilter.${a}`)}</span>,
                }))}
                data-testid="outreach-filter-assigned"
              />
            </Space>
          </Space>
        </div>

        <div className="gh-toolbar">
          <Space size={12} wrap>
            {selected.length > 0 ? (
              <>
                <Typography.Text strong data-testid="outreach-selected-count">
                  {t('consoleCensusOutreach.outreach.selected', { n: countText(selected.length) })}
                </Typography.Text>
                <Button type="link" size="small" onClick={() => setSelected([])} data-testid="outreach-clear-selection">
                  {t('consoleCensusOutreach.outreach.clearSelection')}
                </Button>
              </>
            ) : (
              <Tooltip
                title={
                  list.page?.totalCapped
                    ? t('consoleCensusOutreach.outreach.totalCappedHint', { n: countText(list.page.total) })
                    : undefined
                }
              >
                <Typography.Text strong data-testid="outreach-total">
                  {list.loading || !list.page ? t('common.loading') : totalText(list.page)}
                </Typography.Text>
              </Tooltip>
            )}
            {can.canEdit && (
              <>
                <Button
                  icon={<UserAddOutlined />}
                  disabled={chosen.length === 0 || tooMany}
                  onClick={() => setDialog('assign')}
                  data-testid="outreach-assign"
                >
                  {t('consoleCensusOutreach.outreach.assign')}
                </Button>
                <Button
                  type="primary"
                  icon={<MessageOutlined />}
                  disabled={chosen.length === 0 || tooMany}
                  onClick={() => setDialog('invite')}
                  data-testid="outreach-invite"
                >
                  {t('consoleCensusOutreach.outreach.invite')}
                </Button>
              </>
            )}
            {tooMany && (
              <Typography.Text type="danger">
                {t('consoleCensusOutreach.outreach.tooMany', { max: countText(PEOPLE_AT_ONCE) })}
              </Typography.Text>
            )}
          </Space>
          <Space>
            {filtered && (
              <Button type="link" onClick={() => setParams({})} data-testid="outreach-filter-reset">
                {t('common.reset')}
              </Button>
            )}
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} data-testid="outreach-refresh" />
            </Tooltip>
            <Button
              icon={<DownloadOutlined />}
              disabled={list.loading || list.items.length === 0}
              onClick={() => setDialog('export')}
              data-testid="outreach-export"
            >
              {t('consoleCensusOutreach.outreach.export')}
            </Button>
          </Space>
        </div>

        {list.problem && <Alert type="error" showIcon title={list.problem} className="gh-form-alert" data-testid="outreach-error" />}

        <Table<Person>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 1240 }}
          locale={{
            emptyText:
              filter.coverage === 'not_members' && !filtered
                ? t('consoleCensusOutreach.outreach.emptyNotMembers')
                : t('consoleCensusOutreach.outreach.empty'),
          }}
          data-testid="outreach-table"
          rowSelection={
            can.canEdit
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(String)),
                  columnWidth: 40,
                  getCheckboxProps: (p) => ({ 'data-testid': 'outreach-select', 'data-person-id': p.id }) as object,
                }
              : undefined
          }
          rowClassName={(p) => (open?.id === p.id ? 'gh-row-clickable gh-row-open' : 'gh-row-clickable')}
          onRow={(p) =>
            ({
              'data-testid': 'outreach-row',
              'data-person-id': p.id,
              title: t('consoleCensusOutreach.outreach.rowHint'),
              onClick: (event: React.MouseEvent) => {
                const target = event.target as HTMLElement;
                if (target.closest('a,button,.ant-table-selection-column,.ant-checkbox-wrapper')) return;
                setOpen(p);
              },
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('consoleCensusOutreach.outreach.columns.name'),
              key: 'name',
              width: 120,
              fixed: 'left',
              render: (_, p) => (
                <Space size={4}>
                  <span data-testid="outreach-row-name">{p.nameMasked}</span>
                  {p.match === 'probable' ? (
                    <Tag color="warning">{t('consoleCensusOutreach.coverageTag.probable')}</Tag>
                  ) : (
                    p.isMember && <Tag color="success">{t('consoleCensusOutreach.coverageTag.member')}</Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('consoleCensusOutreach.outreach.columns.phone'),
              dataIndex: 'phoneMasked',
              width: 115,
              render: (v: string | null) => <span className="gh-mono">{v ?? NONE}</span>,
            },
            {
              title: t('consoleCensusOutreach.outreach.columns.idNumber'),
              dataIndex: 'idNumberMasked',
              width: 175,
              render: (v: string | null) => <span className="gh-mono">{v ?? NONE}</span>,
            },
            {
              title: t('consoleCensusOutreach.outreach.columns.trade'),
              dataIndex: 'trade',
              width: 95,
              render: (trade: Trade) => t(`enums.trade.${trade}`),
            },
            {
              title: t('consoleCensusOutreach.outreach.columns.region'),
              key: 'region',
              width: 110,
              ellipsis: { showTitle: false },
              render: (_, p) => <LocalRegion code={p.regionCode} fullName={p.regionName} area={me.org.regionCode} />,
            },
            {
              title: t('consoleCensusOutreach.outreach.columns.employer'),
              dataIndex: 'employerName',
              ellipsis: { showTitle: true },
              render: (v: string | null) => v ?? NONE,
            },
            {
              title: t('consoleCensusOutreach.outreach.columns.status'),
              dataIndex: 'outreach',
              width: 80,
              render: (status: OutreachStatus) => <OutreachTag status={status} />,
            },
            {
              title: t('consoleCensusOutreach.outreach.columns.assigned'),
              dataIndex: 'assignedStaffName',
              width: 120,
              ellipsis: { showTitle: true },
              render: (v: string | null) => v ?? NONE,
            },
            {
              title: t('consoleCensusOutreach.outreach.columns.lastContact'),
              dataIndex: 'lastContactAt',
              width: 100,
              render: (at: string | null) => (at ? <Tooltip title={formatDateTime(at)}>{formatDate(at)}</Tooltip> : NONE),
            },
            {
              title: t('consoleCensusOutreach.outreach.columns.lastInvited'),
              dataIndex: 'lastInvitedAt',
              width: 100,
              render: (at: string | null) => (
                <span data-testid="outreach-row-last-invited">
                  {at ? <Tooltip title={formatDateTime(at)}>{formatDate(at)}</Tooltip> : NONE}
                </span>
              ),
            },
            {
              title: (
                <Tooltip title={t('consoleCensusOutreach.outreach.listsHint')}>{t('consoleCensusOutreach.outreach.columns.lists')}</Tooltip>
              ),
              dataIndex: 'listCount',
              width: 64,
              align: 'right',
              render: (n: number) => countText(n),
            },
          ]}
          footer={() => (
            <div className="gh-load-more">
              <Typography.Text type="secondary" data-testid="outreach-count">
                {countLine}
              </Typography.Text>
              {list.hasMore ? (
                <Button onClick={() => void list.loadMore()} loading={list.loadingMore} data-testid="outreach-load-more">
                  {t('common.loadMore')}
                </Button>
              ) : (
                list.items.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
              )}
            </div>
          )}
        />
      </Card>

      {open && (
        <PersonDrawer
          key={open.id}
          personId={open.id}
          initial={open}
          onClose={() => setOpen(null)}
          onChanged={(person) => {
            changed(person);
            void loadCampaigns();
          }}
        />
      )}

      {dialog === 'assign' && (
        <AssignDialog people={chosen} onClose={() => setDialog(null)} onAssigned={(staff, count) => assigned(staff, count)} />
      )}

      {dialog === 'invite' && (
        <InviteDialog
          people={chosen}
          trade={filter.trade}
          onClose={() => setDialog(null)}
          onSent={() => {
            setSelected([]);
            void list.reload();
            void loadCampaigns();
          }}
        />
      )}

      {dialog === 'export' && (
        <ReasonDialog
          title={t('consoleCensusOutreach.outreach.exportTitle')}
          hint={t('consoleCensusOutreach.outreach.exportHint')}
          okText={t('consoleCensusOutreach.outreach.export')}
          testId="outreach-export-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            // A plain download link, as the roll's export: the browser streams the file to disk, and an
            // error answer fails the download instead of replacing the console.
            const link = document.createElement('a');
            link.href = outreachApi.exportUrl(filter, reason);
            link.download = '';
            document.body.appendChild(link);
            link.click();
            link.remove();
            setDialog(null);
            void message.success(t('consoleCensusOutreach.outreach.exportStarted'));
          }}
        />
      )}
    </Space>
  );
}

/** A person's work place below the staff member's own area (柯桥街道), the full name in the tooltip. */
function LocalRegion({ code, fullName, area }: { code: string; fullName: string; area: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    // The region lists are cached: a page of people from a few streets asks the server a few times at most.
    resolveRegionPath(code)
      .then((path) => {
        if (!cancelled) setName(regionBelow(path, area));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [code, area]);
  return (
    <Tooltip title={fullName}>
      <span>{name ?? fullName}</span>
    </Tooltip>
  );
}

/** The invitation campaigns of the subtree: sent, opened, joined, and joined ÷ sent. */
function CampaignsCard({
  campaigns,
  problem,
  onRefresh,
}: {
  campaigns: InvitationCampaign[] | null;
  problem: string | null;
  onRefresh: () => void;
}) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const rows = campaigns ?? [];
  const shown = all ? rows : rows.slice(0, CAMPAIGNS_SHOWN);
  return (
    <Card
      size="small"
      title={t('consoleCensusOutreach.campaigns.title')}
      extra={
        <Tooltip title={t('common.refresh')}>
          <Button size="small" type="text" icon={<ReloadOutlined />} onClick={onRefresh} data-testid="outreach-campaigns-refresh" />
        </Tooltip>
      }
      data-testid="outreach-campaigns"
    >
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" />}
      <Table<InvitationCampaign>
        rowKey="campaign"
        size="small"
        loading={campaigns === null && !problem}
        dataSource={shown}
        pagination={false}
        locale={{ emptyText: t('consoleCensusOutreach.campaigns.empty') }}
        onRow={(c) => ({ 'data-testid': 'outreach-campaign', 'data-campaign': c.campaign }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('consoleCensusOutreach.campaigns.campaign'), dataIndex: 'campaign', ellipsis: { showTitle: true } },
          ...(['sent', 'opened', 'joined'] as const).map((key) => ({
            title: t(`consoleCensusOutreach.campaigns.${key}`),
            dataIndex: key,
            width: 100,
            align: 'right' as const,
            render: (n: number) => countText(n),
          })),
          {
            title: <Tooltip title={t('consoleCensusOutreach.campaigns.rateHint')}>{t('consoleCensusOutreach.campaigns.rate')}</Tooltip>,
            key: 'rate',
            width: 100,
            align: 'right',
            render: (_, c) => percentText(shareOf(c.joined, c.sent)),
          },
          {
            title: t('consoleCensusOutreach.campaigns.lastSentAt'),
            dataIndex: 'lastSentAt',
            width: 170,
            render: (at: string) => formatDateTime(at),
          },
        ]}
      />
      {rows.length > CAMPAIGNS_SHOWN && !all && (
        <Button type="link" size="small" onClick={() => setAll(true)} data-testid="outreach-campaigns-more">
          {t('consoleCensusOutreach.campaigns.more', { n: countText(rows.length - CAMPAIGNS_SHOWN) })}
        </Button>
      )}
    </Card>
  );
}

/** 分配给…: a staff member of the subtree (searched by name), oneself, or nobody. */
function AssignDialog({
  people,
  onClose,
  onAssigned,
}: {
  people: Person[];
  onClose: () => void;
  onAssigned: (staff: { id: string; name: string } | null, count: number) => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [staffId, setStaffId] = useState<string | undefined>(undefined);
  const [options, setOptions] = useState<StaffOption[]>([]);
  const [searching, setSearching] = useState(false);
  const [staffProblem, setStaffProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState<'assign' | 'clear' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const search = useCallback(async (q: string | undefined) => {
    const mine = ++seq.current;
    setSearching(true);
    try {
      const found = await outreachApi.staff(q);
      if (mine !== seq.current) return;
      setOptions(assignableStaff(found.items));
      setStaffProblem(null);
    } catch (error) {
      if (mine === seq.current) setStaffProblem(problemText(error));
    } finally {
      if (mine === seq.current) setSearching(false);
    }
  }, []);

  useEffect(() => {
    void search(undefined);
    return () => clearTimeout(timer.current);
  }, [search]);

  const names = new Map<string, string>([[me.id, me.displayName], ...options.map((s) => [s.id, s.name] as const)]);
  const choices = [
    { value: me.id, label: t('consoleCensusOutreach.assign.me', { name: me.displayName }) },
    ...options
      .filter((s) => s.id !== me.id)
      .map((s) => ({ value: s.id, label: t('consoleCensusOutreach.assign.role', { name: s.name, org: s.orgName }) })),
  ];

  const run = async (to: string | null) => {
    setSaving(to ? 'assign' : 'clear');
    setProblem(null);
    try {
      const result = await outreachApi.assign(
        people.map((p) => p.id),
        to,
      );
      onAssigned(to ? { id: to, name: names.get(to) ?? '' } : null, result.assigned);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setSaving(null);
    }
  };

  return (
    <Modal
      open
      title={t('consoleCensusOutreach.assign.title')}
      onCancel={onClose}
      mask={{ closable: false }}
      width={520}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="clear"
          danger
          loading={saving === 'clear'}
          disabled={saving !== null}
          onClick={() => void run(null)}
          data-testid="outreach-assign-clear"
        >
          {t('consoleCensusOutreach.assign.nobody')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={saving === 'assign'}
          disabled={!staffId || saving !== null}
          onClick={() => void run(staffId ?? null)}
          data-testid="outreach-assign-ok"
        >
          {t('consoleCensusOutreach.assign.ok')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">
        {t('consoleCensusOutreach.assign.hint', { n: countText(people.length) })}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item
          label={t('consoleCensusOutreach.assign.staff')}
          extra={staffProblem ? undefined : t('consoleCensusOutreach.assign.noCensusRole')}
          style={{ marginBottom: 8 }}
        >
          <Select<string>
            value={staffId}
            showSearch={{
              filterOption: false,
              onSearch: (q) => {
                clearTimeout(timer.current);
                timer.current = setTimeout(() => void search(q.trim() || undefined), 300);
              },
            }}
            loading={searching}
            placeholder={t('consoleCensusOutreach.assign.staffPlaceholder')}
            onChange={setStaffId}
            options={choices}
            data-testid="outreach-assign-staff"
          />
        </Form.Item>
      </Form>
      {staffProblem && (
        <Alert
          type="warning"
          showIcon
          title={t('consoleCensusOutreach.assign.staffUnavailable', { problem: staffProblem })}
          className="gh-form-alert"
        />
      )}
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="outreach-assign-error" />}
    </Modal>
  );
}

/** 发送入会邀请: the campaign's name, what the selection will reach, then the server's count of what it sent and skipped. */
function InviteDialog({
  people,
  trade,
  onClose,
  onSent,
}: {
  people: Person[];
  trade: Trade | undefined;
  onClose: () => void;
  onSent: (result: InvitationResult) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ campaign: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<InvitationResult | null>(null);
  const preview = invitationPreview(people);

  const send = async ({ campaign }: { campaign: string }) => {
    setSaving(true);
    setProblem(null);
    try {
      const sent = await outreachApi.invite(
        people.map((p) => p.id),
        campaign.trim(),
      );
      setResult(sent);
      onSent(sent);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setSaving(false);
    }
  };

  if (result) {
    return (
      <Modal
        open
        title={t('consoleCensusOutreach.invite.resultTitle')}
        onCancel={onClose}
        footer={[
          <Button key="close" type="primary" onClick={onClose} data-testid="outreach-invite-close">
            {t('common.close')}
          </Button>,
        ]}
        width={520}
      >
        <Result
          status={result.sent > 0 ? 'success' : 'warning'}
          title={<span data-testid="outreach-invite-result">{invitationSummary(result)}</span>}
          style={{ padding: '16px 0 8px' }}
        />
        {/* Who, by name (masked), under each outcome: the staff member can see whom to call instead. */}
        <Descriptions column={1} size="small" bordered data-testid="outreach-invite-people">
          {result.invited.length > 0 && (
            <Descriptions.Item label={t('consoleCensusOutreach.invite.invitedNames', { n: countText(result.invited.length) })}>
              <span data-testid="outreach-invite-invited">{namesText(result.invited)}</span>
            </Descriptions.Item>
          )}
          {skippedByReason(result.skippedPeople).map(({ reason, people: skipped }) => (
            <Descriptions.Item
              key={reason}
              label={t(`consoleCensusOutreach.invite.skippedNames.${reason}`, { n: countText(skipped.length) })}
            >
              <span data-testid="outreach-invite-skipped" data-reason={reason}>
                {namesText(skipped)}
              </span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Modal>
    );
  }

  return (
    <Modal
      open
      title={t('consoleCensusOutreach.invite.title')}
      onCancel={onClose}
      mask={{ closable: false }}
      width={560}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={saving}
          disabled={preview.reachable === 0}
          onClick={() => form.submit()}
          data-testid="outreach-invite-ok"
        >
          {t('consoleCensusOutreach.invite.ok')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('consoleCensusOutreach.invite.hint')}</Typography.Paragraph>
      <Typography.Paragraph data-testid="outreach-invite-preview">
        <Typography.Text strong>
          {t('consoleCensusOutreach.invite.preview', { n: countText(people.length), reachable: countText(preview.reachable) })}
        </Typography.Text>
        {preview.member + preview.noPhone > 0 &&
          t('consoleCensusOutreach.invite.previewSkipped', { member: countText(preview.member), noPhone: countText(preview.noPhone) })}
        <br />
        <Typography.Text type="secondary">{t('consoleCensusOutreach.invite.recentHint')}</Typography.Text>
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} className="gh-form-alert" data-testid="outreach-invite-error" />}
      <Form<{ campaign: string }>
        form={form}
        layout="vertical"
        initialValues={{ campaign: defaultCampaign(shanghaiYear(new Date()), trade) }}
        onFinish={(values) => void send(values)}
        requiredMark={false}
      >
        <Form.Item
          name="campaign"
          label={t('consoleCensusOutreach.invite.campaign')}
          extra={t('consoleCensusOutreach.invite.campaignHint')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                if (!isCampaignName(value ?? '')) throw new Error(t('consoleCensusOutreach.invite.campaignRequired'));
              },
            },
          ]}
          style={{ marginBottom: 0 }}
        >
          <Input maxLength={60} showCount data-testid="outreach-invite-campaign" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
