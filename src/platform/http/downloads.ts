// Files a route streams to the browser as a download (.xlsx exports): the headers every export
// needs (an ASCII name for old clients, the Chinese one by RFC 5987, no caching of personal data),
// and a failure after the first byte ends the download instead of going unhandled.
import { PassThrough, type Writable } from 'node:stream';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `attachment` with an ASCII fallback name and the real (Chinese) name. */
export function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Answers with what `write` streams into it, as a download named `name` (`asciiName` for clients
 * without RFC 5987). Checks and audit records belong before the call: once it runs, the answer is 200.
 */
export function streamDownload(
  reply: FastifyReply,
  log: FastifyBaseLogger,
  file: { type: string; asciiName: string; name: string },
  write: (out: Writable) => Promise<unknown>,
): FastifyReply {
  const out = new PassThrough();
  reply
    .header('content-type', file.type)
    .header('content-disposition', attachment(file.asciiName, file.name))
    .header('cache-control', 'no-store');
  write(out).catch((error: unknown) => {
    log.error({ err: error, file: file.asciiName }, 'download failed mid-stream');
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return reply.send(out);
}
