// Reads that may come from a standby (DATABASE_READ_URL): dashboards, exports, roll pages — the reads
// that come in bursts at month end and need no answer newer than a few seconds. How stale a standby is,
// is measured rather than assumed: twice a second the primary's WAL position is noted with the time,
// and the standby's replayed position tells which of those moments it has caught up with. A standby
// more than the bound behind (GONGHUI_READ_MAX_LAG_MS, 5 s by default), or out of reach, is left
// until it catches up: the reads go to the primary meanwhile. So a read from `p.readDb()` is at most the
// bound plus one check's interval old. A use case that writes reads in its own transaction, on the primary.
import type pg from 'pg';
import type { Db } from './tx.js';

export const CHECK_INTERVAL_MS = 500;

interface Sample {
  at: number;
  lsn: bigint;
}

/** A WAL position as PostgreSQL prints it (`16/B374D848`). */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  if (high === undefined || low === undefined) throw new Error(`not an LSN: ${text}`);
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/**
 * How old the standby's data is at `now`: since the latest moment the primary had written nothing the
 * standby has not replayed. Null when it has replayed none of the moments kept (further behind than them).
 */
export function stalenessMs(samples: readonly Sample[], replayed: bigint, now: number): number | null {
  for (let i = samples.length - 1; i >= 0; i--) {
    const sample = samples[i] as Sample;
    if (sample.lsn <= replayed) return Math.max(0, now - sample.at);
  }
  return null;
}

export interface ReplicaState {
  /** Reads go to the standby now. */
  inUse: boolean;
  /** The last measured staleness, or null when unknown (out of reach, too far behind). */
  stalenessMs: number | null;
  reason: 'fresh' | 'behind' | 'unreachable' | 'starting';
}

export class ReadReplica {
  private samples: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<ReplicaState> | null = null;
  state: ReplicaState = { inUse: false, stalenessMs: null, reason: 'starting' };

  constructor(
    private readonly primary: pg.Pool,
    private readonly replica: pg.Pool,
    private readonly primaryDb: Db,
    private readonly replicaDb: Db,
    readonly maxLagMs: number,
  ) {}

  /** The database the next read-only query should use. */
  db(): Db {
    return this.state.inUse ? this.replicaDb : this.primaryDb;
  }

  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Measures now (or joins the measurement under way); the timer calls it twice a second. */
  check(now = Date.now): Promise<ReplicaState> {
    this.checking ??= this.measureAll(now).finally(() => (this.checking = null));
    return this.checking;
  }

  private async measureAll(now: () => number): Promise<ReplicaState> {
    try {
      const { rows } = await this.primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      this.samples.push({ at: now(), lsn: parseLsn(rows[0]?.lsn ?? '0/0') });
      // Enough moments to measure up to twice the bound, no more.
      const keep = Math.ceil((2 * this.maxLagMs) / CHECK_INTERVAL_MS) + 2;
      if (this.samples.length > keep) this.samples.splice(0, this.samples.length - keep);
      this.state = await this.measure(now);
    } catch {
      this.state = { inUse: false, stalenessMs: null, reason: 'unreachable' };
    }
    return this.state;
  }

  private async measure(now: () => number): Promise<ReplicaState> {
    let standby: { standby: boolean; replayed: string | null } | undefined;
    try {
      const { rows } = await this.replica.query<{ standby: boolean; replayed: string | null }>(
        'select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replayed',
      );
      standby = rows[0];
    } catch {
      return { inUse: false, stalenessMs: null, reason: 'unreachable' };
    }
    // A read URL that reaches a primary (prefer-standby with the standby gone) reads current data.
    if (!standby?.standby) return { inUse: true, stalenessMs: 0, reason: 'fresh' };
    const staleness = standby.replayed === null ? null : stalenessMs(this.samples, parseLsn(standby.replayed), now());
    const fresh = staleness !== null && staleness <= this.maxLagMs;
    return { inUse: fresh, stalenessMs: staleness, reason: fresh ? 'fresh' : 'behind' };
  }
}
