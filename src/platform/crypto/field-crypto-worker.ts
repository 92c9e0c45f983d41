// A thread of FieldCryptoPool: applies the pool's field operations to each request's rows.
import { workerData, type Transferable } from 'node:worker_threads';
import { serveRequests } from '../workers/pool.js';
import { BlindIndex, FieldCipher } from './field-cipher.js';
import { applyFieldOps, type FieldCryptoReply, type FieldCryptoRequest, type FieldCryptoSetup } from './field-crypto-pool.js';

const { keys, ops } = workerData as FieldCryptoSetup;
// Buffers arrive as plain Uint8Arrays.
const crypto = {
  cipher: new FieldCipher(
    keys.dataCipher,
    keys.dataKeys.map((k) => ({ id: k.id, key: Buffer.from(k.key) })),
  ),
  blindIndex: new BlindIndex(Buffer.from(keys.blindIndexKey)),
};

serveRequests((input): { output: FieldCryptoReply; transfer: Transferable[] } => {
  const { values } = input as FieldCryptoRequest;
  const outputs = applyFieldOps(crypto, ops, values);
  let total = 0;
  for (const out of outputs) total += out?.length ?? 0;
  // Its own ArrayBuffer, never a slice of Node's shared buffer pool: it is handed to the other thread.
  const bytes = new ArrayBuffer(total);
  const view = Buffer.from(bytes);
  const ends = new Int32Array(outputs.length);
  let end = 0;
  outputs.forEach((out, i) => {
    if (out === null) ends[i] = -1;
    else {
      end += out.copy(view, end);
      ends[i] = end;
    }
  });
  return { output: { bytes, ends }, transfer: [bytes, ends.buffer] };
});
