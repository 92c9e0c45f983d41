import { createContext, useContext } from 'react';
import type { ApplicationCounts } from './api.ts';

export interface MembersContextValue {
  /** The review queue's counts (pending, held, overdue) over the staff member's whole subtree. */
  counts: ApplicationCounts | null;
  /** Re-reads the counts (after a decision). */
  refreshCounts: () => void;
  /** Counts that arrived with a page of the queue. */
  publishCounts: (counts: ApplicationCounts) => void;
}

export const MembersContext = createContext<MembersContextValue>({
  counts: null,
  refreshCounts: () => undefined,
  publishCounts: () => undefined,
});

export function useMembersContext(): MembersContextValue {
  return useContext(MembersContext);
}
