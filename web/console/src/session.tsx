import { createContext, useContext } from 'react';
import type { ApiResponse } from '../../shared/api-types.ts';
import type { Access } from './access.ts';

export type StaffMe = ApiResponse<'/api/console/me', 'get'>;

export interface ConsoleSession {
  me: StaffMe;
  access: Access;
  signOut: () => Promise<void>;
  signOutEverywhere: () => Promise<number>;
}

export const SessionContext = createContext<ConsoleSession | null>(null);

export function useSession(): ConsoleSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}
