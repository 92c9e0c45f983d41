import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Typography } from 'antd';
import { ArrowRightOutlined, CheckCircleFilled, PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { useSession } from '../../../session.tsx';
import { helpApi, type ContactState, type HelpCard } from './api.ts';
import { ContactInlineForm } from './contact-form.tsx';
import { cardTokenOf, contactOf, type FileContact } from './rules.ts';
import { ContactStateTag, lastContactText } from './words.tsx';

type State =
  | { state: 'no-token' }
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; card: HelpCard; contact: FileContact | null };

/**
 * The page a scanned help card opens (/hardship/help/card?c=…): the card's token resolved to the family
 * (only for staff of the family's subtree — others read the server's refusal), its masked head, its
 * helpers, where its weekly contact stands, and the form to log the contact the helper is making.
 */
export function CardScanPage() {
  const { t } = useTranslation();
  const { access } = useSession();
  const location = useLocation();
  const token = cardTokenOf(location.search);
  const [page, setPage] = useState<State>(token ? { state: 'loading' } : { state: 'no-token' });
  const [logged, setLogged] = useState<ContactState | null>(null);
  const k = 'consoleHardshipHelp.scan';

  const load = useCallback(async () => {
    if (!token) return;
    setPage({ state: 'loading' });
    try {
      const { fileId } = await helpApi.resolveCard(token);
      const card = await helpApi.helpCard(fileId);
      // Where the contact stands is read from the due list; a failure there leaves the family's page usable.
      const due = await helpApi.contactsDue().then(
        (r) => r.items,
        () => null,
      );
      setPage({ state: 'ready', card, contact: due ? contactOf(due, fileId) : null });
    } catch (error) {
      setPage({ state: 'error', message: errorText(error) });
    }
  }, [token]);

  useEffect(() => {
    void load();
  }, [load]);

  if (page.state === 'no-token') {
    return <Result status="warning" title={t(`${k}.noToken`)} subTitle={t(`${k}.noTokenHint`)} data-testid="help-scan-no-token" />;
  }
  if (page.state === 'loading') {
    return (
      <div className="gh-center-pad" data-testid="help-scan-loading">
        <Spin />
      </div>
    );
  }
  if (page.state === 'error') {
    return (
      <Result
        status="error"
        title={page.message}
        extra={<Button onClick={() => void load()}>{t('common.retry')}</Button>}
        data-testid="help-scan-error"
      />
    );
  }

  const { card, contact } = page;
  const done = (state: ContactState) => {
    setLogged(state);
    setPage({ ...page, contact: { state, lastContactOn: null } });
  };

  return (
    <div className="gh-help-scan" data-testid="help-scan" data-file-id={card.fileId}>
      <Card
        size="small"
        title={
          <Space size={8} wrap>
            <span data-testid="help-scan-head">{card.head}</span>
            <Typography.Text type="secondary" className="gh-mono gh-hardship-small" data-testid="help-scan-number">
              {card.fileNumber}
            </Typography.Text>
          </Space>
        }
        extra={
          <Link to={`/hardship/${card.fileId}`} data-testid="help-scan-file">
            {t(`${k}.openFile`)} <ArrowRightOutlined />
          </Link>
        }
      >
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'union', label: t(`${k}.union`), children: card.orgName },
            {
              key: 'helpers',
              label: t(`${k}.helpers`),
              children:
                card.helpers.length === 0 ? (
                  <Typography.Text type="warning">{t('consoleHardshipHelp.due.noHelpers')}</Typography.Text>
                ) : (
                  <Space orientation="vertical" size={2}>
                    {card.helpers.map((h, i) => (
                      <span key={`${h.name}-${i}`} data-testid="help-scan-helper">
                        {h.name}{' '}
                        <Typography.Text type="secondary" className="gh-mono">
                          <PhoneOutlined /> {h.phone}
                        </Typography.Text>
                      </span>
                    ))}
                  </Space>
                ),
            },
            {
              key: 'contact',
              label: t(`${k}.contact`),
              children: contact ? (
                <Space size={8} wrap>
                  <ContactStateTag state={contact.state} />
                  {contact.state !== 'ok' && (
                    <Typography.Text type="secondary">
                      {t(`${k}.lastContact`, { day: lastContactText(contact.lastContactOn) })}
                    </Typography.Text>
                  )}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      {logged && (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleFilled />}
          title={t(`${k}.logged`, { state: t(`consoleHardshipHelp.contactState.${logged}`) })}
          data-testid="help-scan-logged"
        />
      )}
      {access.canEditHardship ? (
        <Card size="small" title={t(`${k}.logTitle`)} data-testid="help-scan-log">
          <ContactInlineForm fileId={card.fileId} onDone={done} />
        </Card>
      ) : (
        <Alert type="info" showIcon title={t(`${k}.readOnly`)} />
      )}
    </div>
  );
}
