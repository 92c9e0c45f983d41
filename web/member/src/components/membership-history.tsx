import { useEffect, useState } from 'react';
import { Steps } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { membershipApi, type OwnHistoryEntry } from '../membership/api.ts';

type HistoryState = { state: 'loading' } | { state: 'ready'; items: OwnHistoryEntry[] } | { state: 'error'; message: string };

/**
 * 会籍记录: what happened to one's membership and where (joined, moved, paused, resumed), newest first.
 * `version` changes when the page reloads the membership, so a transfer just completed shows up.
 */
export function MembershipHistory({ version }: { version: unknown }) {
  const { t } = useTranslation();
  const [history, setHistory] = useState<HistoryState>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    membershipApi
      .history(controller.signal)
      .then(({ items }) => setHistory({ state: 'ready', items }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setHistory({ state: 'error', message: errorText(error) });
      });
    return () => controller.abort();
  }, [version]);

  if (history.state === 'loading' || (history.state === 'ready' && history.items.length === 0)) return null;
  return (
    <section className="gh-section" data-testid="membership-history">
      <div className="gh-section-head">
        <h3>{t('memberMembership.history.title')}</h3>
      </div>
      {history.state === 'error' ? (
        <p className="gh-section-text">{t('memberMembership.history.failed', { reason: history.message })}</p>
      ) : (
        <Steps direction="vertical" className="gh-steps">
          {history.items.map((entry) => (
            <Steps.Step
              key={entry.id}
              status="finish"
              title={<HistoryTitle entry={entry} />}
              description={
                <>
                  <div>{formatDateTime(entry.at)}</div>
                  {entry.reason && (
                    <div className="gh-decision-reason">{t('memberMembership.history.reason', { reason: entry.reason })}</div>
                  )}
                </>
              }
            />
          ))}
        </Steps>
      )}
    </section>
  );
}

function HistoryTitle({ entry }: { entry: OwnHistoryEntry }) {
  const { t } = useTranslation();
  const kind = t(`memberMembership.history.kind.${entry.kind}`, { defaultValue: t('memberMembership.history.kind.other') });
  const { fromOrgName: from, toOrgName: to } = entry;
  const text =
    from && to
      ? t('memberMembership.history.fromTo', { kind, from, to })
      : to
        ? t('memberMembership.history.to', { kind, to })
        : from
          ? t('memberMembership.history.from', { kind, from })
          : kind;
  return (
    <span data-testid="membership-history-entry" data-kind={entry.kind}>
      {text}
    </span>
  );
}
