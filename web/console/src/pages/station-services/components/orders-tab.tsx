import { useState } from 'react';
import type { SortOrder } from 'antd/es/table/interface';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Rate, Segmented, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CheckOutlined, CloseOutlined, ReloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../../shared/format.ts';
import { i18n } from '../../../../../shared/i18n/index.ts';
import { LoadMore } from '../../../components/load-more.tsx';
import { problemText } from '../../../components/problem-text.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { useCursorList } from '../../../components/use-cursor-list.ts';
import { useSession } from '../../../session.tsx';
import { ORDER_STATUSES, stationServicesApi, type OrderPage, type OrderStatus, type StationOrder } from '../api.ts';
import { orderActions, type OrderAction } from '../rules.ts';
import { AcceptDialog } from './accept-dialog.tsx';
import { OrderDrawer } from './order-drawer.tsx';
import { StationPicker } from './station-picker.tsx';
import { CategoryTag, OrderStatusTag, SlotCell, slotText } from './words.tsx';

type Filter = OrderStatus | 'all';
const FILTERS: readonly Filter[] = [...ORDER_STATUSES, 'all'];
const isFilter = (value: string | null): value is Filter => value !== null && (FILTERS as readonly string[]).includes(value);

export function cancelTemplates(): string[] {
  const k = 'consoleStationServices.orders.cancelTemplates';
  return [i18n.t(`${k}.noAssignee`), i18n.t(`${k}.stationClosed`), i18n.t(`${k}.unreachable`)];
}

/**
 * 服务预约: the orders members placed at the subtree's stations, as a work queue by status — 待受理
 * first — with 受理 (naming who serves), 完成 and 取消 (with a reason the member is told by SMS).
 * The status and the station filter live in the address (?status=, ?station=).
 */
