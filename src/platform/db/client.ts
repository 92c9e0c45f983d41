import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { copyBinary } from './copy-binary.js';
import { choosingClient, HostChooser, needsHostChoice, parseDatabaseUrl } from './hosts.js';
import { ReadReplica } from './replica.js';
import { postgresPresence, singleProcessPresence, type Presence } from './presence.js';
import type { Db } from './tx.js';

import { MIGRATIONS_DIR } from '../paths.js';

// PostgreSQL returns int8/numeric as strings; counts we read fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export interface Database {
  db: Db;
  /**
   * Where a read-only query that may be a few seconds stale goes: the standby of DATABASE_READ_URL while
   * it is within its bound (replica.ts), else the primary; `db` itself without a read URL.
   */
  readDb(): Db;
  /** The standby's reads and how stale it was at the last check; null without DATABASE_READ_URL. */
  replica: ReadReplica | null;
  driver: 'pglite' | 'postgres';
  /** The node-postgres pool, for driver-level work Drizzle has no API for (COPY); null on PGlite. */
  pool: pg.Pool | null;
  /**
   * Binary COPY data (HEADER, tuples, TRAILER: copy-binary.ts) into `table (columns)`, in a transaction
   * of its own: over a connection of the pool on PostgreSQL, as one blob on PGlite.
   */
  copyBinary(table: string, columns: readonly string[], data: readonly Buffer[]): Promise<void>;
  /** Whether the process that owns a piece of work is alive (imports use it to find orphaned jobs). */
  presence: Presence;
  migrate(): Promise<void>;
  /** LISTENs on a channel until the returned function is called. */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ListenHandlers {
  notify: (payload: string) => void;
  /** The listening connection dropped: notifications are missed until restored() (PostgreSQL only). */
  lost: () => void;
  /** Listening again; what was sent meanwhile is lost. */
  restored: () => void;
}

export interface DatabaseOptions {
  /** postgres://… → node-postgres; absent → embedded PGlite in dataDir (or memory when dataDir is 'memory://'). */
  url?: string | undefined;
  dataDir?: string;
  /**
   * A PGlite data directory as PGlite's dumpDataDir() writes it (a tarball): a new embedded database
   * starts from it instead of running initdb. Ignored when dataDir already holds a database, and on
   * PostgreSQL. The tests start every database from one migrated image, made once per run.
   */
  image?: Blob;
  poolSize?: number;
  logQueries?: boolean;
  /** DATABASE_READ_URL: a standby (or a formation's `prefer-standby` URL) for stale-tolerant reads. PostgreSQL only. */
  readUrl?: string | undefined;
  /** The most a read from the standby may be behind the primary (GONGHUI_READ_MAX_LAG_MS). */
  readMaxLagMs?: number;
}

export class DataDirLockedError extends Error {}

function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'gonghui.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      // Our own pid counts too: this process opening the directory twice would diverge just the same.
      if (Number.isInteger(pid) && isAlive(pid)) {
        throw new DataDirLockedError(
          `数据目录 ${dir} 已被进程 ${pid} 使用：内嵌数据库只允许一个进程打开（多实例请使用 PostgreSQL，设置 DATABASE_URL）`,
        );
      }
      // A stale lock from a process that died: take it over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(`cannot lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) {
    const read = options.readUrl ? { url: options.readUrl, maxLagMs: options.readMaxLagMs ?? 5_000 } : null;
    return openPostgres(options.url, options.poolSize ?? 20, read);
  }
  return openPglite(options.dataDir ?? './data', options.image);
}

