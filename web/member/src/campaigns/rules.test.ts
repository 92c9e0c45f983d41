import { describe, expect, it } from 'vitest';
import { countdownParts, deviceId, localInstant, yuanText } from './rules.ts';

describe(localInstant.name, () => {
  it('moves the release onto a phone clock that runs five minutes fast', () => {
    const serverTime = '2026-07-01T01:59:00.000Z';
    const phoneNow = Date.parse(serverTime) + 5 * 60_000;
    const release = localInstant('2026-07-01T02:00:00.000Z', serverTime, phoneNow);
    // One minute to go on the server is one minute to go on the phone, whatever the phone says the time is.
    expect(release! - phoneNow).toBe(60_000);
  });
  it('gives null without a release or with an unreadable time', () => {
    expect(localInstant(null, '2026-07-01T01:59:00.000Z', 0)).toBeNull();
    expect(localInstant('soon', '2026-07-01T01:59:00.000Z', 0)).toBeNull();
  });
});

describe(countdownParts.name, () => {
  it('shows hours, minutes and seconds under a day', () => {
    expect(countdownParts(3725)).toEqual({ days: 0, clock: '01:02:05' });
    expect(countdownParts(59.9)).toEqual({ days: 0, clock: '00:00:59' });
  });
  it('counts whole days apart', () => {
    expect(countdownParts(86_400 + 3661)).toEqual({ days: 1, clock: '01:01:01' });
  });
  it('never goes below zero', () => {
    expect(countdownParts(-5)).toEqual({ days: 0, clock: '00:00:00' });
  });
});

describe(yuanText.name, () => {
  it('writes the seeds’ coupons as their faces do', () => {
    expect(yuanText(299)).toBe('2.99');
    expect(yuanText(300)).toBe('3');
    expect(yuanText(599)).toBe('5.99');
    expect(yuanText(350)).toBe('3.5');
    expect(yuanText(5)).toBe('0.05');
  });
});

describe(deviceId.name, () => {
  const memory = () => {
    const map = new Map<string, string>();
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
  };
  it('makes an id once and keeps it', () => {
    const storage = memory();
    let made = 0;
    const make = () => `abcd-1234-${++made}xyz`;
    const first = deviceId(storage, make);
    expect(first).toBe('abcd-1234-1xyz');
    expect(deviceId(storage, make)).toBe(first);
    expect(made).toBe(1);
  });
  it('still gives an id when storage throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(deviceId(broken, () => 'ffffffff-0000')).toBe('ffffffff-0000');
  });
});
