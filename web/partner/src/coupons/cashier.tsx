import { useEffect, useRef, useState, type FormEvent } from 'react';
import { App, Button, Card, Empty, Flex, Input, Modal, Result, Spin, Tag, Typography, type InputRef } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../../shared/api.ts';
import { groupCouponCode } from '../../../shared/coupon-code.ts';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { partnerApi, type Redemption } from '../api.ts';
import { CameraScanModal } from '../cards/camera-scan.tsx';
import { cameraScanAvailable } from '../cards/scan.ts';
import { randomUuid, type PartnerCredentials } from '../signing.ts';
import { cleanCouponCode, keyForSubmit, readCouponInput, parseYuanToFen, voidableToday, type PendingSubmit } from './till.ts';

type Outcome =
  { state: 'none' } | { state: 'pending' } | { state: 'ok'; redemption: Redemption } | { state: 'failed'; title: string; code: string };

/** No answer came (network, or the server failed): the same submit may be retried under the same key. */
const unanswered = (error: unknown) => !(error instanceof ApiError) || error.status === 0 || error.status >= 500;

function Amounts({ redemption }: { redemption: Redemption }) {
  const { t } = useTranslation();
  return (
    <div className="gh-till-amounts">
      <div>
        <div className="gh-till-amount-label">{t('partnerCoupons.result.discount')}</div>
        <div className="gh-till-amount gh-till-discount" data-testid="till-discount">
          {formatFen(redemption.discountFen)}
        </div>
      </div>
      <div>
        <div className="gh-till-amount-label">{t('partnerCoupons.result.pay')}</div>
        <div className="gh-till-amount gh-till-pay" data-testid="till-pay">
          {formatFen(redemption.payFen)}
        </div>
      </div>
    </div>
  );
}

/**
 * 收银核销: the cashier scans or types the member's coupon code and the order amount; the server checks
 * the threshold and redeems once. Each submit keeps its Idempotency-Key until it gets an answer, so a
 * retry after a dropped connection cannot redeem twice. Today's redemptions can be undone (撤销).
 */
