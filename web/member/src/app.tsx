import { useCallback, useEffect, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { SpinLoading } from 'antd-mobile';
import { onUnauthorized } from '../../shared/api.ts';
import { memberApi, type MemberAccount } from './api.ts';
import { SignInPage } from './pages/sign-in.tsx';
import { HomePage } from './pages/home.tsx';
import { DevInboxPage } from './pages/dev-inbox.tsx';
import { NotFoundPage } from './pages/not-found.tsx';

type Session = { state: 'loading' } | { state: 'anonymous' } | { state: 'signed-in'; account: MemberAccount; firstSignIn: boolean };

export function MemberApp() {
  const [session, setSession] = useState<Session>({ state: 'loading' });

  useEffect(() => {
    let cancelled = false;
    memberApi
      .me()
      .then((account) => {
        if (!cancelled) setSession({ state: 'signed-in', account, firstSignIn: false });
      })
      // 401 means not signed in; any other failure also lands on the sign-in page, which reports errors itself.
      .catch(() => {
        if (!cancelled) setSession({ state: 'anonymous' });
      });
    const off = onUnauthorized((path) => {
      if (path.startsWith('/api/member/') && !path.startsWith('/api/member/auth/')) setSession({ state: 'anonymous' });
    });
    return () => {
      cancelled = true;
      off();
    };
  }, []);

  const signedIn = useCallback(
    (account: MemberAccount, firstSignIn: boolean) => setSession({ state: 'signed-in', account, firstSignIn }),
    [],
  );
  const signedOut = useCallback(() => setSession({ state: 'anonymous' }), []);

  if (session.state === 'loading') {
    return (
      <div className="gh-center" data-testid="member-loading">
        <SpinLoading color="primary" style={{ '--size': '40px' }} />
      </div>
    );
  }

  return (
    <Routes>
      <Route
        path="/"
        element={
          session.state === 'signed-in' ? (
            <HomePage account={session.account} firstSignIn={session.firstSignIn} onSignedOut={signedOut} />
          ) : (
            <Navigate to="/sign-in" replace />
          )
        }
      />
      <Route path="/sign-in" element={session.state === 'signed-in' ? <Navigate to="/" replace /> : <SignInPage onSignedIn={signedIn} />} />
      <Route path="/dev/inbox" element={<DevInboxPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
