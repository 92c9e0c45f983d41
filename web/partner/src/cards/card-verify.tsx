import { useCallback, useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { App, Button, Card, Flex, Input, Typography } from 'antd';
import { CameraOutlined, PictureOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api.ts';
import { partnerApi } from '../api.ts';
import type { PartnerCredentials } from '../signing.ts';
import { CameraScanModal } from './camera-scan.tsx';
import { CardHistory } from './card-history.tsx';
import { CardResult } from './card-result.tsx';
import { pendingCheck, updateHistory, upsertHistory, withCard, withError, type CardCheck } from './check.ts';
import { checkOffline, loadOfflineChecker, type OfflineChecker } from './offline.ts';
import { cameraScanAvailable, decodeQrImage, UnreadableImageError } from './scan.ts';
import { cleanToken } from './token.ts';

function OfflineNote({ checker, onReload }: { checker: OfflineChecker; onReload: () => void }) {
  const { t } = useTranslation();
  const status = (() => {
    switch (checker.state) {
      case 'loading':
        return <Typography.Text type="secondary">{t('partnerCards.offline.keysLoading')}</Typography.Text>;
      case 'ready':
        return (
          <>
            <Typography.Text type="success">{t('partnerCards.offline.supportedBrowser')}</Typography.Text>
            <Typography.Text type="secondary">
              {t('partnerCards.offline.keysReady', {
                count: checker.keys.length,
                kids: checker.keys.map((k) => k.kid).join(t('common.listSeparator')),
              })}
            </Typography.Text>
          </>
        );
      case 'unsupported':
        return (
          <Typography.Text type="warning">
            {checker.reason === 'insecure' ? t('partnerCards.offline.insecurePage') : t('partnerCards.offline.unsupportedBrowser')}
          </Typography.Text>
        );
      case 'failed':
        return (
          <>
            <Typography.Text type="danger">{t('partnerCards.offline.keysFailed', { message: checker.message })}</Typography.Text>
            <Button size="small" onClick={onReload}>
              {t('partnerCards.offline.reload')}
            </Button>
          </>
        );
    }
  })();
  return (
    <Card
      size="small"
      title={
        <span>
          <SafetyCertificateOutlined /> {t('partnerCards.offline.title')}
        </span>
      }
      className="gh-card-offline-note gh-card-layout-offline"
      data-testid="partner-card-offline-note"
      data-state={checker.state}
    >
      <Typography.Paragraph type="secondary" className="gh-card-offline-about">
        {t('partnerCards.offline.about')}
      </Typography.Paragraph>
      <Flex vertical gap={4} align="flex-start">
        {status}
      </Flex>
    </Card>
  );
}

/**
 * Card verification: a scanner (keyboard wedge, ends with Enter), a paste, the camera or a picture gives a
 * token; the server answers whether the member is valid now, and the browser checks the signature
 * itself with the published keys alongside.
 */
export function CardVerifyPanel({ credentials }: { credentials: PartnerCredentials }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [input, setInput] = useState('');
  const [inputProblem, setInputProblem] = useState<string | null>(null);
  const [history, setHistory] = useState<CardCheck[]>([]);
  const [currentId, setCurrentId] = useState<number | null>(null);
  const [checker, setChecker] = useState<OfflineChecker>({ state: 'loading' });
  const [canScan, setCanScan] = useState(false);
  const [cameraOpen, setCameraOpen] = useState(false);
  const [decoding, setDecoding] = useState(false);
  const nextId = useRef(1);
  const checkerRef = useRef(checker);
  checkerRef.current = checker;
  const textAreaRef = useRef<TextAreaRef | null>(null);
  const fileRef = useRef<HTMLInputElement | null>(null);

  // A check made while the keys are still on their way waits for them.
  const keysLoading = useRef<Promise<OfflineChecker> | null>(null);

  const loadKeys = useCallback((): Promise<OfflineChecker> => {
    setChecker({ state: 'loading' });
    const loading = loadOfflineChecker().catch((error: unknown): OfflineChecker => ({ state: 'failed', message: errorText(error) }));
    keysLoading.current = loading;
    void loading.then((loaded) => {
      if (keysLoading.current === loading) setChecker(loaded);
    });
    return loading;
  }, []);

  useEffect(() => {
    void loadKeys();
    let cancelled = false;
    void cameraScanAvailable().then((available) => {
      if (!cancelled) setCanScan(available);
    });
    return () => {
      cancelled = true;
    };
  }, [loadKeys]);

  const focusInput = () => textAreaRef.current?.focus();

  const verify = useCallback(
    (raw: string) => {
      const token = cleanToken(raw);
      if (!token) {
        setInputProblem(t('partnerCards.panel.empty'));
        return;
      }
      setInputProblem(null);
      setInput('');
      const id = nextId.current++;
      setHistory((h) => upsertHistory(h, pendingCheck(id, token)));
      setCurrentId(id);

      // Online and offline run side by side; each fills in its half of the same check.
      partnerApi
        .verifyCard(credentials, token)
        .then((card) => setHistory((h) => updateHistory(h, id, (c) => withCard(c, card))))
        .catch((error: unknown) => setHistory((h) => updateHistory(h, id, (c) => withError(c, error, errorText(error)))));
      // Keys still on their way are waited for; keys that failed to load are asked for again.
      const { state } = checkerRef.current;
      const loaded =
        state === 'failed'
          ? loadKeys()
          : state === 'loading' && keysLoading.current
            ? keysLoading.current
            : Promise.resolve(checkerRef.current);
      loaded
        .then((checker) =>
          checkOffline(checker, token, (keys) => setChecker((current) => (current.state === 'ready' ? { ...current, keys } : current))),
        )
        .then((offline) => setHistory((h) => updateHistory(h, id, (c) => ({ ...c, offline }))))
        .catch(() => setHistory((h) => updateHistory(h, id, (c) => ({ ...c, offline: { result: 'no-keys' } }))));
    },
    [credentials, loadKeys, t],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // A handheld scanner types the code and presses Enter; an IME's Enter only confirms a composition.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    verify(input);
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setDecoding(true);
    try {
      const text = await decodeQrImage(file);
      if (text) verify(text);
      else void message.warning(t('partnerCards.panel.noQrInImage'));
    } catch (error) {
      void message.error(error instanceof UnreadableImageError ? t('partnerCards.panel.notAnImage') : t('common.errors.unexpected'));
    } finally {
      setDecoding(false);
      focusInput();
    }
  };

  const current = history.find((c) => c.id === currentId) ?? null;

  return (
    <>
      <div className="gh-card-layout">
        <Card title={t('partnerCards.panel.title')} className="gh-card-layout-panel" data-testid="partner-card-panel">
          <Input.TextArea
            ref={textAreaRef}
            value={input}
            onChange={(e) => {
              setInput(e.target.value);
              if (inputProblem) setInputProblem(null);
            }}
            onKeyDown={onKeyDown}
            placeholder={t('partnerCards.panel.placeholder')}
            autoSize={{ minRows: 3, maxRows: 6 }}
            autoFocus
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            status={inputProblem ? 'error' : undefined}
            className="gh-card-token-input"
            data-testid="partner-card-token"
          />
          {inputProblem && (
            <Typography.Text type="danger" className="gh-card-input-problem" data-testid="partner-card-token-problem">
              {inputProblem}
            </Typography.Text>
          )}
          <Flex gap={8} wrap className="gh-card-actions">
            <Button
              type="primary"
              size="large"
              onClick={() => {
                verify(input);
                focusInput();
              }}
              data-testid="partner-card-verify"
            >
              {t('partnerCards.panel.verify')}
            </Button>
            {canScan && (
              <Button size="large" icon={<CameraOutlined />} onClick={() => setCameraOpen(true)} data-testid="partner-card-scan">
                {t('partnerCards.panel.scan')}
              </Button>
            )}
            <Button
              size="large"
              icon={<PictureOutlined />}
              loading={decoding}
              onClick={() => fileRef.current?.click()}
              data-testid="partner-card-upload"
            >
              {t('partnerCards.panel.upload')}
            </Button>
            <input
              ref={fileRef}
              type="file"
              accept="image/*"
              hidden
              onChange={(e) => void onFile(e)}
              data-testid="partner-card-upload-input"
            />
          </Flex>
          <Typography.Paragraph type="secondary" className="gh-card-hint">
            {t('partnerCards.panel.hint')}
          </Typography.Paragraph>
        </Card>
        <div className="gh-card-layout-result">
          <CardResult
            check={current}
            onRetry={(token) => {
              verify(token);
              focusInput();
            }}
          />
        </div>
        <OfflineNote checker={checker} onReload={() => void loadKeys()} />
        <CardHistory history={history} />
      </div>
      <CameraScanModal
        open={cameraOpen}
        onClose={() => setCameraOpen(false)}
        onDetected={(text) => {
          setCameraOpen(false);
          verify(text);
        }}
        // Back to the text area, so a handheld scanner can type the next code.
        afterClose={focusInput}
      />
    </>
  );
}
