import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText, joinMessages } from '../../../../../shared/api.ts';
import { SERVICE_CATEGORIES, stationServicesApi, type StationEvent, type StationSummary } from '../api.ts';
import {
  daysEndingIn,
  endingDigitOf,
  eventFieldOf,
  newEventValues,
  nextDays,
  recurrenceOf,
  REPEATS,
  shanghaiDay,
  toEventBody,
  type EventFormValues,
} from '../rules.ts';
import { dayText, weekdayName } from './words.tsx';

const day = {
  getValueProps: (value: string | null | undefined) => ({ value: value ? dayjs(value) : null }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : null),
};
const time = {
  getValueProps: (value: string | null | undefined) => ({ value: value ? dayjs(`2000-01-01T${value}`) : null }),
  normalize: (value: Dayjs | null) => (value ? value.format('HH:mm') : null),
};

const DIGITS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0] as const;
const MONTH_DAYS = Array.from({ length: 31 }, (_, i) => i + 1);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * 安排服务日或活动 at one station: a service day on every date ending in a digit (温州's 逢 7 is one
 * click), on chosen dates of the month, weekly, or once; its hours and places; and the next dates it
 * falls on, said before it is saved.
 */
export function EventForm({
  station,
  onCreated,
  onClose,
}: {
  station: Pick<StationSummary, 'id' | 'name'>;
  onCreated: (event: StationEvent) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EventFormValues>();
  const today = shanghaiDay(new Date());
  const initial = useMemo(() => newEventValues(today), [today]);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ title: string; items: string[] } | null>(null);
  const k = 'consoleStationServices.eventForm';

  const kind = Form.useWatch('kind', form) ?? initial.kind;
  const repeat = Form.useWatch('repeat', form) ?? initial.repeat;
  const monthDays = Form.useWatch('monthDays', form) ?? initial.monthDays;
  const weekdays = Form.useWatch('weekdays', form) ?? initial.weekdays;
  const fromDay = Form.useWatch('fromDay', form) ?? initial.fromDay;
  const untilDay = Form.useWatch('untilDay', form) ?? null;
  const digit = endingDigitOf(monthDays);

  const preview = useMemo(() => {
    const recurrence = recurrenceOf({ repeat, monthDays, weekdays });
    if (recurrence && (recurrence.kind === 'month_days' ? recurrence.days : recurrence.weekdays).length === 0) return null;
    if (!fromDay) return null;
    return nextDays({ recurrence, fromDay, untilDay: recurrence ? untilDay : null }, today, 6);
  }, [repeat, monthDays, weekdays, fromDay, untilDay, today]);

  const submit = async (values: EventFormValues) => {
    setSaving(true);
    setProblem(null);
    try {
      onCreated(await stationServicesApi.createEvent(station.id, toEventBody({ ...initial, ...values })));
    } catch (error) {
      // stations.event_invalid and common.validation_failed name the fields: each message under its box.
      const byField = new Map<keyof EventFormValues, string[]>();
      const rest: string[] = [];
      for (const item of error instanceof ApiError ? error.errors : []) {
        const field = eventFieldOf(item.field, repeat);
        if (field) byField.set(field, [...(byField.get(field) ?? []), item.message]);
        else rest.push(item.message);
      }
      form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
      setProblem({ title: errorText(error), items: rest });
    } finally {
      setSaving(false);
    }
  };

  const previewText = () => {
    if (preview === null) return null;
    if (preview.length === 0) return <Alert type="warning" showIcon title={t(`${k}.previewNone`)} data-testid="event-preview" />;
    const separator = t('consoleStationServices.repeat.daySeparator');
    const days = preview.slice(0, 5).map(dayText).join(separator);
    return (
      <Alert
        type="info"
        showIcon
        title={t(`${k}.preview`, { days: preview.length > 5 ? t(`${k}.previewMore`, { days }) : days })}
        data-testid="event-preview"
      />
    );
  };

  return (
    <Modal
      open
      title={t(`${k}.title`)}
      onCancel={onClose}
      mask={{ closable: false }}
      width={720}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={saving} onClick={() => form.submit()} data-testid="event-form-submit">
          {t(`${k}.submit`)}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t(`${k}.station`, { name: station.name })}</Typography.Paragraph>
      {problem && (
        <Alert
          type="error"
          showIcon
          className="gh-form-alert"
          title={problem.title}
          description={problem.items.length > 0 ? joinMessages(problem.items) : undefined}
          data-testid="event-form-error"
        />
      )}
      <Form<EventFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<EventFormValues>) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof EventFormValues, errors: [] })))
        }
        data-testid="event-form"
      >
        <div className="gh-ss-form-row">
          <Form.Item name="kind" label={t(`${k}.kind`)}>
            <Radio.Group
              optionType="button"
              options={(['service_day', 'event'] as const).map((value) => ({
                value,
                label: <span data-testid={`event-kind-${value}`}>{t(`consoleStationServices.events.kindTag.${value}`)}</span>,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t(`${k}.name`)}
            rules={[
              { required: true, whitespace: true, message: t(`${k}.nameRequired`) },
              { min: 2, max: 60, message: t(`${k}.nameLength`) },
            ]}
            style={{ flex: 2 }}
          >
            <Input maxLength={60} placeholder={t(`${k}.namePlaceholder.${kind}`)} data-testid="event-title" />
          </Form.Item>
        </div>
        <Form.Item
          name="topics"
          label={t(`${k}.topics`)}
          extra={t(`${k}.topicsHint`)}
          rules={[
            {
              validator: async (_, value: string[] | undefined) => {
                if ((value ?? []).length > 10) throw new Error(t(`${k}.topicsTooMany`));
                if ((value ?? []).some((topic) => topic.trim().length > 20)) throw new Error(t(`${k}.topicTooLong`));
              },
            },
          ]}
        >
          <Select<string[]>
            mode="tags"
            placeholder={t(`${k}.topicsPlaceholder`)}
            options={SERVICE_CATEGORIES.filter((c) => c !== 'other').map((c) => ({
              value: t(`consoleStationServices.category.${c}`),
              label: t(`consoleStationServices.category.${c}`),
            }))}
            tokenSeparators={[',', '，', '、']}
            data-testid="event-topics"
          />
        </Form.Item>
        <Form.Item name="repeat" label={t(`${k}.repeat`)}>
          <Radio.Group
            options={REPEATS.map((value) => ({
              value,
              label: <span data-testid={`event-repeat-${value}`}>{t(`${k}.repeatOption.${value}`)}</span>,
            }))}
          />
        </Form.Item>
        {repeat === 'month_days' && (
          <div className="gh-ss-month-days">
            <div className="gh-ss-digits">
              <Typography.Text type="secondary">{t(`${k}.quickDigit`)}</Typography.Text>
              <Space size={4} wrap>
                {DIGITS.map((d) => (
                  <Button
                    key={d}
                    size="small"
                    type={digit === d ? 'primary' : 'default'}
                    onClick={() => form.setFieldsValue({ monthDays: daysEndingIn(d) })}
                    data-testid={`event-digit-${d}`}
                  >
                    {t(`${k}.digit`, { digit: d })}
                  </Button>
                ))}
              </Space>
            </div>
            <Form.Item
              name="monthDays"
              label={t(`${k}.monthDays`)}
              extra={monthDays.includes(31) ? t(`${k}.monthDaysNote`) : t(`${k}.quickDigitHint`)}
              rules={[{ required: true, type: 'array', min: 1, message: t(`${k}.monthDaysRequired`) }]}
            >
              <Checkbox.Group className="gh-ss-day-grid" options={MONTH_DAYS.map((d) => ({ value: d, label: String(d) }))} />
            </Form.Item>
          </div>
        )}
        {repeat === 'weekdays' && (
          <Form.Item
            name="weekdays"
            label={t(`${k}.weekdays`)}
            rules={[{ required: true, type: 'array', min: 1, message: t(`${k}.weekdaysRequired`) }]}
          >
            <Checkbox.Group
              options={WEEKDAYS.map((d) => ({ value: d, label: <span data-testid={`event-weekday-${d}`}>{weekdayName(d)}</span> }))}
            />
          </Form.Item>
        )}
        <div className="gh-ss-form-row">
          <Form.Item
            name="fromDay"
            label={t(repeat === 'once' ? `${k}.onDay` : `${k}.fromDay`)}
            rules={[{ required: true, message: t(`${k}.fromDayRequired`) }]}
            {...day}
          >
            <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="event-from" />
          </Form.Item>
          {repeat !== 'once' && (
            <Form.Item
              name="untilDay"
              label={t(`${k}.untilDay`)}
              extra={t(`${k}.untilDayHint`)}
              dependencies={['fromDay']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_, value: string | null | undefined) => {
                    const start = getFieldValue('fromDay') as string | undefined;
                    if (value && start && value < start) throw new Error(t(`${k}.untilBeforeFrom`));
                  },
                }),
              ]}
              {...day}
            >
              <DatePicker style={{ width: '100%' }} data-testid="event-until" />
            </Form.Item>
          )}
        </div>
        <div className="gh-ss-preview">{previewText()}</div>
        <div className="gh-ss-form-row">
          <Form.Item name="starts" label={t(`${k}.starts`)} rules={[{ required: true, message: t(`${k}.timeRequired`) }]} {...time}>
            <TimePicker
              format="HH:mm"
              minuteStep={5}
              needConfirm={false}
              allowClear={false}
              style={{ width: '100%' }}
              data-testid="event-starts"
            />
          </Form.Item>
          <Form.Item
            name="ends"
            label={t(`${k}.ends`)}
            dependencies={['starts']}
            rules={[
              { required: true, message: t(`${k}.timeRequired`) },
              ({ getFieldValue }) => ({
                validator: async (_, value: string | undefined) => {
                  const starts = getFieldValue('starts') as string | undefined;
                  if (value && starts && value <= starts) throw new Error(t(`${k}.endsBeforeStarts`));
                },
              }),
            ]}
            {...time}
          >
            <TimePicker
              format="HH:mm"
              minuteStep={5}
              needConfirm={false}
              allowClear={false}
              style={{ width: '100%' }}
              data-testid="event-ends"
            />
          </Form.Item>
          <Form.Item name="capacity" label={t(`${k}.capacity`)} extra={t(`${k}.capacityHint`)}>
            <InputNumber
              min={1}
              max={10_000}
              precision={0}
              placeholder={t(`${k}.capacityPlaceholder`)}
              suffix={t(`${k}.capacitySuffix`)}
              style={{ width: '100%' }}
              data-testid="event-capacity"
            />
          </Form.Item>
        </div>
        <Form.Item name="description" label={t(`${k}.description`)}>
          <Input.TextArea rows={2} maxLength={1000} showCount data-testid="event-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