export function CashierPanel({ credentials }: { credentials: PartnerCredentials }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [code, setCode] = useState('');
  const [amount, setAmount] = useState('');
  const [orderRef, setOrderRef] = useState('');
  const [codeProblem, setCodeProblem] = useState<string | null>(null);
  const [amountProblem, setAmountProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ state: 'none' });
  const [history, setHistory] = useState<Redemption[]>([]);
  const [canScan, setCanScan] = useState(false);
  const [cameraOpen, setCameraOpen] = useState(false);
  const [voiding, setVoiding] = useState<Redemption | null>(null);
  const [voidReason, setVoidReason] = useState('');
  const [voidProblem, setVoidProblem] = useState<string | null>(null);
  const [voidPending, setVoidPending] = useState(false);
  const pendingRedeem = useRef<PendingSubmit | null>(null);
  const pendingVoid = useRef<PendingSubmit | null>(null);
  const inFlight = useRef(false);
  const codeRef = useRef<InputRef | null>(null);
  const amountRef = useRef<InputRef | null>(null);

  useEffect(() => {
    let cancelled = false;
    void cameraScanAvailable().then((available) => {
      if (!cancelled) setCanScan(available);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const redeem = async (event?: FormEvent) => {
    event?.preventDefault();
    if (inFlight.current) return;
    const coupon = readCouponInput(code);
    const fen = parseYuanToFen(amount);
    setCodeProblem(coupon ? null : t('partnerCoupons.problem.codeFormat'));
    setAmountProblem(
      fen.ok
        ? null
        : t(
            `partnerCoupons.problem.${fen.problem === 'format' ? 'amountFormat' : fen.problem === 'zero' ? 'amountZero' : 'amountTooLarge'}`,
          ),
    );
    if (!coupon) {
      codeRef.current?.focus();
      return;
    }
    if (!fen.ok) {
      amountRef.current?.focus();
      return;
    }
    const ref = orderRef.trim();
    const pending = keyForSubmit(pendingRedeem.current, `${'code' in coupon ? coupon.code : coupon.token}|${fen.fen}|${ref}`, randomUuid);
    pendingRedeem.current = pending;
    inFlight.current = true;
    setSubmitting(true);
    // The last answer goes at once: a cashier must never read the previous order's 实付 as this one's.
    setOutcome({ state: 'pending' });
    try {
      const redemption = await partnerApi.redeemCoupon(
        credentials,
        { ...coupon, orderAmountFen: fen.fen, ...(ref ? { orderRef: ref } : {}) },
        pending.key,
      );
      pendingRedeem.current = null;
      setOutcome({ state: 'ok', redemption });
      setHistory((h) => [redemption, ...h.filter((r) => r.redemptionId !== redemption.redemptionId)]);
      setCode('');
      setAmount('');
      setOrderRef('');
      codeRef.current?.focus();
    } catch (error) {
      if (!unanswered(error)) pendingRedeem.current = null;
      setOutcome({ state: 'failed', title: errorText(error), code: error instanceof ApiError ? error.code : 'unknown' });
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const confirmVoid = async () => {
    if (!voiding || voidPending) return;
    const reason = voidReason.trim();
    if (reason.length < 2) {
      setVoidProblem(t('partnerCoupons.history.voidReasonRequired'));
      return;
    }
    const pending = keyForSubmit(pendingVoid.current, `${voiding.redemptionId}|${reason}`, randomUuid);
    pendingVoid.current = pending;
    setVoidPending(true);
    try {
      const voided = await partnerApi.voidRedemption(credentials, voiding.redemptionId, reason, pending.key);
      pendingVoid.current = null;
      setHistory((h) => h.map((r) => (r.redemptionId === voided.redemptionId ? voided : r)));
      setOutcome((o) => (o.state === 'ok' && o.redemption.redemptionId === voided.redemptionId ? { state: 'ok', redemption: voided } : o));
      setVoiding(null);
      void message.success(t('partnerCoupons.history.voidedOk'));
    } catch (error) {
      if (!unanswered(error)) pendingVoid.current = null;
      setVoidProblem(errorText(error));
    } finally {
      setVoidPending(false);
    }
  };

  const now = new Date();

  return (
    <>
      <div className="gh-till-layout">
        <Card title={t('partnerCoupons.panel.title')} className="gh-till-panel" data-testid="till-panel">
          <form onSubmit={(e) => void redeem(e)} noValidate>
            <label className="gh-till-label" htmlFor="till-code">
              {t('partnerCoupons.panel.code')}
            </label>
            <Flex gap={8}>
              <Input
                id="till-code"
                ref={codeRef}
                size="large"
                value={code}
                onChange={(e) => {
                  setCode(e.target.value);
                  if (codeProblem) setCodeProblem(null);
                }}
                onPressEnter={(e) => {
                  // A handheld scanner types the code and presses Enter: go on to the amount.
                  e.preventDefault();
                  amountRef.current?.focus();
                }}
                placeholder={t('partnerCoupons.panel.codePlaceholder')}
                inputMode="numeric"
                autoComplete="off"
                autoFocus
                status={codeProblem ? 'error' : undefined}
                className="gh-till-code-input"
                data-testid="till-code"
              />
              {canScan && (
                <Button size="large" icon={<CameraOutlined />} onClick={() => setCameraOpen(true)} data-testid="till-scan">
                  {t('partnerCoupons.panel.scan')}
                </Button>
              )}
            </Flex>
            {codeProblem && (
              <Typography.Text type="danger" data-testid="till-code-problem">
                {codeProblem}
              </Typography.Text>
            )}
            <label className="gh-till-label" htmlFor="till-amount">
              {t('partnerCoupons.panel.amount')}
            </label>
            <Input
              id="till-amount"
              ref={amountRef}
              size="large"
              prefix="¥"
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
                if (amountProblem) setAmountProblem(null);
              }}
              placeholder={t('partnerCoupons.panel.amountPlaceholder')}
              inputMode="decimal"
              autoComplete="off"
              status={amountProblem ? 'error' : undefined}
              className="gh-till-amount-input"
              data-testid="till-amount"
            />
            {amountProblem && (
              <Typography.Text type="danger" data-testid="till-amount-problem">
                {amountProblem}
              </Typography.Text>
            )}
            <label className="gh-till-label" htmlFor="till-order-ref">
              {t('partnerCoupons.panel.orderRef')}
            </label>
            <Input
              id="till-order-ref"
              value={orderRef}
              onChange={(e) => setOrderRef(e.target.value)}
              maxLength={64}
              autoComplete="off"
              data-testid="till-order-ref"
            />
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              block
              loading={submitting}
              className="gh-till-submit"
              data-testid="till-redeem"
            >
              {t('partnerCoupons.panel.redeem')}
            </Button>
            <Typography.Paragraph type="secondary" className="gh-till-hint">
              {t('partnerCoupons.panel.hint')}
            </Typography.Paragraph>
          </form>
        </Card>

        <Card className="gh-till-result" data-testid="till-result" data-state={outcome.state}>
          {outcome.state === 'none' && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('partnerCoupons.panel.hint')} />}
          {outcome.state === 'pending' && (
            <div className="gh-till-pending">
              <Spin size="large" />
            </div>
          )}
          {outcome.state === 'ok' && (
            <Result
              status={outcome.redemption.voidedAt ? 'info' : 'success'}
              title={outcome.redemption.voidedAt ? t('partnerCoupons.history.voided') : t('partnerCoupons.result.ok')}
              subTitle={
                <>
                  <div>{outcome.redemption.campaignName}</div>
                  <div>
                    {t('partnerCoupons.result.order', { amount: formatFen(outcome.redemption.orderAmountFen) })}
                    {' · '}
                    {t('partnerCoupons.result.code', { code: groupCouponCode(outcome.redemption.couponCode).join(' ') })}
                  </div>
                </>
              }
              extra={<Amounts redemption={outcome.redemption} />}
            />
          )}
          {outcome.state === 'failed' && (
            <Result
              status="error"
              title={t('partnerCoupons.result.failed')}
              subTitle={
                <span className="gh-till-problem" data-testid="till-problem" data-code={outcome.code}>
                  {outcome.title}
                </span>
              }
              extra={
                <Button size="large" onClick={() => void redeem()} data-testid="till-retry">
                  {t('partnerCoupons.result.retry')}
                </Button>
              }
            />
          )}
        </Card>

        <Card title={t('partnerCoupons.history.title')} className="gh-till-history" data-testid="till-history">
          {history.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('partnerCoupons.history.empty')} />
          ) : (
            <ol className="gh-till-history-list">
              {history.map((r) => (
                <li
                  key={r.redemptionId}
                  className="gh-till-history-item"
                  data-testid="till-history-item"
                  data-voided={r.voidedAt ? 'true' : 'false'}
                >
                  <div className="gh-till-history-main">
                    <span className="gh-till-history-code">{groupCouponCode(r.couponCode).join(' ')}</span>
                    <Typography.Text type="secondary">{formatDateTime(r.redeemedAt).slice(11)}</Typography.Text>
                    <Typography.Text type="secondary" ellipsis>
                      {r.campaignName}
                    </Typography.Text>
                  </div>
                  <div className="gh-till-history-money">
                    <span>
                      {t('partnerCoupons.history.discount')} {formatFen(r.discountFen)}
                    </span>
                    <span>
                      {t('partnerCoupons.history.pay')} {formatFen(r.payFen)}
                    </span>
                  </div>
                  <div className="gh-till-history-state">
                    {r.voidedAt ? (
                      <Tag>{t('partnerCoupons.history.voided')}</Tag>
                    ) : (
                      <>
                        <Tag color="success">{t('partnerCoupons.history.active')}</Tag>
                        {voidableToday(r.redeemedAt, now) && (
                          <Button
                            size="small"
                            danger
                            onClick={() => {
                              setVoiding(r);
                              setVoidReason('');
                              setVoidProblem(null);
                            }}
                            data-testid="till-void"
                          >
                            {t('partnerCoupons.history.void')}
                          </Button>
                        )}
                      </>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>

      <Modal
        open={voiding !== null}
        title={t('partnerCoupons.history.voidTitle')}
        okText={t('partnerCoupons.history.void')}
        okButtonProps={{ danger: true, loading: voidPending, 'data-testid': 'till-void-confirm' }}
        cancelText={t('common.cancel')}
        onOk={() => void confirmVoid()}
        onCancel={() => setVoiding(null)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('partnerCoupons.history.voidText')}</Typography.Paragraph>
        <label className="gh-till-label" htmlFor="till-void-reason">
          {t('partnerCoupons.history.voidReason')}
        </label>
        <Input.TextArea
          id="till-void-reason"
          value={voidReason}
          onChange={(e) => {
            setVoidReason(e.target.value);
            if (voidProblem) setVoidProblem(null);
          }}
          placeholder={t('partnerCoupons.history.voidReasonPlaceholder')}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 4 }}
          status={voidProblem ? 'error' : undefined}
          data-testid="till-void-reason"
        />
        {voidProblem && (
          <Typography.Text type="danger" data-testid="till-void-problem">
            {voidProblem}
          </Typography.Text>
        )}
      </Modal>

      <CameraScanModal
        open={cameraOpen}
        onClose={() => setCameraOpen(false)}
        onDetected={(text) => {
          setCameraOpen(false);
          // The member's QR carries a signed token; a code typed or read off paper, the 12 digits.
          setCode(cleanCouponCode(text) ?? text.trim());
          amountRef.current?.focus();
        }}
      />
    </>
  );
}
