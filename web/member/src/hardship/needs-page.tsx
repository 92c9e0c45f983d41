import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, DotLoading, NavBar, PullToRefresh, Tag, TextArea, Toast } from 'antd-mobile';
import { MessageOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { PageError } from '../components/page-state.tsx';
import { hardshipApi, type OwnHardshipFile, type OwnNeed } from './api.ts';
import { fileForNeeds, NEED_MAX_LENGTH, needContent } from './rules.ts';
import './hardship.css';

type PageState =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; file: OwnHardshipFile | null; anyFile: boolean; needs: OwnNeed[] };

/**
 * 我的诉求 (/hardship/needs): a worker with a file tells the union keeping it what they need, and follows
 * each need to the union's answer (also sent by SMS). Without an open file, the page says how to get one.
 */
export function HardshipNeedsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [page, setPage] = useState<PageState>({ state: 'loading' });

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const [files, needs] = await Promise.all([hardshipApi.files(signal), hardshipApi.needs(signal)]);
      setPage({ state: 'ready', file: fileForNeeds(files.items), anyFile: files.items.length > 0, needs: needs.items });
    } catch (error) {
      if (!signal?.aborted) setPage({ state: 'error', message: errorText(error) });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const back = () => void (location.key !== 'default' ? navigate(-1) : navigate('/hardship'));
  const posted = (need: OwnNeed) => setPage((p) => (p.state === 'ready' ? { ...p, needs: [need, ...p.needs] } : p));

  let body;
  if (page.state === 'loading')
    body = (
      <div className="gh-hs-loading">
        <DotLoading color="primary" />
      </div>
    );
  else if (page.state === 'error') body = <PageError message={page.message} onRetry={() => void load()} />;
  else
    body = (
      <PullToRefresh onRefresh={() => load()}>
        {page.file ? (
          <NeedForm union={page.file.orgName} onPosted={posted} />
        ) : (
          <section className="gh-section" data-testid="hardship-needs-no-file">
            <p className="gh-section-text">{t('memberHardship.needs.noFile')}</p>
            {!page.anyFile && (
              <Button block color="primary" shape="rounded" onClick={() => void navigate('/hardship/apply')}>
                {t('memberHardship.mine.apply')}
              </Button>
            )}
          </section>
        )}
        <NeedList needs={page.needs} />
      </PullToRefresh>
    );

  return (
    <div className="gh-page gh-sub-page" data-testid="hardship-needs-page">
      <NavBar onBack={back} className="gh-nav">
        {t('memberHardship.needs.title')}
      </NavBar>
      {body}
    </div>
  );
}

function NeedForm({ union, onPosted }: { union: string; onPosted: (need: OwnNeed) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const send = async () => {
    const checked = needContent(text);
    if (!checked.ok) {
      setProblem(t(`memberHardship.needs.problem.${checked.problem}`));
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      onPosted(await hardshipApi.postNeed(checked.content));
      setText('');
      Toast.show({ icon: 'success', content: t('memberHardship.needs.sent') });
    } catch (error) {
      // What was typed stays in the box: a worker on a weak signal sends it again with one tap.
      setProblem(errorText(error));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="gh-section gh-hs-need-form" data-testid="hardship-need-form">
      <div className="gh-section-head">
        <h3>{t('memberHardship.needs.formTitle')}</h3>
      </div>
      <p className="gh-section-text">{t('memberHardship.needs.intro', { union })}</p>
      <TextArea
        className="gh-hs-need-input"
        value={text}
        onChange={(value) => {
          setText(value);
          if (problem) setProblem(null);
        }}
        placeholder={t('memberHardship.needs.placeholder')}
        rows={3}
        maxLength={NEED_MAX_LENGTH}
        showCount
        data-testid="hardship-need-input"
      />
      {problem && (
        <div className="gh-problem gh-hs-need-problem" role="alert" data-testid="hardship-need-problem">
          {problem}
        </div>
      )}
      <Button
        block
        color="primary"
        shape="rounded"
        size="large"
        loading={sending}
        loadingText={t('memberHardship.needs.sending')}
        onClick={() => void send()}
        data-testid="hardship-need-submit"
      >
        {t('memberHardship.needs.submit')}
      </Button>
    </section>
  );
}

function NeedList({ needs }: { needs: OwnNeed[] }) {
  const { t } = useTranslation();
  return (
    <section className="gh-section" data-testid="hardship-needs">
      <div className="gh-section-head">
        <h3>{t('memberHardship.needs.listTitle')}</h3>
        {needs.length > 0 && <span className="gh-muted">{t('memberHardship.needs.count', { count: needs.length })}</span>}
      </div>
      {needs.length === 0 ? (
        <div className="gh-hs-needs-empty" data-testid="hardship-needs-empty">
          <MessageOutline />
          <p>{t('memberHardship.needs.empty')}</p>
        </div>
      ) : (
        needs.map((need) => <NeedItem key={need.id} need={need} />)
      )}
    </section>
  );
}

function NeedItem({ need }: { need: OwnNeed }) {
  const { t } = useTranslation();
  return (
    <article className="gh-hs-need" data-testid="hardship-need" data-id={need.id} data-status={need.status}>
      <div className="gh-hs-need-head">
        <span className="gh-muted">{formatDateTime(need.createdAt).slice(0, 16)}</span>
        <Tag color={need.status === 'answered' ? 'success' : 'warning'} fill="outline" data-testid="hardship-need-status">
          {t(`memberHardship.needs.status.${need.status}`)}
        </Tag>
      </div>
      <p className="gh-hs-need-content" data-testid="hardship-need-content">
        {need.content}
      </p>
      {need.answer ? (
        <div className="gh-hs-need-answer" data-testid="hardship-need-answer">
          <div className="gh-hs-need-answer-title">
            {t('memberHardship.needs.answer')}
            {need.answeredAt && <span className="gh-muted">{formatDateTime(need.answeredAt).slice(0, 16)}</span>}
          </div>
          <p>{need.answer}</p>
          <div className="gh-muted" data-testid="hardship-need-answered-by">
            {/* A clerk named after their union (越城区总工会管理员) is not named twice. */}
            {need.answeredBy?.startsWith(need.orgName)
              ? need.answeredBy
              : t('memberHardship.needs.answeredBy', { org: need.orgName, name: need.answeredBy ?? '' })}
          </div>
        </div>
      ) : (
        <p className="gh-hs-need-waiting">{t('memberHardship.needs.waitingFor', { org: need.orgName })}</p>
      )}
    </article>
  );
}
