// A station's page by its id: what the list handed over shows at once, and the server's answer (the
// station itself when nothing was handed over — a link in an SMS, a check-in, a reload — with its
// services and coming days) as it arrives.
import { useCallback, useEffect, useState } from 'react';
import { isApiError } from '../../../shared/api.ts';
import type { NearbyStation } from '../stations/api.ts';
import { stationServicesApi, type StationDetail, type StationPageData } from './api.ts';
import { isOpenAt } from './rules.ts';

export type StationPageState =
  | { state: 'loading' }
  /** Unknown, suspended or closed (the server's 404). */
  | { state: 'missing' }
  | { state: 'error' }
  | { state: 'ready'; data: StationPageData };

/** A station as its page shows it: from the nearest list with its distance, or loaded by id without one. */
export type ShownStation = StationDetail & { openNow: boolean; distanceM: number | null; ridingMinutes: number | null };

export function useStationPage(
  stationId: string,
  handedOver: NearbyStation | null,
): { station: ShownStation | null; page: StationPageState; reload: () => void } {
  const [page, setPage] = useState<StationPageState>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setPage({ state: 'loading' });
    stationServicesApi.stationPage(stationId, { fresh: attempt > 0 }).then(
      (data) => current && setPage({ state: 'ready', data }),
      (error: unknown) => current && setPage({ state: isApiError(error) && error.status === 404 ? 'missing' : 'error' }),
    );
    return () => {
      current = false;
    };
  }, [stationId, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  let station: ShownStation | null = handedOver;
  if (!station && page.state === 'ready') {
    const loaded = page.data.station;
    station = { ...loaded, openNow: isOpenAt(loaded.hours, new Date()), distanceM: null, ridingMinutes: null };
  }
  return { station, page, reload };
}
