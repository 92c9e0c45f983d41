// Uploads of tables on their way to an import: streamed to a file of the import's folder, never held
// in memory; the file holds names and 身份证号 in plaintext, so it is readable by this user only, in a
// folder only this user can enter, and its owner deletes it as soon as nothing will read it again.
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { t } from '../i18n/i18n.js';
import { TableReadError } from './table.js';

/**
 * Streams `body` to `<dir>/<name>` (created, never overwritten), at most `maxBytes`. A body too large
 * or empty throws a TableReadError that says so, and leaves no file behind.
 */
export async function saveUpload(dir: string, name: string, body: Readable, maxBytes: number): Promise<{ file: string; bytes: number }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  let bytes = 0;
  const tooLarge = () => new TableReadError(t('problems.files.too_large', { mb: Math.round(maxBytes / 1_048_576) }));
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) body.destroy(tooLarge());
  });
  try {
    await pipeline(body, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    // A body whose last chunk crossed the limit has ended before it could be stopped: refused all the same.
    if (bytes > maxBytes) throw tooLarge();
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  if (bytes === 0) {
    await rm(file, { force: true });
    throw new TableReadError(t('problems.files.empty'));
  }
  return { file, bytes };
}

/** Deletes an upload once nothing will read it again; never throws. */
export const dropUpload = (file: string): Promise<void> => rm(file, { force: true }).catch(() => undefined);
