import { SpinLoading } from 'antd-mobile';

/**
 * A page's first load. Apart from PageError (./page-state.tsx) on purpose: the entry script shows
 * this while a page loads, and ErrorBlock's pictures would double what the sign-in page downloads.
 */
export function PageLoading() {
  return (
    <div className="gh-center" data-testid="page-loading">
      <SpinLoading color="primary" style={{ '--size': '36px' }} />
    </div>
  );
}
