import { Button, Input, Radio, Space, Switch, Tag, Typography } from 'antd';
import { CopyOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  copyDayToAll,
  DEFAULT_HOURS,
  normaliseTime,
  weekdayName,
  withSameEveryDay,
  WEEKDAYS,
  type HoursValue,
  type Opening,
  type Weekday,
} from '../rules.ts';

export interface HoursEditorProps {
  value?: HoursValue;
  onChange?: (value: HoursValue) => void;
  /** Prefix of the data-testids of its controls. */
  testId: string;
}

/**
 * A station's (or an amenity's) week: 24 小时, the same spans every day, or spans per weekday (a day
 * without any is closed). Times are typed as staff type them ("8:00", "800") and written HH:MM; a
 * span ending before it starts runs past midnight.
 */
export function HoursEditor({ value = DEFAULT_HOURS, onChange, testId }: HoursEditorProps) {
  const { t } = useTranslation();
  const set = (next: HoursValue) => onChange?.(next);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid={testId}>
      <Space size={16} wrap>
        <Space size={8}>
          <Switch checked={value.alwaysOpen} onChange={(alwaysOpen) => set({ ...value, alwaysOpen })} data-testid={`${testId}-always`} />
          <span>{t('consoleStations.hoursEditor.alwaysOpen')}</span>
        </Space>
        {!value.alwaysOpen && (
          <Radio.Group
            optionType="button"
            size="small"
            value={value.sameEveryDay ? 'same' : 'weekday'}
            onChange={(e) => set(withSameEveryDay(value, e.target.value === 'same'))}
            options={[
              { value: 'same', label: <span data-testid={`${testId}-same`}>{t('consoleStations.hoursEditor.sameEveryDay')}</span> },
              { value: 'weekday', label: <span data-testid={`${testId}-weekday`}>{t('consoleStations.hoursEditor.byWeekday')}</span> },
            ]}
          />
        )}
      </Space>
      {!value.alwaysOpen && value.sameEveryDay && (
        <Spans openings={value.everyDay} onChange={(everyDay) => set({ ...value, everyDay })} testId={`${testId}-every`} />
      )}
      {!value.alwaysOpen && !value.sameEveryDay && (
        <div>
          {WEEKDAYS.map((day) => (
            <div
              key={day}
              style={{ display: 'flex', alignItems: 'flex-start', gap: 12, padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}
            >
              <Typography.Text strong style={{ width: 40, lineHeight: '32px', flex: 'none' }}>
                {weekdayName(day)}
              </Typography.Text>
              <div style={{ flex: 1 }}>
                <Spans
                  openings={value.days[day]}
                  onChange={(openings) => set({ ...value, days: { ...value.days, [day]: openings } })}
                  testId={`${testId}-day-${day}`}
                  emptyLabel={t('consoleStations.hoursEditor.closedDay')}
                />
              </div>
              <Button
                type="link"
                size="small"
                icon={<CopyOutlined />}
                style={{ marginTop: 4 }}
                onClick={() => set(copyDayToAll(value, day as Weekday))}
                data-testid={`${testId}-copy-${day}`}
              >
                {t('consoleStations.hoursEditor.copyToAll')}
              </Button>
            </div>
          ))}
        </div>
      )}
      {!value.alwaysOpen && <Typography.Text type="secondary">{t('consoleStations.hoursEditor.overnightHint')}</Typography.Text>}
    </Space>
  );
}

/** One day's spans, each a pair of typed times; 添加时段 for a split day. */
function Spans({
  openings,
  onChange,
  testId,
  emptyLabel,
}: {
  openings: Opening[];
  onChange: (openings: Opening[]) => void;
  testId: string;
  emptyLabel?: string;
}) {
  const { t } = useTranslation();
  const put = (i: number, part: Partial<Opening>) => onChange(openings.map((o, j) => (j === i ? { ...o, ...part } : o)));
  return (
    <Space size={[12, 8]} wrap>
      {openings.length === 0 && emptyLabel && <Tag>{emptyLabel}</Tag>}
      {openings.map((opening, i) => (
        <Space.Compact key={i}>
          <Input
            style={{ width: 78 }}
            maxLength={5}
            placeholder="08:00"
            aria-label={t('consoleStations.hoursEditor.opens')}
            value={opening.opens}
            onChange={(e) => put(i, { opens: e.target.value })}
            onBlur={(e) => put(i, { opens: normaliseTime(e.target.value) })}
            data-testid={`${testId}-${i}-opens`}
          />
          <Space.Addon>–</Space.Addon>
          <Input
            style={{ width: 78 }}
            maxLength={5}
            placeholder="20:00"
            aria-label={t('consoleStations.hoursEditor.closes')}
            value={opening.closes}
            onChange={(e) => put(i, { closes: e.target.value })}
            onBlur={(e) => put(i, { closes: normaliseTime(e.target.value) })}
            data-testid={`${testId}-${i}-closes`}
          />
          <Button
            icon={<DeleteOutlined />}
            aria-label={t('consoleStations.hoursEditor.removeSpan')}
            onClick={() => onChange(openings.filter((_, j) => j !== i))}
            data-testid={`${testId}-${i}-remove`}
          />
        </Space.Compact>
      ))}
      {openings.length < 4 && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() => onChange([...openings, { opens: '', closes: '' }])}
          data-testid={`${testId}-add`}
        >
          {t('consoleStations.hoursEditor.addSpan')}
        </Button>
      )}
    </Space>
  );
}
