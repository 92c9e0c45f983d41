import { lazy, Suspense, useCallback, useEffect, useState, type ReactElement } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { SpinLoading } from 'antd-mobile';
import { onUnauthorized } from '../../shared/api.ts';
import { memberApi, type MemberAccount } from './api.ts';
import { SignInPage } from './pages/sign-in.tsx';
import { PageLoading } from './components/page-loading.tsx';

// Only the sign-in page is in the entry script: it is what a worker meets first, on a cheap phone over
// a slow link (bench:h5). Every other page, the home page included, loads when first opened.
const HomePage = lazy(() => import('./pages/home.tsx').then((m) => ({ default: m.HomePage })));
const DevInboxPage = lazy(() => import('./pages/dev-inbox.tsx').then((m) => ({ default: m.DevInboxPage })));
const NotFoundPage = lazy(() => import('./pages/not-found.tsx').then((m) => ({ default: m.NotFoundPage })));
const JoinPage = lazy(() => import('./pages/join.tsx').then((m) => ({ default: m.JoinPage })));
const MembershipPage = lazy(() => import('./pages/membership.tsx').then((m) => ({ default: m.MembershipPage })));
const CardPage = lazy(() => import('./pages/card.tsx').then((m) => ({ default: m.CardPage })));
const TransferPage = lazy(() => import('./pages/transfer.tsx').then((m) => ({ default: m.TransferPage })));
const WorkPage = lazy(() => import('./pages/work.tsx').then((m) => ({ default: m.WorkPage })));
const BenefitsPage = lazy(() => import('./campaigns/benefits-page.tsx').then((m) => ({ default: m.BenefitsPage })));
const CouponsPage = lazy(() => import('./campaigns/coupons-page.tsx').then((m) => ({ default: m.CouponsPage })));
const CouponPage = lazy(() => import('./campaigns/coupon-page.tsx').then((m) => ({ default: m.CouponPage })));
const NearbyStationsPage = lazy(() => import('./stations/nearby-page.tsx').then((m) => ({ default: m.NearbyStationsPage })));
const StationPage = lazy(() => import('./stations/station-page.tsx').then((m) => ({ default: m.StationPage })));
const StationOrderPage = lazy(() => import('./station-services/order-page.tsx').then((m) => ({ default: m.StationOrderPage })));
const MyStationOrdersPage = lazy(() => import('./station-services/my-orders-page.tsx').then((m) => ({ default: m.MyStationOrdersPage })));
const StationCheckInPage = lazy(() => import('./station-services/check-in-page.tsx').then((m) => ({ default: m.StationCheckInPage })));
const NearbyEventsPage = lazy(() => import('./station-services/nearby-events-page.tsx').then((m) => ({ default: m.NearbyEventsPage })));
const HardshipApplyPage = lazy(() => import('./hardship/apply-page.tsx').then((m) => ({ default: m.HardshipApplyPage })));
const HardshipFilesPage = lazy(() => import('./hardship/files-page.tsx').then((m) => ({ default: m.HardshipFilesPage })));
const HardshipNeedsPage = lazy(() => import('./hardship/needs-page.tsx').then((m) => ({ default: m.HardshipNeedsPage })));
const MutualAidPlansPage = lazy(() => import('./mutual-aid/plans-page.tsx').then((m) => ({ default: m.MutualAidPlansPage })));
const MutualAidEnrolPage = lazy(() => import('./mutual-aid/enrol-page.tsx').then((m) => ({ default: m.MutualAidEnrolPage })));
const MutualAidPaidPage = lazy(() => import('./mutual-aid/paid-page.tsx').then((m) => ({ default: m.MutualAidPaidPage })));
const MutualAidCertificatePage = lazy(() =>
  import('./mutual-aid/certificate-page.tsx').then((m) => ({ default: m.MutualAidCertificatePage })),
);
const MutualAidClaimPage = lazy(() => import('./mutual-aid/claim-page.tsx').then((m) => ({ default: m.MutualAidClaimPage })));
const MutualAidClaimsPage = lazy(() => import('./mutual-aid/claims-page.tsx').then((m) => ({ default: m.MutualAidClaimsPage })));

type Session = { state: 'loading' } | { state: 'anonymous' } | { state: 'signed-in'; account: MemberAccount; firstSignIn: boolean };

export function MemberApp() {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const location = useLocation();

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

  const lazyPage = (page: ReactElement) => <Suspense fallback={<PageLoading />}>{page}</Suspense>;
  // Pages of a signed-in worker; anyone else signs in first, then comes back here.
  const member = (page: ReactElement) =>
    session.state === 'signed-in' ? (
      lazyPage(page)
    ) : (
      <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />
    );
  const from = (location.state as { from?: unknown } | null)?.from;
  const afterSignIn = typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';

  return (
    <Routes>
      <Route
        path="/"
        element={
          session.state === 'signed-in' ? (
            lazyPage(<HomePage account={session.account} firstSignIn={session.firstSignIn} onSignedOut={signedOut} />)
          ) : (
            <Navigate to="/sign-in" replace />
          )
        }
      />
      <Route
        path="/sign-in"
        element={session.state === 'signed-in' ? <Navigate to={afterSignIn} replace /> : <SignInPage onSignedIn={signedIn} />}
      />
      <Route path="/join" element={member(<JoinPage />)} />
      <Route path="/membership" element={member(<MembershipPage />)} />
      <Route path="/card" element={member(<CardPage />)} />
      <Route path="/transfer" element={member(<TransferPage />)} />
      <Route path="/work" element={member(<WorkPage />)} />
      <Route path="/benefits" element={member(<BenefitsPage />)} />
      <Route path="/coupons" element={member(<CouponsPage />)} />
      <Route path="/coupons/:couponId" element={member(<CouponPage />)} />
      {/* Public, as their API is: a worker who has not joined yet needs water too. */}
      <Route path="/stations" element={lazyPage(<NearbyStationsPage />)} />
      <Route path="/stations/:stationId" element={lazyPage(<StationPage />)} />
      <Route path="/station-events" element={lazyPage(<NearbyEventsPage />)} />
      {/* Ordering, one's orders and checking in are a member's own: sign in first, then come back here. */}
      <Route path="/stations/:stationId/order" element={member(<StationOrderPage />)} />
      <Route path="/stations/check-in" element={member(<StationCheckInPage />)} />
      <Route path="/station-orders" element={member(<MyStationOrdersPage />)} />
      <Route path="/hardship" element={member(<HardshipFilesPage />)} />
      <Route path="/hardship/apply" element={member(<HardshipApplyPage />)} />
      <Route path="/hardship/needs" element={member(<HardshipNeedsPage />)} />
      <Route path="/mutual-aid" element={member(<MutualAidPlansPage />)} />
      <Route path="/mutual-aid/plans/:planId/enrol" element={member(<MutualAidEnrolPage />)} />
      <Route path="/mutual-aid/paid" element={member(<MutualAidPaidPage />)} />
      <Route path="/mutual-aid/certificates/:enrolmentId" element={member(<MutualAidCertificatePage />)} />
      <Route path="/mutual-aid/claim" element={member(<MutualAidClaimPage />)} />
      <Route path="/mutual-aid/claims" element={member(<MutualAidClaimsPage />)} />
      <Route path="/dev/inbox" element={lazyPage(<DevInboxPage />)} />
      <Route path="*" element={lazyPage(<NotFoundPage />)} />
    </Routes>
  );
}
