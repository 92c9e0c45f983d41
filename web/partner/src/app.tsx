import { useCallback, useEffect, useState } from 'react';
import { Spin } from 'antd';
import { partnerApi, credentialStore, type PartnerMe } from './api.ts';
import type { PartnerCredentials } from './signing.ts';
import { SignInPage } from './pages/sign-in.tsx';
import { HomePage } from './pages/home.tsx';

type Session = { state: 'loading' } | { state: 'anonymous' } | { state: 'signed-in'; credentials: PartnerCredentials; me: PartnerMe };

export function PartnerApp() {
  const [session, setSession] = useState<Session>(() => (credentialStore.load() ? { state: 'loading' } : { state: 'anonymous' }));

  useEffect(() => {
    // A reload keeps the tab's credentials: check they still work.
    const credentials = credentialStore.load();
    if (!credentials) return undefined;
    let cancelled = false;
    partnerApi
      .me(credentials)
      .then((me) => {
        if (!cancelled) setSession({ state: 'signed-in', credentials, me });
      })
      .catch(() => {
        credentialStore.clear();
        if (!cancelled) setSession({ state: 'anonymous' });
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const signedIn = useCallback((credentials: PartnerCredentials, me: PartnerMe) => {
    credentialStore.save(credentials);
    setSession({ state: 'signed-in', credentials, me });
  }, []);

  const signOut = useCallback(() => {
    credentialStore.clear();
    setSession({ state: 'anonymous' });
  }, []);

  if (session.state === 'loading') {
    return (
      <div className="gh-partner-center">
        <Spin size="large" />
      </div>
    );
  }
  if (session.state === 'anonymous') return <SignInPage onSignedIn={signedIn} />;
  return <HomePage me={session.me} credentials={session.credentials} onSignOut={signOut} />;
}
