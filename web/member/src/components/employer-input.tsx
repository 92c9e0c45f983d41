import { useEffect, useRef, useState } from 'react';
import { Tag } from 'antd-mobile';
import { CheckCircleFill } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { membershipApi, type EmployerUnion } from '../membership/api.ts';
import { TestInput } from './test-input.tsx';

const DEBOUNCE_MS = 250;
const SHOWN = 6;

interface EmployerInputProps {
  value?: string | undefined;
  onChange?: (name: string) => void;
  /** A union from the list was tapped: the form fills in its credit code too. */
  onPick: (employer: EmployerUnion | null) => void;
  /** The credit code the form holds now: marks the name as "has its own union" when it came from the list. */
  pickedUscc: string | undefined;
  testId: string;
}

/**
 * The employer or platform: type any name, or tap one of the employers that have their own union
 * (then the worker joins that union directly, and its credit code is filled in).
 */
export function EmployerInput({ value, onChange, onPick, pickedUscc, testId }: EmployerInputProps) {
  const { t } = useTranslation();
  const [focused, setFocused] = useState(false);
  const [items, setItems] = useState<EmployerUnion[]>([]);
  const [picked, setPicked] = useState<EmployerUnion | null>(null);
  const blurTimer = useRef<number | undefined>(undefined);
  const query = (value ?? '').trim();

  useEffect(() => {
    if (!focused) return undefined;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      membershipApi
        .employers(query, controller.signal)
        .then((result) => setItems(result.items))
        // The list is a convenience: without it the worker still types the name.
        .catch(() => setItems([]));
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [focused, query]);

  useEffect(() => () => window.clearTimeout(blurTimer.current), []);

  const pick = (employer: EmployerUnion) => {
    setPicked(employer);
    onChange?.(employer.employerName);
    onPick(employer);
    setFocused(false);
  };

  const type = (next: string) => {
    onChange?.(next);
    // Editing the name of a picked union: it is no longer that union, drop its credit code.
    if (picked && next.trim() !== picked.employerName) {
      setPicked(null);
      onPick(null);
    }
  };

  const hasUnion = picked !== null && picked.uscc === pickedUscc && picked.employerName === query;
  const shown = items.filter((e) => e.employerName !== query || !hasUnion).slice(0, SHOWN);

  return (
    <div className="gh-employer">
      <TestInput
        value={value ?? ''}
        onChange={type}
        onFocus={() => {
          window.clearTimeout(blurTimer.current);
          setFocused(true);
        }}
        // Late, so a tap on a suggestion lands before the list goes away.
        onBlur={() => {
          blurTimer.current = window.setTimeout(() => setFocused(false), 200);
        }}
        clearable
        maxLength={100}
        placeholder={t('memberMembership.workPlace.employerPlaceholder')}
        testId={testId}
      />
      {hasUnion && (
        <Tag color="success" fill="outline" className="gh-employer-tag" data-testid={`${testId}-has-union`}>
          <CheckCircleFill /> {t('memberMembership.workPlace.employerHasUnion')}
        </Tag>
      )}
      {focused && shown.length > 0 && (
        <ul className="gh-suggestions" role="listbox" onMouseDown={(e) => e.preventDefault()}>
          <li className="gh-suggestions-title">{t('memberMembership.workPlace.employerSuggestions')}</li>
          {shown.map((employer) => (
            <li key={employer.orgId} role="option" aria-selected={false}>
              <button type="button" onClick={() => pick(employer)} data-testid={`${testId}-option`}>
                {employer.employerName}
                <span className="gh-suggestion-union">{employer.unionName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
