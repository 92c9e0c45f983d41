import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { DotLoading, ErrorBlock, List, NavBar, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { memberApi, type SmsMessage } from '../api.ts';

const REFRESH_MS = 3000;

type InboxState =
  { state: 'loading' } | { state: 'ready'; items: SmsMessage[]; at: Date } | { state: 'unavailable' } | { state: 'error'; message: string };

/** Development only: the SMS messages the dev sender "sent", newest first, refreshed every 3 s. */
export function DevInboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [inbox, setInbox] = useState<InboxState>({ state: 'loading' });

  useEffect(() => {
    let controller: AbortController | null = null;
    let timer: number | undefined;
    let stopped = false;
    const load = async () => {
      controller = new AbortController();
      try {
        const { items } = await memberApi.devInbox(controller.signal);
        const sorted = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        if (!stopped) setInbox({ state: 'ready', items: sorted, at: new Date() });
      } catch (error) {
        if (stopped) return;
        if (error instanceof ApiError && error.status === 404) {
          setInbox({ state: 'unavailable' });
          return; // production: no inbox, stop polling
        }
        setInbox((previous) => (previous.state === 'ready' ? previous : { state: 'error', message: errorText(error) }));
      }
      if (!stopped) timer = window.setTimeout(() => void load(), REFRESH_MS);
    };
    void load();
    return () => {
      stopped = true;
      controller?.abort();
      window.clearTimeout(timer);
    };
  }, []);

  return (
    <div className="gh-page gh-inbox">
      <NavBar onBack={() => void navigate('/sign-in')} backIcon>
        {t('member.devInbox.title')}
      </NavBar>
      <p className="gh-inbox-hint">
        {t('member.devInbox.hint')}
        {inbox.state === 'ready' && <> {t('member.devInbox.updatedAt', { time: formatDateTime(inbox.at).slice(11) })}</>}
      </p>
      {inbox.state === 'loading' && (
        <div className="gh-center-block">
          <DotLoading color="primary" />
        </div>
      )}
      {inbox.state === 'unavailable' && <ErrorBlock status="empty" title={t('member.devInbox.unavailable')} description="" />}
      {inbox.state === 'error' && <ErrorBlock status="default" title={inbox.message} description="" />}
      {inbox.state === 'ready' && inbox.items.length === 0 && (
        <ErrorBlock status="empty" title={t('member.devInbox.empty')} description="" data-testid="member-inbox-empty" />
      )}
      {inbox.state === 'ready' && inbox.items.length > 0 && (
        <List data-testid="member-inbox-list">
          {inbox.items.map((message) => {
            const code = /\b(\d{6})\b/.exec(message.text)?.[1];
            return (
              <List.Item
                key={message.id}
                data-testid="member-inbox-item"
                title={
                  <span className="gh-inbox-meta">{t('common.joinDot', { a: message.phone, b: formatDateTime(message.createdAt) })}</span>
                }
                description={message.text}
                extra={
                  code ? (
                    <Tag color="primary" fill="outline" className="gh-inbox-code">
                      {code}
                    </Tag>
                  ) : undefined
                }
              />
            );
          })}
        </List>
      )}
      <p className="gh-dev-link">
        <Link to="/sign-in">{t('member.devInbox.back')}</Link>
      </p>
    </div>
  );
}
