import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Result, Segmented, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../../../shared/api.ts';
import { formatDate } from '../../../../../shared/format.ts';
import { helpApi, type HelpCard } from './api.ts';

export type Paper = 'A6' | 'A5';
// Landscape, as a card hung by the door or kept in a drawer is read.
const PAPER_MM: Record<Paper, { width: number; height: number }> = { A6: { width: 148, height: 105 }, A5: { width: 210, height: 148 } };

/** The card's QR as an SVG data URL (sharp at any print size), or 'failed'. */
export function useQr(text: string | null): string | 'failed' | null {
  const [qr, setQr] = useState<string | 'failed' | null>(null);
  useEffect(() => {
    if (!text) return;
    let cancelled = false;
    // Error correction M survives a little wear and a fold.
    QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 })
      .then((svg) => !cancelled && setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch(() => !cancelled && setQr('failed'));
    return () => {
      cancelled = true;
    };
  }, [text]);
  return qr;
}

/**
 * The help card as printed (帮扶卡): the union, the family (its head's name masked), the file number,
 * its two helpers and their phones, and the QR a helper scans to open the family and log a contact.
 * Every size is in cqw, so the screen's preview, A6 and A5 are one design at three scales.
 */
export function HelpCardSheet({ card, paper, qr }: { card: HelpCard; paper: Paper; qr: string | 'failed' | null }) {
  const { t } = useTranslation();
  const size = PAPER_MM[paper];
  const k = 'consoleHardshipHelp.card';
  return (
    <div
      className="gh-help-card-sheet"
      style={
        {
          '--gh-paper-w': `${size.width}mm`,
          '--gh-paper-h': `${size.height}mm`,
          aspectRatio: `${size.width} / ${size.height}`,
        } as React.CSSProperties
      }
      data-testid="help-card-sheet"
      data-paper={paper}
    >
      <div className="gh-help-card-band">
        <img src="/icon.svg" alt="" className="gh-help-card-logo" />
        <span className="gh-help-card-title">{t(`${k}.title`)}</span>
        <span className="gh-help-card-union" data-testid="help-card-union">
          {card.orgName}
        </span>
      </div>
      <div className="gh-help-card-body">
        <div className="gh-help-card-facts">
          <div className="gh-help-card-row">
            <span className="gh-help-card-label">{t(`${k}.head`)}</span>
            <span className="gh-help-card-value gh-help-card-head" data-testid="help-card-head">
              {card.head}
            </span>
          </div>
          <div className="gh-help-card-row">
            <span className="gh-help-card-label">{t(`${k}.fileNumber`)}</span>
            <span className="gh-help-card-value gh-help-card-number" data-testid="help-card-number">
              {card.fileNumber}
            </span>
          </div>
          <div className="gh-help-card-helpers-title">{t(`${k}.helpers`)}</div>
          {card.helpers.length === 0 ? (
            <div className="gh-help-card-none">{t(`${k}.noHelpers`)}</div>
          ) : (
            card.helpers.map((h, i) => (
              <div key={`${h.name}-${i}`} className="gh-help-card-helper" data-testid="help-card-helper">
                <span className="gh-help-card-helper-name">{h.name}</span>
                <span className="gh-help-card-helper-phone">{h.phone}</span>
              </div>
            ))
          )}
        </div>
        <div className="gh-help-card-qr">
          {qr === 'failed' ? (
            <Typography.Text type="danger">{t(`${k}.qrFailed`)}</Typography.Text>
          ) : qr ? (
            <img src={qr} alt={t(`${k}.qrAlt`)} data-testid="help-card-qr" data-url={card.url} />
          ) : (
            <Spin />
          )}
          <div className="gh-help-card-scan">{t(`${k}.scan`)}</div>
        </div>
      </div>
      <div className="gh-help-card-foot">{t(`${k}.foot`)}</div>
    </div>
  );
}

/**
 * 打印帮扶卡 (/hardship/help/print/:fileId): the card at A6 or A5, printed through the page's print
 * stylesheet (the console's frame hidden, the page the card's size).
 */
export function HelpCardPrintPage() {
  const { t } = useTranslation();
  const { fileId = '' } = useParams();
  const [card, setCard] = useState<HelpCard | null>(null);
  const [problem, setProblem] = useState<{ text: string; notFound: boolean } | null>(null);
  const [paper, setPaper] = useState<Paper>('A6');
  const qr = useQr(card?.url ?? null);
  const k = 'consoleHardshipHelp.print';

  const load = useCallback(async () => {
    setProblem(null);
    try {
      setCard(await helpApi.helpCard(fileId));
    } catch (error) {
      setProblem({ text: errorText(error), notFound: error instanceof ApiError && error.status === 404 });
    }
  }, [fileId]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="gh-help-print" data-testid="help-card-print">
      {/* The printed page is the card, edge to edge, while this page is open. */}
      <style>{`@page { size: ${paper} landscape; margin: 0; }`}</style>
      <div className="gh-toolbar gh-help-no-print">
        <Space size={12}>
          <Link to={`/hardship/${fileId}`} data-testid="help-card-back">
            <ArrowLeftOutlined /> {t(`${k}.back`)}
          </Link>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t(`${k}.title`)}
          </Typography.Title>
        </Space>
        <Space>
          <Typography.Text type="secondary">{t(`${k}.paper`)}</Typography.Text>
          <Segmented<Paper> value={paper} onChange={setPaper} options={['A6', 'A5']} data-testid="help-card-paper" />
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            onClick={() => window.print()}
            disabled={!card || !qr || qr === 'failed'}
            data-testid="help-card-print-button"
          >
            {t(`${k}.print`)}
          </Button>
        </Space>
      </div>
      {problem && (
        <Result
          className="gh-help-no-print"
          status={problem.notFound ? '404' : 'error'}
          title={problem.text}
          extra={!problem.notFound && <Button onClick={() => void load()}>{t('common.retry')}</Button>}
        />
      )}
      {!problem && !card && (
        <div className="gh-center-pad">
          <Spin />
        </div>
      )}
      {card && (
        <div className="gh-help-print-row">
          <div className="gh-help-print-sheet">
            <HelpCardSheet card={card} paper={paper} qr={qr} />
          </div>
          <Card size="small" className="gh-help-no-print gh-help-print-notes" title={t(`${k}.notes`)}>
            <Space orientation="vertical" size={8}>
              {card.helpers.length < 2 && (
                <Alert type="warning" showIcon title={t(`${k}.helpersMissing`)} data-testid="help-card-helpers-missing" />
              )}
              <Typography.Text>{t(`${k}.howTo`)}</Typography.Text>
              <Typography.Text type="secondary">{t(`${k}.scope`)}</Typography.Text>
              <Typography.Text type="secondary" data-testid="help-card-expires">
                {t(`${k}.expires`, { day: formatDate(card.expiresAt) })}
              </Typography.Text>
            </Space>
          </Card>
        </div>
      )}
    </div>
  );
}
