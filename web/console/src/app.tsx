import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText, onUnauthorized } from '../../shared/api.ts';
import { access } from './access.ts';
import { authApi } from './auth-api.ts';
import { consoleRoutes } from './routes.tsx';
import { SessionContext, type ConsoleSession, type StaffMe } from './session.tsx';
import { ConsoleLayout } from './layout/console-layout.tsx';
import { SignInPage } from './pages/sign-in/index.tsx';

type State = { state: 'loading' } | { state: 'anonymous' } | { state: 'error'; message: string } | { state: 'signed-in'; me: StaffMe };

export function ConsoleApp() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ state: 'loading' });

  const loadMe = useCallback(async () => {
    setState({ state: 'loading' });
    try {
      setState({ state: 'signed-in', me: await authApi.me() });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ state: 'anonymous' });
      else setState({ state: 'error', message: errorText(error) });
    }
  }, []);

  useEffect(() => {
    void loadMe();
    // Any console call answering 401 (session expired or revoked elsewhere) returns to sign-in.
    return onUnauthorized((path) => {
      if (path.startsWith('/api/console/') && !path.startsWith('/api/console/auth/')) setState({ state: 'anonymous' });
    });
  }, [loadMe]);

  const session = useMemo<ConsoleSession | null>(() => {
    if (state.state !== 'signed-in') return null;
    return {
      me: state.me,
      access: access(state.me),
      signOut: async () => {
        await authApi.signOut();
        setState({ state: 'anonymous' });
      },
      signOutEverywhere: async () => {
        const { revoked } = await authApi.signOutEverywhere();
        setState({ state: 'anonymous' });
        return revoked;
      },
    };
  }, [state]);

  if (state.state === 'loading') {
    return (
      <div className="gh-fullscreen-center">
        <Spin size="large" />
      </div>
    );
  }
  if (state.state === 'error') {
    return (
      <div className="gh-fullscreen-center">
        <Result
          status="error"
          title={t('console.loadFailed')}
          subTitle={state.message}
          extra={
            <Button type="primary" onClick={() => void loadMe()}>
              {t('common.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (!session) return <SignInPage onSignedIn={(me) => setState({ state: 'signed-in', me })} />;

  const allowed = consoleRoutes.filter((route) => session.access[route.access]);
  return (
    <SessionContext.Provider value={session}>
      <ConsoleLayout routes={allowed}>
        <Suspense
          fallback={
            <div className="gh-page-loading">
              <Spin />
            </div>
          }
        >
          <Routes>
            <Route
              index
              element={
                allowed[0] ? (
                  <Navigate to={allowed[0].path} replace />
                ) : (
                  <Result status="403" title={t('console.noAccess')} data-testid="console-no-access" />
                )
              }
            />
            {consoleRoutes.map((route) => (
              <Route
                key={route.path}
                path={`${route.path}/*`}
                element={session.access[route.access] ? <route.Page /> : <Result status="403" title={t('common.errors.forbidden')} />}
              />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </ConsoleLayout>
    </SessionContext.Provider>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('console.notFound')} extra={<Button href="/console/">{t('console.backHome')}</Button>} />;
}
