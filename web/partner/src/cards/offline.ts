// The browser's own (offline) check of a card token: the published public keys, fetched once, and
// Ed25519 through WebCrypto where the browser offers it.
import { buildInit, send } from '../../../shared/api.ts';
import type { ApiResponse } from '../../../shared/api-types.ts';
import {
  fromBase64Url,
  hasSecureCrypto,
  verifyOffline,
  webCryptoEd25519,
  type Ed25519Verify,
  type OfflineVerdict,
  type PublishedCardKey,
} from './token.ts';

export type OfflineChecker =
  | { state: 'loading' }
  | { state: 'ready'; keys: PublishedCardKey[]; verify: Ed25519Verify }
  /** `insecure`: the page is not HTTPS, so there is no WebCrypto; `no-ed25519`: the browser lacks the algorithm. */
  | { state: 'unsupported'; reason: 'insecure' | 'no-ed25519' }
  | { state: 'failed'; message: string };

/** The published keys; `fresh` skips the HTTP cache (the server lets it keep them for an hour). */
export async function fetchCardKeys(fresh = false): Promise<PublishedCardKey[]> {
  const { init } = buildInit({ method: 'GET' });
  const { keys } = await send<ApiResponse<'/api/cards/keys', 'get'>>('/api/cards/keys', { ...init, cache: fresh ? 'no-cache' : 'default' });
  return keys.filter((k) => k.alg === 'Ed25519');
}

/** Loads the keys and probes the browser's Ed25519 support with the first of them. */
export async function loadOfflineChecker(): Promise<Exclude<OfflineChecker, { state: 'loading' } | { state: 'failed' }>> {
  if (!hasSecureCrypto()) return { state: 'unsupported', reason: 'insecure' };
  const keys = await fetchCardKeys();
  const probe = keys.map((k) => fromBase64Url(k.publicKey)).find((bytes) => bytes?.length === 32);
  if (!probe) throw new Error('no usable card key');
  const verify = await webCryptoEd25519(probe);
  if (!verify) return { state: 'unsupported', reason: 'no-ed25519' };
  return { state: 'ready', keys, verify };
}

/**
 * The offline verdict for one token. A token signed with a key id this page has not seen may come
 * from a key rotated in since the keys were loaded: fetch them again once before calling it unknown.
 */
export async function checkOffline(
  checker: OfflineChecker,
  token: string,
  onKeysRefreshed: (keys: PublishedCardKey[]) => void,
): Promise<OfflineVerdict> {
  if (checker.state === 'unsupported') return { result: 'unsupported', reason: checker.reason };
  if (checker.state !== 'ready') return { result: 'no-keys' };
  const verdict = await verifyOffline(token, checker.keys, checker.verify);
  if (verdict.result !== 'unknown-key') return verdict;
  try {
    const keys = await fetchCardKeys(true);
    onKeysRefreshed(keys);
    return await verifyOffline(token, keys, checker.verify);
  } catch {
    return verdict;
  }
}