async function openPglite(dataDir: string, image: Blob | undefined): Promise<Database> {
  const inMemory = dataDir === 'memory://';
  const unlock = inMemory ? () => undefined : lockDataDir(dataDir);
  try {
    // Loaded only here: the embedded engine (a WebAssembly PostgreSQL) costs 40 MB of a server's RSS,
    // which a server on PostgreSQL would carry for nothing.
    const [{ PGlite }, { cube }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/cube'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    // The contrib extensions the migrations create (cube: the nearest-station index, ADR 0016).
    const extensions = { cube };
    const pgdata = path.join(dataDir, 'pglite');
    const loadDataDir = image && (inMemory || !existsSync(path.join(pgdata, 'PG_VERSION'))) ? image : undefined;
    const options = { extensions, ...(loadDataDir ? { loadDataDir } : {}) };
    const client = inMemory ? new PGlite(options) : new PGlite(pgdata, options);
    await client.waitReady;
    const db = drizzlePglite(client) as unknown as Db;
    return {
      db,
      readDb: () => db,
      replica: null,
      driver: 'pglite',
      pool: null,
      copyBinary: async (table, columns, data) => {
        await client.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob' (format binary)`, [], { blob: new Blob([...data]) });
      },
      presence: singleProcessPresence(),
      migrate: async () => {
        await migratePglite(drizzlePglite(client), {
          migrationsFolder: MIGRATIONS_DIR,
        });
      },
      // One session: PGlite delivers a notification to its own listeners when the COMMIT runs.
      listen: async (channel, handlers) => client.listen(channel, handlers.notify),
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** A pool on a one-host or multi-host URL, and a client factory on the same URL for long-lived connections. */
function poolFor(url: string, max: number, applicationName: string) {
  // Several hosts (a failover formation's URL): every connection goes to the one the URL asks for.
  const address = parseDatabaseUrl(url);
  const Client = needsHostChoice(address) ? choosingClient(new HostChooser(address)) : pg.Client;
  const target: pg.ClientConfig = Client === pg.Client ? { connectionString: url } : {};
  const newClient = (name: string) => new Client({ ...target, application_name: name });
  const pool = new pg.Pool({
    ...target,
    Client,
    max,
    application_name: applicationName,
    // A primary whose machine dropped off the network refuses nothing: a connect to it gives up after
    // 5 s (and the next finds the new primary), and a query left waiting on it is found dead by TCP
    // keepalive from 10 s idle on (the probes' interval and count are the kernel's: OPERATIONS.md).
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // A client losing its connection must not crash the process: idle, the pool drops it ('error' here);
  // checked out (a transaction between two statements), pg also emits 'error', with no listener left
  // by the pool. Its statements fail on their own (a retryable 503) and the pool discards it on release.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', (error) => reclaimIfLost(client, error)));
  pool.on('acquire', (client) => held.add(client));
  pool.on('release', (_error, client) => held.delete(client));
  return { pool, newClient };
}

const held = new WeakSet<pg.PoolClient>();

/**
 * A checked-out client whose connection died is given back to the pool if its holder does not. The
 * holder that does not is drizzle's transaction(): its BEGIN runs outside the try/finally that releases
 * the client (drizzle-orm#6241, open for 0.45), so each BEGIN on a connection a failover cut would keep
 * a pool slot for the life of the process, until no request could get one. A holder that still releases
 * it later finds its release already done.
 */
function reclaimIfLost(client: pg.PoolClient, error: Error): void {
  if (!held.has(client)) return;
  setTimeout(() => {
    if (!held.has(client)) return;
    const release = client.release.bind(client);
    client.release = () => undefined;
    release(error);
  }, RECLAIM_AFTER_MS).unref();
}

/** Long enough for a holder that will release the client (its statements fail at once) to have done so. */
const RECLAIM_AFTER_MS = 1_000;

async function openPostgres(url: string, max: number, read: { url: string; maxLagMs: number } | null): Promise<Database> {
  const { pool, newClient } = poolFor(url, max, 'gonghui');
  const db = drizzlePg(pool) as unknown as Db;
  const readPool = read ? poolFor(read.url, Math.max(2, Math.ceil(max / 2)), 'gonghui-read').pool : null;
  const replica = read && readPool ? new ReadReplica(pool, readPool, db, drizzlePg(readPool), read.maxLagMs) : null;
  replica?.start();
  const presence = postgresPresence(newClient, pool);
  return {
    db,
    readDb: () => replica?.db() ?? db,
    replica,
    driver: 'postgres',
    pool,
    copyBinary: (table, columns, data) => copyBinary(pool, table, columns, data),
    presence,
    migrate: async () => {
      // N instances may start together: one migrates while the others wait on the lock.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(727272)');
        await migratePg(drizzlePg(client), {
          migrationsFolder: MIGRATIONS_DIR,
        });
      } finally {
        await client.query('select pg_advisory_unlock(727272)').catch(() => undefined);
        client.release();
      }
    },
    listen: (channel, handlers) => listenPostgres(newClient, channel, handlers),
    close: async () => {
      replica?.stop();
      await presence.close();
      await readPool?.end();
      await pool.end();
    },
  };
}

// A dedicated connection for LISTEN (a pooled one would be handed to queries). When it drops, the
// caller is told at once (notifications are being missed from then on) and again when it is back, and
// it reconnects with backoff: 1 s, 2 s, 4 s … at most 30 s, from 1 s again after each success.
async function listenPostgres(
  newClient: (applicationName: string) => pg.Client,
  channel: string,
  handlers: ListenHandlers,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const schedule = (attempt: number) => {
    retry = setTimeout(() => void connect(attempt).catch(() => undefined), Math.min(30_000, 500 * 2 ** attempt));
  };
  const connect = async (attempt: number): Promise<void> => {
    const next = newClient('gonghui-listen');
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.notify(message.payload ?? '');
    });
    const lost = () => {
      if (stopped || client !== next) return;
      client = null;
      handlers.lost();
      schedule(1);
    };
    next.on('error', lost);
    next.on('end', lost);
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replace(/"/g, '')}"`);
      if (stopped) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      if (attempt > 0) handlers.restored();
    } catch (error) {
      await next.end().catch(() => undefined);
      if (attempt === 0) throw error;
      if (!stopped) schedule(attempt + 1);
    }
  };
  await connect(0);
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
