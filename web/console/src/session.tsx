import { createContext, useContext } from 'react';
import type { Access, Roles } from './access.ts';

export interface StaffMe {
  id: string;
  username: string;
  displayName: string;
  org: { id: string; name: string; kind: string; regionCode: string };
  roles: Roles;
}

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
