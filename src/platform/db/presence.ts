// Whether the process that started a long piece of work (an import) is still alive. A heartbeat alone
// answers only after its lease has run out, and until then a job whose process was killed looks busy
// and blocks the next one. The database can answer at once: on PostgreSQL a process that owns work
// keeps one connection named after its token, and a killed process's connections end with it; on
// PGlite only one process can open the data directory, so work owned by any other token is orphaned.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

export interface Presence {
  /** This process's token (new every time a database is opened): store it on the work it owns. */
  readonly token: string;
  /** Makes this process visible to the others before it takes on work. */
  announce(): Promise<void>;
  /** Those of `tokens` whose process is gone. */
  gone(tokens: readonly string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

const PREFIX = 'gonghui-owner:';

/** PGlite: one process per data directory, so every token but ours is a process that has ended. */
export function singleProcessPresence(): Presence {
  const token = randomUUID();
  return {
    token,
    announce: async () => undefined,
    gone: async (tokens) => new Set(tokens.filter((t) => t !== token)),
    close: async () => undefined,
  };
}

/**
 * PostgreSQL: a dedicated connection whose application_name carries the token; pg_stat_activity
 * lists it for as long as this process lives. If it drops while we live, it is opened again the
 * next time work is announced (in between, our work may be judged orphaned: it then fails cleanly
 * when it next writes, see the imports' publish step).
 */
export function postgresPresence(newClient: (applicationName: string) => pg.Client, pool: pg.Pool): Presence {
  const token = randomUUID();
  let client: pg.Client | null = null;
  let opening: Promise<void> | null = null;
  const open = async () => {
    const next = newClient(`${PREFIX}${token}`);
    next.on('error', () => undefined);
    next.on('end', () => {
      if (client === next) client = null;
    });
    await next.connect();
    client = next;
  };
  return {
    token,
    announce: async () => {
      if (client) return;
      opening ??= open().finally(() => {
        opening = null;
      });
      await opening;
    },
    gone: async (tokens) => {
      if (tokens.length === 0) return new Set();
      const { rows } = await pool.query<{ name: string }>(
        `select application_name as name from pg_stat_activity where datname = current_database() and application_name = any($1::text[])`,
        [tokens.map((t) => `${PREFIX}${t}`)],
      );
      const alive = new Set(rows.map((r) => r.name.slice(PREFIX.length)));
      return new Set(tokens.filter((t) => !alive.has(t)));
    },
    close: async () => {
      const closing = client;
      client = null;
      await closing?.end().catch(() => undefined);
    },
  };
}
