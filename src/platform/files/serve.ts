// Answering with a stored file: the bytes of a hash never change, so a browser (or, for public files, a
// proxy) keeps them as long as it likes and asks again only with the hash as its ETag; the type is the
// one sniffed when the file was put, and the browser is told not to guess another (a "photo" that is
// really HTML must never run as a page of ours).
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FileStore, StoredFile } from './store.js';

/**
 * Who may keep a copy: 'private' — the browser only (scoped to a staff member's subtree); 'public' —
 * any cache on the way (a station's photos the H5 shows to anyone).
 */
export type FileAudience = 'private' | 'public';

const ONE_YEAR = 31_536_000;

/** inline, with an ASCII fallback name and the real (Chinese) one by RFC 5987. */
function inlineDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'file';
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  store: FileStore,
  file: Pick<StoredFile, 'sha256' | 'contentType' | 'name'>,
  audience: FileAudience,
): Promise<FastifyReply> {
  const etag = `"${file.sha256}"`;
  reply
    .header('cache-control', `${audience}, max-age=${ONE_YEAR}, immutable`)
    .header('etag', etag)
    .header('x-content-type-options', 'nosniff')
    // Opened on its own (a PDF in a tab), the file may run nothing and reach nothing.
    .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
    .header('cross-origin-resource-policy', 'same-origin');
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
  const { stream, bytes } = await store.open(file.sha256);
  return reply
    .header('content-type', file.contentType)
    .header('content-length', String(bytes))
    .header('content-disposition', inlineDisposition(file.name))
    .send(stream);
}

/**
 * A route whose body is a file itself (a photo, a PDF), read as a stream straight into the store: its
 * type is told from its bytes, never from its name or the Content-Type it came with.
 */
export const BINARY_UPLOAD = { upload: { types: ['application/octet-stream'], as: 'stream' } } as const;

/** The upload's stream; any other body (JSON, say) is not a file, and `refuse` says so in the module's words. */
export function binaryBody(req: Pick<FastifyRequest, 'body'>, refuse: () => Error): Readable {
  if (!(req.body instanceof Readable)) throw refuse();
  return req.body;
}
