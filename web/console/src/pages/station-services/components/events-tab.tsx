import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Empty, Progress, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, QrcodeOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { problemText } from '../../../components/problem-text.ts';
import { ReasonDialog } from '../../../components/reason-dialog.tsx';
import { useSession } from '../../../session.tsx';
import { stationServicesApi, type EventDay, type StationEvent, type StationSummary } from '../api.ts';
import { addDays, shanghaiDay, takenPercent } from '../rules.ts';
import { EventForm } from './event-form.tsx';
import { StationPicker } from './station-picker.tsx';
import { dayText, repeatText, spanText } from './words.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 服务日与活动: one station's service days and events over a span (the next 30 days by default), each
 * day with its places taken; 安排 a new one (逢 7, weekly or once) and 取消 one with a reason. The
 * station and the span live in the address (?station=, ?from=, ?to=).
 */
export function EventsTab() {
  const { t } = useTranslation();
  const { access } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const stationId = params.get('station') ?? undefined;
  const today = shanghaiDay(new Date());
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const from = fromParam && DAY.test(fromParam) ? fromParam : today;
  const to = toParam && DAY.test(toParam) ? toParam : addDays(today, 30);
  const [station, setStation] = useState<StationSummary | null>(null);
  const [days, setDays] = useState<EventDay[]>([]);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState<EventDay | null>(null);
  const seq = useRef(0);
  const k = 'consoleStationServices.events';

  const go = (next: { station?: string | undefined; from?: string; to?: string }) =>
    setParams(() => {
      const query = new URLSearchParams();
      const s = 'station' in next ? next.station : stationId;
      if (s) query.set('station', s);
      const f = next.from ?? from;
      const e = next.to ?? to;
      if (f !== today || e !== addDays(today, 30)) {
        query.set('from', f);
        query.set('to', e);
      }
      return query;
    });

  const load = useCallback(async () => {
    const mine = ++seq.current;
    if (!stationId) {
      setDays([]);
      setStation(null);
      return;
    }
    setLoading(true);
    setProblem(null);
    try {
      const [found, listed] = await Promise.all([
        stationServicesApi.station(stationId),
        stationServicesApi.events(stationId, { from, to }),
      ]);
      if (mine !== seq.current) return;
      setStation(found);
      setDays(listed.items);
    } catch (error) {
      if (mine !== seq.current) return;
      setDays([]);
      setProblem(problemText(error));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [stationId, from, to]);

  useEffect(() => {
    void load();
  }, [load]);

  const eventCount = useMemo(() => new Set(days.map((d) => d.event.id)).size, [days]);

  const placesCell = (d: EventDay) => {
    const percent = takenPercent(d.taken, d.event.capacity);
    if (percent === null) return <span>{t(`${k}.placesUnlimited`, { taken: d.taken })}</span>;
    return (
      <div className="gh-ss-places" data-testid={`event-places-${d.event.id}-${d.day}`}>
        <span>{t(`${k}.placesOf`, { taken: d.taken, capacity: d.event.capacity ?? 0 })}</span>
        <Progress percent={percent} size="small" showInfo={false} status={percent >= 100 ? 'exception' : 'normal'} />
      </div>
    );
  };

  const repeatCell = (event: StationEvent) =>
    `${repeatText(event.recurrence)}${event.recurrence && event.untilDay ? t('consoleStationServices.repeat.until', { day: event.untilDay }) : ''}`;

  return (
    <div data-testid="events-page">
      <div className="gh-toolbar" style={{ marginBottom: 12 }}>
        <Space wrap>
          <StationPicker value={stationId} onChange={(id) => go({ station: id })} style={{ width: 360 }} data-testid="events-station" />
          <DatePicker.RangePicker
            value={[dayjs(from), dayjs(to)]}
            allowClear={false}
            onChange={(value) => {
              if (value?.[0] && value[1]) go({ from: value[0].format('YYYY-MM-DD'), to: value[1].format('YYYY-MM-DD') });
            }}
            data-testid="events-range"
          />
          <Button icon={<ReloadOutlined />} onClick={() => void load()} disabled={!stationId} data-testid="events-refresh">
            {t(`${k}.refresh`)}
          </Button>
        </Space>
      </div>
      {!stationId ? (
        <Card>
          <Empty description={t(`${k}.pickStationHint`)} data-testid="events-pick-station" />
        </Card>
      ) : (
        <>
          {station && (
            <Card size="small" style={{ marginBottom: 12 }} data-testid="events-station-card">
              <div className="gh-toolbar" style={{ marginBottom: 0 }}>
                <Space orientation="vertical" size={0}>
                  <Space size={8}>
                    <Typography.Text strong style={{ fontSize: 16 }}>
                      {station.name}
                    </Typography.Text>
                    {station.status !== 'open' && <Tag color="orange">{t(`consoleStationServices.stationStatus.${station.status}`)}</Tag>}
                  </Space>
                  <Typography.Text type="secondary">{station.address}</Typography.Text>
                </Space>
                <Space>
                  <Button
                    icon={<QrcodeOutlined />}
                    onClick={() => void navigate(`/station-services/check-in/${station.id}`)}
                    data-testid="events-check-in"
                  >
                    {t(`${k}.checkIn`)}
                  </Button>
                  {access.canEditStations && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="events-new">
                      {t(`${k}.new`)}
                    </Button>
                  )}
                </Space>
              </div>
              {station.status !== 'open' && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginTop: 12 }}
                  title={t(`${k}.stationNotOpen`, { status: t(`consoleStationServices.stationStatus.${station.status}`) })}
                />
              )}
            </Card>
          )}
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
          <Table<EventDay>
            rowKey={(d) => `${d.event.id}|${d.day}`}
            size="middle"
            loading={loading}
            dataSource={days}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: t(`${k}.empty`) }}
            rowClassName={(d) => (d.event.status === 'cancelled' ? 'gh-ss-inactive' : '')}
            onRow={(d) => ({ 'data-testid': `event-day-${d.event.id}-${d.day}` }) as React.HTMLAttributes<HTMLElement>}
            title={() =>
              days.length > 0 ? (
                <Typography.Text type="secondary">{t(`${k}.total`, { days: days.length, events: eventCount })}</Typography.Text>
              ) : null
            }
            columns={[
              { key: 'day', title: t(`${k}.day`), width: 140, render: (_, d) => <span className="gh-ss-time">{dayText(d.day)}</span> },
              {
                key: 'time',
                title: t(`${k}.time`),
                width: 110,
                render: (_, d) => <span className="gh-ss-time">{spanText(d.event.starts, d.event.ends)}</span>,
              },
              {
                key: 'kind',
                title: t(`${k}.kind`),
                width: 80,
                render: (_, d) => (
                  <Tag color={d.event.kind === 'service_day' ? 'geekblue' : 'magenta'} bordered={false}>
                    {t(`${k}.kindTag.${d.event.kind}`)}
                  </Tag>
                ),
              },
              {
                key: 'title',
                title: t(`${k}.title`),
                render: (_, d) => (
                  <div>
                    <div>{d.event.title}</div>
                    {d.event.topics.length > 0 && (
                      <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
                        {d.event.topics.map((topic) => (
                          <Tag key={topic} bordered={false} style={{ marginInlineEnd: 0 }}>
                            {topic}
                          </Tag>
                        ))}
                      </Space>
                    )}
                  </div>
                ),
              },
              { key: 'places', title: t(`${k}.places`), width: 150, render: (_, d) => placesCell(d) },
              { key: 'repeat', title: t(`${k}.repeat`), width: 170, render: (_, d) => repeatCell(d.event) },
              {
                key: 'status',
                title: t(`${k}.status`),
                width: 80,
                render: (_, d) => (
                  <Tag color={d.event.status === 'scheduled' ? 'green' : 'default'} bordered={false}>
                    {t(`${k}.eventStatus.${d.event.status}`)}
                  </Tag>
                ),
              },
              ...(access.canEditStations
                ? [
                    {
                      key: 'actions',
                      title: t(`${k}.actions`),
                      width: 80,
                      render: (_: unknown, d: EventDay) =>
                        d.event.status === 'scheduled' ? (
                          <Button
                            type="link"
                            size="small"
                            danger
                            onClick={() => setCancelling(d)}
                            data-testid={`event-cancel-${d.event.id}`}
                          >
                            {t(`${k}.cancel`)}
                          </Button>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
      {creating && station && (
        <EventForm
          station={station}
          onClose={() => setCreating(false)}
          onCreated={(event) => {
            setCreating(false);
            void message.success(t('consoleStationServices.eventForm.created', { title: event.title }));
            void load();
          }}
        />
      )}
      {cancelling && (
        <ReasonDialog
          title={t(`${k}.cancelTitle`, { title: cancelling.event.title })}
          hint={
            cancelling.event.recurrence
              ? t(`${k}.cancelHintRecurring`, { repeat: repeatText(cancelling.event.recurrence) })
              : t(`${k}.cancelHintOnce`, { day: cancelling.day })
          }
          danger
          okText={t(`${k}.cancelOk`)}
          testId="event-cancel-reason"
          onClose={() => setCancelling(null)}
          onSubmit={async (reason) => {
            const cancelled = await stationServicesApi.cancelEvent(cancelling.event.id, reason);
            setCancelling(null);
            void message.success(t(`${k}.cancelled`, { title: cancelled.title }));
            void load();
          }}
        />
      )}
    </div>
  );
}
