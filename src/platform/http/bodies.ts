import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { commonErrors } from '../errors/app-error.js';
import { decodeUtf8 } from '../text/text.js';

// What a request body may be, decided per route (issue 13: a stranger's 49 MB of CSV at the sign-in
// was parsed into 6 GB of "unknown key" problems). JSON is the only body most routes take, read up to
// the small overall limit. A route that takes a file says so in its config (`upload`); every other
// type is refused with 415 from the headers alone, before a byte of the body is read.

/** How a file route takes its body: the bytes in memory (small files), or the stream (a roll of a million rows). */
export type UploadSpec = { types: readonly string[]; as: 'stream' } | { types: readonly string[]; as: 'buffer'; limitBytes: number };

declare module 'fastify' {
  interface FastifyContextConfig {
    upload?: UploadSpec;
  }
}

/** Deeper than any body a route of ours takes; JSON.parse and the validators recurse per level. */
export const MAX_JSON_DEPTH = 32;

/** The file types any upload route may take; which route takes which is in its own `upload` config. */
const FILE_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

export function registerBodyParsers(app: FastifyInstance): void {
  // Fastify parses text/plain by default: that is what a cross-site `<form enctype="text/plain">` sends.
  app.removeAllContentTypeParsers();

  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // Decoded strictly: bytes that are not UTF-8 are the client's error, not U+FFFD in a stored name.
    const text = decodeUtf8(body as Buffer);
    if (text === null) return done(commonErrors.invalidEncoding(), undefined);
    request.rawBody = text;
    // A partner's signature covers these bytes: it is checked before they are parsed (guard.ts).
    if (request.routeOptions.config.access?.auth === 'partner') return done(null, undefined);
    try {
      done(null, parseJsonBody(text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addContentTypeParser(FILE_TYPES, (request, payload, done) => {
    const upload = request.routeOptions.config.upload;
    const type = mediaType(request);
    if (!upload || !upload.types.includes(type)) return done(commonErrors.unsupportedMediaType(), undefined);
    if (upload.as === 'stream') return done(null, payload);
    readAtMost(payload, upload.limitBytes).then(
      (buffer) => done(null, buffer),
      (error: unknown) => done(error as Error, undefined),
    );
  });
}

/** The body's media type, lower-cased and without parameters. */
export function mediaType(request: Pick<FastifyRequest, 'headers'>): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** JSON text → value; empty means no body; malformed or too deep is the client's error (400), never a stack overflow. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw commonErrors.bodyTooDeep({ max: MAX_JSON_DEPTH });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw commonErrors.malformedJson();
  }
}

/** Whether brackets outside strings nest deeper than `max`; one pass, no recursion. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

function readAtMost(stream: Readable, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      // Stop here: the answer goes out at once and the connection is closed after it (app.ts), rather
      // than reading the rest of an oversized upload.
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.pause();
      reject(commonErrors.payloadTooLarge());
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
}
