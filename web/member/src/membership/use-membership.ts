import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../../../shared/api.ts';
import { membershipApi, type Membership } from './api.ts';

export type MembershipState =
  { state: 'loading' } | { state: 'ready'; membership: Membership } | { state: 'error'; message: string; error: unknown };

/** The signed-in worker's membership (member, latest application, open transfer), with a reload. */
export function useMembership(): { membership: MembershipState; reload: () => Promise<Membership | null> } {
  const [membership, setMembership] = useState<MembershipState>({ state: 'loading' });
  const controller = useRef<AbortController | null>(null);

  const reload = useCallback(async () => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    try {
      const result = await membershipApi.membership(current.signal);
      if (!current.signal.aborted) setMembership({ state: 'ready', membership: result });
      return result;
    } catch (error) {
      if (current.signal.aborted) return null;
      // Keep what is on screen when a refresh fails; say so only when there is nothing to show.
      setMembership((previous) => (previous.state === 'ready' ? previous : { state: 'error', message: errorText(error), error }));
      return null;
    }
  }, []);

  useEffect(() => {
    void reload();
    return () => controller.current?.abort();
  }, [reload]);

  return { membership, reload };
}
