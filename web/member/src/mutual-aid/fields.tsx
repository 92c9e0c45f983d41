import { useState } from 'react';
import { DatePicker, Selector, type InputProps } from 'antd-mobile';
import { CloseCircleFill, DownOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { TestInput } from '../components/test-input.tsx';
import { dayOf } from './rules.ts';

/** A number typed with its unit (元) beside it. */
export function UnitInput({ unit, ...props }: InputProps & { unit: string; testId: string }) {
  return (
    <div className="gh-ma-unit-input">
      <TestInput {...props} />
      <span className="gh-ma-unit">{unit}</span>
    </div>
  );
}

/** A calendar day picked on wheels between `min` and `max`; the form holds the picked Date (or null when cleared). */
export function DayField({
  value,
  onChange,
  min,
  max,
  clearable,
  testId,
}: {
  value?: Date | null | undefined;
  onChange?: (value: Date | null) => void;
  min: Date;
  max: Date;
  clearable?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const text = value ? dayOf(value) : null;
  return (
    <div className="gh-ma-day">
      <button type="button" className="gh-picker-trigger" onClick={() => setOpen(true)} data-testid={testId} data-value={text ?? ''}>
        <span className={text ? 'gh-picker-value' : 'gh-picker-placeholder'}>{text ?? t('memberMutualAid.claim.pickDay')}</span>
        <DownOutline className="gh-picker-arrow" />
      </button>
      {clearable && value && (
        <button
          type="button"
          className="gh-ma-day-clear"
          aria-label={t('memberMutualAid.claim.clearDay')}
          onClick={() => onChange?.(null)}
          data-testid={`${testId}-clear`}
        >
          <CloseCircleFill />
        </button>
      )}
      <DatePicker
        visible={open}
        title={t('memberMutualAid.claim.pickerTitle')}
        precision="day"
        min={min}
        max={max}
        defaultValue={max}
        {...(value ? { value } : {})}
        onClose={() => setOpen(false)}
        onConfirm={(picked) => onChange?.(picked)}
        renderLabel={(type, n) =>
          type === 'year' || type === 'month' || type === 'day' ? t(`memberMutualAid.claim.pickerLabel.${type}`, { n }) : String(n)
        }
        confirmText={t('common.confirm')}
        cancelText={t('common.cancel')}
      />
    </div>
  );
}

/** A day (YYYY-MM-DD) as the picker's local midnight. */
export function localDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

/** Chips for one choice among a few: a Form.Item's value is the choice, not a list. */
export function SingleChoice<T extends string | number>({
  value,
  onChange,
  options,
  columns,
  testId,
}: {
  value?: T | undefined;
  onChange?: (value: T) => void;
  options: { value: T; label: string }[];
  columns: number;
  testId: string;
}) {
  return (
    <Selector
      className="gh-trades gh-ma-choice"
      columns={columns}
      options={options}
      value={value !== undefined ? [value] : []}
      onChange={(next) => {
        const picked = next[0];
        if (picked !== undefined) onChange?.(picked);
      }}
      data-testid={testId}
    />
  );
}
