import { useEffect, useState } from 'react';
import { DotLoading } from 'antd-mobile';
import { InformationCircleOutline, TeamOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../shared/api.ts';
import { resolveRegionPath } from '../../../shared/regions.ts';
import { membershipApi, type Placement } from '../membership/api.ts';
import { isStreetCode, type Trade } from '../membership/rules.ts';

const DEBOUNCE_MS = 300;

export type PlacementState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; placement: Placement; areaName: string }
  | { state: 'no-union'; message: string }
  | { state: 'error'; message: string };

/**
 * Asks the server where the worker would be placed for a trade and street (and the employer's credit
 * code), whenever those change. The server answers with the same rule it applies on submission.
 */
export function usePlacement(
  trade: Trade | undefined,
  workRegionCode: string | undefined,
  employerUscc: string | undefined,
): PlacementState {
  const [placement, setPlacement] = useState<PlacementState>({ state: 'idle' });

  useEffect(() => {
    if (!trade || !isStreetCode(workRegionCode)) {
      setPlacement({ state: 'idle' });
      return undefined;
    }
    let cancelled = false;
    setPlacement({ state: 'loading' });
    const timer = window.setTimeout(() => {
      membershipApi
        .placement({ trade, workRegionCode, ...(employerUscc ? { employerUscc } : {}) })
        .then(async (result) => {
          const path = await resolveRegionPath(result.matchedRegionCode).catch(() => []);
          if (!cancelled) setPlacement({ state: 'ready', placement: result, areaName: path.map((r) => r.name).join('') });
        })
        .catch((error: unknown) => {
          if (cancelled) return;
          if (error instanceof ApiError && error.code === 'members.no_union_for_place')
            setPlacement({ state: 'no-union', message: error.title });
          else setPlacement({ state: 'error', message: errorText(error) });
        });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [trade, workRegionCode, employerUscc]);

  return placement;
}

/** "您将加入：<union>" and the rule in plain words, or why no union takes the worker there. */
export function PlacementPreview({
  placement,
  trade,
  mode,
  testId,
}: {
  placement: PlacementState;
  trade: Trade | undefined;
  mode: 'join' | 'transfer' | 'work';
  testId: string;
}) {
  const { t } = useTranslation();
  if (placement.state === 'idle') {
    return (
      <div className="gh-placement gh-placement-idle" data-testid={testId} data-state="idle">
        <InformationCircleOutline /> {t(`memberMembership.placement.idle.${mode}`)}
      </div>
    );
  }
  if (placement.state === 'loading') {
    return (
      <div className="gh-placement gh-placement-idle" data-testid={testId} data-state="loading">
        {t('memberMembership.placement.loading')}
        <DotLoading />
      </div>
    );
  }
  if (placement.state === 'no-union') {
    return (
      <div className="gh-placement gh-placement-problem" role="alert" data-testid={testId} data-state="no-union">
        <strong>{placement.message}</strong>
        <p>{t('memberMembership.placement.noUnionHint')}</p>
      </div>
    );
  }
  if (placement.state === 'error') {
    return (
      <div className="gh-placement gh-placement-problem" role="alert" data-testid={testId} data-state="error">
        {placement.message}
      </div>
    );
  }
  const { placement: result, areaName } = placement;
  return (
    <div className="gh-placement gh-placement-ready" data-testid={testId} data-state="ready" data-org-id={result.orgId}>
      <div className="gh-placement-label">{t(`memberMembership.placement.willJoin.${mode}`)}</div>
      <div className="gh-placement-union">
        <TeamOutline /> <span data-testid={`${testId}-union`}>{result.orgName}</span>
      </div>
      <div className="gh-placement-rule" data-testid={`${testId}-rule`} data-rule={result.rule}>
        <span className="gh-placement-rule-name">{t(`memberMembership.rule.${result.rule}`)}</span>
        {t(`memberMembership.ruleDetail.${result.rule}`, {
          area: areaName || t('memberMembership.placement.thisArea'),
          trade: trade ? t(`enums.trade.${trade}`) : '',
        })}
      </div>
    </div>
  );
}