export function OrdersTab() {
  const { t } = useTranslation();
  const { access } = useSession();
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const filter: Filter = isFilter(statusParam) ? statusParam : 'ordered';
  const stationId = params.get('station') ?? undefined;
  const list = useCursorList<StationOrder, { status: OrderStatus | undefined; stationId: string | undefined }, OrderPage>(
    { status: filter === 'all' ? undefined : filter, stationId },
    (query, cursor) => stationServicesApi.orders(query, cursor),
  );
  // What waits is worked in the order it is due: the queue's open tabs sort by slot, soonest first
  // (among the orders loaded; the server pages newest first). Closed ones keep the newest on top.
  const defaultSort: SortOrder = filter === 'ordered' || filter === 'accepted' ? 'ascend' : null;
  const [sort, setSort] = useState<{ filter: Filter; order: SortOrder }>({ filter, order: defaultSort });
  const slotSort = sort.filter === filter ? sort.order : defaultSort;
  const [dialog, setDialog] = useState<{ action: 'accept' | 'cancel'; order: StationOrder } | null>(null);
  const [opened, setOpened] = useState<StationOrder | null>(null);

  const setQuery = (next: { status?: Filter; station?: string | undefined }) =>
    setParams(() => {
      const query = new URLSearchParams();
      const status = next.status ?? filter;
      const station = 'station' in next ? next.station : stationId;
      if (status !== 'ordered') query.set('status', status);
      if (station) query.set('station', station);
      return query;
    });

  /** An order moved on: in its status' tab it leaves the queue; under 全部 it changes in place. */
  const stepped = (order: StationOrder, text: string) => {
    list.update((o) => o.id === order.id, filter === 'all' || filter === order.status ? order : null);
    setOpened((o) => (o?.id === order.id ? order : o));
    setDialog(null);
    void message.success(text);
  };

  const complete = (order: StationOrder) =>
    modal.confirm({
      title: t('consoleStationServices.orders.completeConfirm', { service: order.service.name }),
      content: t('consoleStationServices.orders.completeHint', {
        station: order.station.name,
        slot: slotText(order.slotAt, order.service.durationMinutes),
        assignee: order.assigneeName ?? t('common.none'),
      }),
      okText: t('consoleStationServices.orders.complete'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'order-complete-ok' },
      onOk: async () => {
        try {
          stepped(await stationServicesApi.step(order.id, { action: 'complete' }), t('consoleStationServices.orders.completed'));
        } catch (error) {
          void message.error(problemText(error));
        }
      },
    });

  const act = (action: OrderAction, order: StationOrder) => {
    if (action === 'complete') complete(order);
    else setDialog({ action, order });
  };

  const actionButton = (action: OrderAction, order: StationOrder) => {
    const icon = { accept: <UserAddOutlined />, complete: <CheckOutlined />, cancel: <CloseOutlined /> }[action];
    return (
      <Button
        key={action}
        size="small"
        type={action === 'cancel' ? 'default' : 'primary'}
        ghost={action !== 'cancel'}
        danger={action === 'cancel'}
        icon={icon}
        onClick={(event) => {
          event.stopPropagation();
          act(action, order);
        }}
        data-testid={`order-${action}-${order.id}`}
      >
        {t(`consoleStationServices.orders.${action}`)}
      </Button>
    );
  };

  const k = 'consoleStationServices.orders';
  const columns: TableColumnsType<StationOrder> = [
    {
      key: 'slot',
      title: t(`${k}.slot`),
      width: 150,
      sorter: (a, b) => Date.parse(a.slotAt) - Date.parse(b.slotAt),
      sortOrder: slotSort,
      sortDirections: ['ascend', 'descend'],
      render: (_, o) => <SlotCell slotAt={o.slotAt} durationMinutes={o.service.durationMinutes} />,
    },
    {
      key: 'station',
      title: t(`${k}.station`),
      render: (_, o) => (
        <div className="gh-ss-two-lines">
          <div>{o.station.name}</div>
          <Typography.Text type="secondary" ellipsis={{ tooltip: o.station.address }} className="gh-ss-secondary">
            {o.station.address}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'service',
      title: t(`${k}.service`),
      width: 170,
      render: (_, o) => (
        <div className="gh-ss-two-lines">
          <div>{o.service.name}</div>
          <CategoryTag category={o.service.category} />
        </div>
      ),
    },
    {
      key: 'phone',
      title: t(`${k}.phone`),
      width: 130,
      render: (_, o) => <span className="gh-mono">{o.memberPhone ?? t('common.none')}</span>,
    },
    {
      key: 'note',
      title: t(`${k}.note`),
      width: 200,
      render: (_, o) =>
        o.note ? (
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: o.note }} style={{ marginBottom: 0 }}>
            {o.note}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
  ];
  if (filter === 'all') {
    columns.push({ key: 'status', title: t(`${k}.status`), width: 90, render: (_, o) => <OrderStatusTag status={o.status} /> });
  }
  if (filter === 'accepted' || filter === 'done' || filter === 'all') {
    columns.push({
      key: 'assignee',
      title: t(`${k}.assignee`),
      width: 130,
      render: (_, o) => o.assigneeName ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    });
  }
  if (filter === 'done' || filter === 'all') {
    columns.push({
      key: 'rating',
      title: t(`${k}.rating`),
      width: 150,
      render: (_, o) =>
        o.rating === null ? (
          <Typography.Text type="secondary">{o.status === 'done' ? t(`${k}.notRated`) : t('common.none')}</Typography.Text>
        ) : (
          <Tooltip title={o.ratingComment ?? undefined}>
            <span data-testid={`order-rating-${o.id}`}>
              <Rate disabled value={o.rating} className="gh-ss-rate" />
            </span>
          </Tooltip>
        ),
    });
  }
  if (filter === 'cancelled') {
    columns.push({
      key: 'cancelReason',
      title: t(`${k}.cancelReason`),
      width: 220,
      render: (_, o) =>
        o.cancelledBy === 'member' ? t(`${k}.cancelledByMember`) : t(`${k}.cancelledByStaff`, { reason: o.cancelReason ?? '' }),
    });
  }
  const timeColumn = { ordered: 'createdAt', accepted: 'acceptedAt', done: 'doneAt', cancelled: 'cancelledAt', all: 'createdAt' } as const;
  const timeKey = timeColumn[filter];
  columns.push({
    key: 'time',
    title: t(`${k}.${timeKey}`),
    width: 120,
    render: (_, o) => <span className="gh-ss-time">{formatDateTime(o[timeKey]).slice(0, 16)}</span>,
  });
  if (access.canEditStations && filter !== 'done' && filter !== 'cancelled') {
    columns.push({
      key: 'actions',
      title: t(`${k}.actions`),
      width: 170,
      fixed: 'right',
      render: (_, o) => <Space size={6}>{orderActions(o.status).map((action) => actionButton(action, o))}</Space>,
    });
  }

  return (
    <div data-testid="orders-queue">
      <div className="gh-toolbar" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Segmented<Filter>
            value={filter}
            onChange={(status) => setQuery({ status })}
            options={FILTERS.map((f) => ({
              value: f,
              label: (
                <span data-testid={`orders-filter-${f}`}>{f === 'all' ? t(`${k}.all`) : t(`consoleStationServices.orderStatus.${f}`)}</span>
              ),
            }))}
          />
          <StationPicker
            value={stationId}
            onChange={(station) => setQuery({ station })}
            allowClear
            placeholder={t('consoleStationServices.stationPicker.allStations')}
            style={{ width: 280, minWidth: 280 }}
            data-testid="orders-station"
          />
        </Space>
        <Space>
          {!list.loading && (
            <Typography.Text type="secondary" data-testid="orders-loaded">
              {t(`${k}.loaded`, { count: list.items.length })}
            </Typography.Text>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} data-testid="orders-refresh">
            {t(`${k}.refresh`)}
          </Button>
        </Space>
      </div>
      {!access.canEditStations && <Alert type="info" showIcon title={t(`${k}.readOnly`)} style={{ marginBottom: 12 }} />}
      {list.problem && <Alert type="error" showIcon title={list.problem} style={{ marginBottom: 12 }} />}
      <Table<StationOrder>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={false}
        scroll={{ x: 1100 }}
        onChange={(_, __, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          setSort({ filter, order: one?.columnKey === 'slot' ? (one.order ?? null) : null });
        }}
        rowClassName={() => 'gh-row-clickable'}
        onRow={(o) => ({ onClick: () => setOpened(o), 'data-testid': `order-row-${o.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: t(`${k}.empty.${filter}`) }}
        footer={list.hasMore ? () => <LoadMore list={list} testId="orders-load-more" /> : undefined}
      />
      {opened && (
        <OrderDrawer
          order={opened}
          actions={access.canEditStations ? orderActions(opened.status).map((action) => actionButton(action, opened)) : []}
          onClose={() => setOpened(null)}
        />
      )}
      {dialog?.action === 'accept' && (
        <AcceptDialog
          order={dialog.order}
          onClose={() => setDialog(null)}
          onDone={(order) => stepped(order, t(`${k}.accepted`, { assignee: order.assigneeName ?? '' }))}
        />
      )}
      {dialog?.action === 'cancel' && (
        <ReasonDialog
          title={t(`${k}.cancelTitle`)}
          hint={t(`${k}.cancelHint`, {
            station: dialog.order.station.name,
            service: dialog.order.service.name,
            slot: slotText(dialog.order.slotAt, dialog.order.service.durationMinutes),
          })}
          danger
          templates={cancelTemplates()}
          okText={t(`${k}.cancelOk`)}
          testId="order-cancel-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            stepped(await stationServicesApi.step(dialog.order.id, { action: 'cancel', reason }), t(`${k}.cancelled`));
          }}
        />
      )}
    </div>
  );
}
