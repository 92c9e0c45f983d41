import type { FastifyReply, FastifyRequest } from 'fastify';
import { partnerWrite, runIdempotent, type PartnerWrite } from '../auth/idempotency.js';
import type { Db, Tx } from '../db/tx.js';
import { requirePartner, takeUnspentNonce } from './guard.js';

/**
 * Answers a state-changing partner request at most once per Idempotency-Key (runIdempotent): the use
 * case and the stored answer commit together, and a retry gets the first answer, marked
 * `idempotent-replayed`. The request's signed raw body is what a reused key is compared by.
 */
export async function sendIdempotent(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  fn: (tx: Tx) => Promise<{ status: number; body: unknown }>,
): Promise<FastifyReply> {
  const principal = requirePartner(req);
  const header = req.headers['idempotency-key'];
  const result = await runIdempotent(
    db,
    {
      partnerId: principal.partnerId,
      key: typeof header === 'string' ? header : undefined,
      method: req.method,
      path: req.url,
      rawBody: req.rawBody,
    },
    fn,
  );
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(result.status).send(result.body);
}

/**
 * The partner write of a request whose route records its nonce in the use case (`nonceInUseCase`), for
 * a batch (`claimPartnerWrites`): its nonce, its Idempotency-Key (400 when missing) and what it signed.
 */
export function partnerWriteOf(req: FastifyRequest): PartnerWrite {
  const principal = requirePartner(req);
  const { keyId, nonce } = takeUnspentNonce(req);
  const header = req.headers['idempotency-key'];
  return partnerWrite({
    partnerId: principal.partnerId,
    keyId,
    nonce,
    key: typeof header === 'string' ? header : undefined,
    method: req.method,
    path: req.url,
    rawBody: req.rawBody,
  });
}
