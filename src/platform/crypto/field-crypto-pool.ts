// Field cryptography for many rows at once (the roll import), in worker threads: the AES-GCM and the
// HMACs of a row's personal fields cost more than the rest of its import, and on the event loop they
// would cap an import at one core and keep the server's requests waiting behind it.
import type { Config } from '../config/config.js';
import { defaultPoolSize, WorkerPool, type PoolOptions } from '../workers/pool.js';
import { threadModule } from '../workers/thread.js';
import { BlindIndex, FieldCipher } from './field-cipher.js';

/** One output of a row: a value encrypted under a context, or its blind index. */
export interface FieldOp {
  kind: 'encrypt' | 'index';
  context: string;
}

export type FieldKeys = Pick<Config, 'dataCipher' | 'dataKeys' | 'blindIndexKey'>;

/**
 * Applies `ops` to `values`, `ops.length` of them a row, row after row (a null value gives null): what
 * a thread does with a request, and the caller's thread with one row or, on one core, with all.
 */
export function applyFieldOps(
  crypto: { cipher: FieldCipher; blindIndex: BlindIndex },
  ops: readonly FieldOp[],
  values: readonly (string | null)[],
): (Buffer | null)[] {
  return values.map((value, i) => {
    if (value === null) return null;
    const op = ops[i % ops.length] as FieldOp;
    return op.kind === 'encrypt' ? crypto.cipher.encrypt(value, op.context) : crypto.blindIndex.compute(value, op.context);
  });
}

/** What a thread is started with. */
export interface FieldCryptoSetup {
  keys: FieldKeys;
  ops: readonly FieldOp[];
}

export interface FieldCryptoRequest {
  values: (string | null)[];
}

/** The outputs packed into one buffer handed over whole: a buffer per value would be copied each. */
export interface FieldCryptoReply {
  bytes: ArrayBuffer;
  /** Where each output ends in `bytes`; -1 for a null. */
  ends: Int32Array;
}

/** Field cryptography in worker threads; with no threads (a one-core machine), on the caller's. */
export class FieldCryptoPool {
  private readonly pool: WorkerPool<FieldCryptoRequest, FieldCryptoReply> | null;
  private readonly inline: { cipher: FieldCipher; blindIndex: BlindIndex } | null;

  constructor(
    keys: FieldKeys,
    readonly ops: readonly FieldOp[],
    options: Pick<PoolOptions, 'size'> = {},
  ) {
    const size = options.size ?? defaultPoolSize();
    if (size === 0) {
      this.pool = null;
      this.inline = { cipher: new FieldCipher(keys.dataCipher, keys.dataKeys), blindIndex: new BlindIndex(keys.blindIndexKey) };
      return;
    }
    this.inline = null;
    this.pool = new WorkerPool(threadModule('field-crypto-worker', import.meta.url), {
      size,
      workerData: { keys, ops } satisfies FieldCryptoSetup,
      // The thread holds one request's rows at a time; a small heap keeps the process's memory flat.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 24 },
    });
  }

  /** Threads working; 0 when the work runs on the caller's. */
  get size(): number {
    return this.pool?.size ?? 0;
  }

  /** `values` holds `ops.length` values a row, row after row; the outputs come in the same layout. */
  async run(values: (string | null)[]): Promise<(Buffer | null)[]> {
    if (this.inline) return applyFieldOps(this.inline, this.ops, values);
    const { bytes, ends } = await (this.pool as WorkerPool<FieldCryptoRequest, FieldCryptoReply>).run({ values });
    const outputs = new Array<Buffer | null>(ends.length);
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i] as number;
      if (end < 0) outputs[i] = null;
      else {
        outputs[i] = Buffer.from(bytes, start, end - start);
        start = end;
      }
    }
    return outputs;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
