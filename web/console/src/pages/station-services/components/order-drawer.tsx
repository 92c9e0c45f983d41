import type { ReactNode } from 'react';
import { Descriptions, Drawer, Rate, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../../shared/format.ts';
import type { StationOrder } from '../api.ts';
import { CategoryTag, OrderStatusTag, slotText } from './words.tsx';

/** One order in full: where, what, when, who asked and what they wrote, and each step it went through. */
export function OrderDrawer({ order, actions, onClose }: { order: StationOrder; actions: ReactNode[]; onClose: () => void }) {
  const { t } = useTranslation();
  const k = 'consoleStationServices.detail';
  const steps: { key: string; color: string; at: string; text: string }[] = [
    { key: 'ordered', color: 'gray', at: order.createdAt, text: t(`${k}.ordered`) },
  ];
  if (order.acceptedAt) {
    steps.push({ key: 'accepted', color: 'blue', at: order.acceptedAt, text: t(`${k}.accepted`, { assignee: order.assigneeName ?? '' }) });
  }
  if (order.doneAt) steps.push({ key: 'done', color: 'green', at: order.doneAt, text: t(`${k}.done`) });
  if (order.cancelledAt) {
    steps.push({
      key: 'cancelled',
      color: 'red',
      at: order.cancelledAt,
      text: order.cancelledBy === 'member' ? t(`${k}.cancelledByMember`) : t(`${k}.cancelledByStaff`, { reason: order.cancelReason ?? '' }),
    });
  }

  return (
    <Drawer
      open
      size={520}
      onClose={onClose}
      title={
        <Space size={8}>
          <span>{t(`${k}.title`)}</span>
          <OrderStatusTag status={order.status} />
        </Space>
      }
      footer={actions.length > 0 ? <Space>{actions}</Space> : undefined}
      data-testid="order-drawer"
    >
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }}>
        <Descriptions.Item label={t('consoleStationServices.orders.service')}>
          <Space size={6}>
            {order.service.name}
            <CategoryTag category={order.service.category} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('consoleStationServices.orders.slot')}>
          {slotText(order.slotAt, order.service.durationMinutes)}
        </Descriptions.Item>
        <Descriptions.Item label={t('consoleStationServices.orders.station')}>
          <div>{order.station.name}</div>
          <Typography.Text type="secondary">{order.station.address}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('consoleStationServices.orders.phone')}>
          <span className="gh-mono">{order.memberPhone ?? t('common.none')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('consoleStationServices.orders.note')}>
          {order.note ?? <Typography.Text type="secondary">{t(`${k}.noNote`)}</Typography.Text>}
        </Descriptions.Item>
        {order.assigneeName && (
          <Descriptions.Item label={t('consoleStationServices.orders.assignee')}>{order.assigneeName}</Descriptions.Item>
        )}
        {order.rating !== null && (
          <Descriptions.Item label={t('consoleStationServices.orders.rating')}>
            <Rate disabled value={order.rating} className="gh-ss-rate" />
            {order.ratingComment && <div>{order.ratingComment}</div>}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t(`${k}.timeline`)}
      </Typography.Title>
      <Timeline
        items={steps.map((step) => ({
          key: step.key,
          color: step.color,
          content: (
            <>
              <div>{step.text}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(step.at)}
              </Typography.Text>
            </>
          ),
        }))}
      />
    </Drawer>
  );
}
