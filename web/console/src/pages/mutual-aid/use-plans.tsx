import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../shared/api.ts';
import { mutualAidApi, type Plan } from './api.ts';

/** The plans the staff member sees (their subtree's and those above covering it), oldest first as the server lists them. */
export function usePlans() {
  const [plans, setPlans] = useState<Plan[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(async () => {
    setProblem(null);
    try {
      setPlans((await mutualAidApi.plans()).items);
    } catch (error) {
      setProblem(errorText(error));
      setPlans((previous) => previous ?? []);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { plans, problem, reload };
}

/**
 * The plan chosen on the page, kept in the address (?plan=) so that it stays chosen from tab to tab and
 * in a bookmark; the first plan until one is chosen (when `fallback` says so).
 */
export function useChosenPlan(plans: readonly Plan[] | null, fallback = true): [Plan | null, (planId: string | undefined) => void] {
  const [search, setSearch] = useSearchParams();
  const chosenId = search.get('plan');
  const plan = plans?.find((p) => p.id === chosenId) ?? (fallback ? (plans?.[0] ?? null) : null);
  const choose = useCallback(
    (planId: string | undefined) =>
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (planId) next.set('plan', planId);
          else next.delete('plan');
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );
  return [plan, choose];
}

/** A select of the plans, each named with its union. */
export function PlanSelect({
  plans,
  value,
  onChange,
  allowClear,
  placeholder,
  testId,
  width = 320,
}: {
  plans: readonly Plan[] | null;
  value: string | undefined;
  onChange: (planId: string | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
  testId: string;
  width?: number;
}) {
  const { t } = useTranslation();
  return (
    <Select<string>
      style={{ width }}
      value={value}
      onChange={(id) => onChange(id)}
      allowClear={allowClear}
      loading={plans === null}
      placeholder={placeholder ?? t('consoleMutualAid.planSelect.placeholder')}
      notFoundContent={t('consoleMutualAid.planSelect.none')}
      options={(plans ?? []).map((p) => ({
        value: p.id,
        title: p.name,
        label: t('consoleMutualAid.planSelect.option', { name: p.name, org: p.orgName }),
      }))}
      data-testid={testId}
    />
  );
}
