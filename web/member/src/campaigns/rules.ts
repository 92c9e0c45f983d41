// Pure helpers of the benefits pages: the countdown on the server's clock, the coupon's yuan, the
// browser's device id. No React, no I/O beyond the storage handed in.

/**
 * The moment `at` (an instant on the server's clock) on this device's clock. A phone's clock may be
 * minutes off, so the countdown is measured from the server time that came with the list:
 * `localReceivedAt` is Date.now() when that answer arrived.
 */
export function localInstant(at: string | null, serverTime: string, localReceivedAt: number): number | null {
  if (!at) return null;
  const target = Date.parse(at);
  const server = Date.parse(serverTime);
  if (Number.isNaN(target) || Number.isNaN(server)) return null;
  return target - (server - localReceivedAt);
}

export interface CountdownParts {
  days: number;
  /** HH:MM:SS of what is left below a whole day. */
  clock: string;
}

/** Seconds left as days and a clock: 90061 → { days: 1, clock: '01:01:01' }. */
export function countdownParts(seconds: number): CountdownParts {
  const left = Math.max(0, Math.floor(seconds));
  const days = Math.floor(left / 86_400);
  const rest = left % 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  return { days, clock: `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}` };
}

/** 3 from 300 fen, 2.99 from 299, 6 from 600: yuan without trailing zeros, as a coupon face shows it. */
export function yuanText(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return String(whole);
  return `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

const DEVICE_KEY = 'gonghui.deviceId';
const DEVICE_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * This browser's random id, made once and kept in storage: the server counts claims per device, so a
 * phone farm's many accounts on one device show up. Storage that fails (private mode) gives a fresh id.
 */
export function deviceId(storage: Pick<Storage, 'getItem' | 'setItem'> | null, makeId: () => string): string {
  try {
    const kept = storage?.getItem(DEVICE_KEY);
    if (kept && DEVICE_PATTERN.test(kept)) return kept;
  } catch {
    // storage refused: fall through to a fresh id
  }
  const made = makeId().replace(/[^A-Za-z0-9_-]/g, '');
  try {
    storage?.setItem(DEVICE_KEY, made);
  } catch {
    // not kept; the id still goes with this claim
  }
  return made;
}
