// Paying for an enrolment as the server asks (its payment's `action`): nothing to do when the
// development provider paid at once; WeChat's JS bridge inside WeChat (JSAPI); the provider's page
// elsewhere (H5), which comes back to /mutual-aid/paid. The order waiting for its result is kept in the
// tab's sessionStorage, so that coming back — by the provider's link or the back button — checks it.
import { inWechatBrowser } from '../wechat.ts';
import type { PayAction } from './api.ts';

const PENDING_KEY = 'gh.mutualAid.pendingOrder';

export interface PendingOrder {
  outTradeNo: string;
  planId: string;
  amountFen: number;
}

export function rememberOrder(order: PendingOrder): void {
  try {
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(order));
  } catch {
    // A private tab without storage: the return page reads the order number from its own address.
  }
}

export function pendingOrder(): PendingOrder | null {
  try {
    const raw = sessionStorage.getItem(PENDING_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<PendingOrder>;
    return typeof parsed.outTradeNo === 'string' && typeof parsed.planId === 'string' && typeof parsed.amountFen === 'number'
      ? { outTradeNo: parsed.outTradeNo, planId: parsed.planId, amountFen: parsed.amountFen }
      : null;
  } catch {
    return null;
  }
}

export function forgetOrder(): void {
  try {
    sessionStorage.removeItem(PENDING_KEY);
  } catch {
    // Nothing kept, nothing to forget.
  }
}

/** The page the provider's H5 cashier sends the payer back to (WeChat Pay: the h5_url's redirect_url). */
export function returnUrl(outTradeNo: string): string {
  return `${window.location.origin}/mutual-aid/paid?outTradeNo=${encodeURIComponent(outTradeNo)}`;
}

type JsapiParams = Extract<PayAction, { kind: 'jsapi' }>['params'];

interface WeixinJSBridge {
  invoke(name: 'getBrandWCPayRequest', params: JsapiParams, callback: (result: { err_msg?: string }) => void): void;
}

declare global {
  interface Window {
    WeixinJSBridge?: WeixinJSBridge;
  }
}

/** Waits for WeChat's bridge (it may not be there yet right after the page loads); null outside WeChat. */
function weixinBridge(timeoutMs = 3000): Promise<WeixinJSBridge | null> {
  if (window.WeixinJSBridge) return Promise.resolve(window.WeixinJSBridge);
  if (!inWechatBrowser()) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = window.setTimeout(() => resolve(window.WeixinJSBridge ?? null), timeoutMs);
    document.addEventListener(
      'WeixinJSBridgeReady',
      () => {
        window.clearTimeout(timer);
        resolve(window.WeixinJSBridge ?? null);
      },
      { once: true },
    );
  });
}

export type JsapiOutcome = 'ok' | 'cancel' | 'fail' | 'no-bridge';

/**
 * Opens WeChat's cashier with the server's signed parameters. 'ok' means WeChat says it is paid: the
 * server is asked all the same (the check route), as WeChat's documentation requires.
 */
export async function payInWechat(params: JsapiParams): Promise<JsapiOutcome> {
  const bridge = await weixinBridge();
  if (!bridge) return 'no-bridge';
  return new Promise((resolve) => {
    bridge.invoke('getBrandWCPayRequest', params, (result) => {
      const message = result.err_msg ?? '';
      resolve(message.endsWith(':ok') ? 'ok' : message.endsWith(':cancel') ? 'cancel' : 'fail');
    });
  });
}

/** The provider's H5 cashier, told where to come back to. */
export function cashierUrl(url: string, outTradeNo: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}redirect_url=${encodeURIComponent(returnUrl(outTradeNo))}`;
}
