// A multi-host DATABASE_URL, as libpq takes it and as `pg_autoctl show uri` prints it:
//   postgres://user@db1:5432,db2:5432/gonghui?target_session_attrs=read-write
// node-postgres connects to one host only. Each connection here goes to the host that is, when it
// connects, what target_session_attrs asks for (the primary, for read-write), as libpq would choose it;
// after a failover the next connection finds the new primary by itself. The host found is kept until a
// connection to it fails or turns out to be the wrong kind, so a healthy cluster costs no extra round trip.
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';

export type TargetSessionAttrs = 'any' | 'read-write' | 'read-only' | 'primary' | 'standby' | 'prefer-standby';

const TARGETS: readonly TargetSessionAttrs[] = ['any', 'read-write', 'read-only', 'primary', 'standby', 'prefer-standby'];

export interface HostPort {
  host: string;
  port: number;
}

export interface DatabaseAddress {
  hosts: HostPort[];
  target: TargetSessionAttrs;
  /** The connection settings but the host: user, password, database, ssl, application_name… */
  config: pg.ClientConfig;
}

const DEFAULT_PORT = 5432;

/**
 * Parses a postgres:// URL with one host or several (`h1:p1,h2:p2`). Throws with the reason on a URL
 * it cannot read; the password stays out of the message.
 */
export function parseDatabaseUrl(url: string): DatabaseAddress {
  const match = /^(postgres(?:ql)?):\/\/(?:([^@/]*)@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/.exec(url);
  if (!match) throw new Error('not a postgres:// URL');
  const [, scheme, userInfo, hostList, pathPart, query] = match;
  const hosts = (hostList ?? '').split(',').map(parseHost);
  if (hosts.length === 0 || hosts.some((h) => h.host === '')) throw new Error('names no host');
  const params = new URLSearchParams(query ?? '');
  const target = (params.get('target_session_attrs') ?? 'any') as TargetSessionAttrs;
  if (!TARGETS.includes(target)) throw new Error(`target_session_attrs=${target} is not one of ${TARGETS.join(', ')}`);
  params.delete('target_session_attrs');
  // node-postgres reads the rest (user, password, database, sslmode…) from a one-host URL.
  const rest = params.toString();
  const single = `${scheme}://${userInfo === undefined ? '' : `${userInfo}@`}placeholder${pathPart ?? ''}${rest ? `?${rest}` : ''}`;
  const { host: _host, port: _port, ...config } = parseIntoClientConfig(single);
  return { hosts, target, config };
}

function parseHost(part: string): HostPort {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(part);
  const [host, port] = bracketed ? [bracketed[1] ?? '', bracketed[2]] : splitHostPort(part);
  const n = port === undefined || port === '' ? DEFAULT_PORT : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`port ${port} is not a port`);
  return { host: decodeURIComponent(host), port: n };
}

function splitHostPort(part: string): [string, string | undefined] {
  const colon = part.lastIndexOf(':');
  return colon < 0 ? [part, undefined] : [part.slice(0, colon), part.slice(colon + 1)];
}

/** Whether a URL needs the choosing client: several hosts, or a target other than any. */
export function needsHostChoice(address: DatabaseAddress): boolean {
  return address.hosts.length > 1 || address.target !== 'any';
}

/** What a server said it is, read once a connection is up. */
interface ServerKind {
  standby: boolean;
  readOnly: boolean;
}

function accepts(target: TargetSessionAttrs, kind: ServerKind): boolean {
  switch (target) {
    case 'any':
    case 'prefer-standby':
      return true;
    case 'read-write':
      return !kind.readOnly && !kind.standby;
    case 'read-only':
      return kind.readOnly || kind.standby;
    case 'primary':
      return !kind.standby;
    case 'standby':
      return kind.standby;
  }
}

/** No host is what the URL asks for (the cluster is failing over): retry in a few seconds. */
export class NoTargetHostError extends Error {
  readonly code = 'GONGHUI_NO_TARGET_HOST';
}

async function kindOf(client: pg.Client): Promise<ServerKind> {
  const { rows } = await client.query<{ standby: boolean; read_only: string }>(
    `select pg_is_in_recovery() as standby, current_setting('transaction_read_only') as read_only`,
  );
  return { standby: rows[0]?.standby === true, readOnly: rows[0]?.read_only === 'on' };
}

/**
 * Chooses the host of each new connection. Probes the hosts in the URL's order (prefer-standby: a
 * standby first, then any) and keeps the one found until `forget`.
 */
export class HostChooser {
  private found: HostPort | null = null;
  private probing: Promise<HostPort> | null = null;

  constructor(
    readonly address: DatabaseAddress,
    private readonly probeTimeoutMs = 1_500,
  ) {}

  async current(): Promise<HostPort> {
    if (this.found) return this.found;
    this.probing ??= this.probe().finally(() => (this.probing = null));
    return this.probing;
  }

  /** The host failed a connection or is no longer the kind asked for: probe again on the next connect. */
  forget(host: HostPort): void {
    if (this.found && this.found.host === host.host && this.found.port === host.port) this.found = null;
  }

  /** Whether a connected server is the kind the URL asks for. */
  async suits(client: pg.Client): Promise<boolean> {
    if (this.address.target === 'any' || this.address.target === 'prefer-standby') return true;
    return accepts(this.address.target, await kindOf(client));
  }

  private async probe(): Promise<HostPort> {
    const { hosts, target } = this.address;
    const seen: { host: HostPort; kind: ServerKind | null }[] = await Promise.all(
      hosts.map(async (host) => ({ host, kind: await this.kindAt(host) })),
    );
    const up = seen.filter((s): s is { host: HostPort; kind: ServerKind } => s.kind !== null);
    const chosen = target === 'prefer-standby' ? (up.find((s) => s.kind.standby) ?? up[0]) : up.find((s) => accepts(target, s.kind));
    if (!chosen) {
      const said = seen.map((s) => `${s.host.host}:${s.host.port} ${describe(s.kind)}`).join(', ');
      throw new NoTargetHostError(`no ${target} server among ${said}`);
    }
    this.found = chosen.host;
    return chosen.host;
  }

  private async kindAt(host: HostPort): Promise<ServerKind | null> {
    // Bounded in all (connect, then one query) well inside the pool's 5 s connect timeout: a host that
    // takes longer to say what it is, is not the one to send the load to.
    const client = new pg.Client({
      ...this.address.config,
      ...host,
      connectionTimeoutMillis: this.probeTimeoutMs,
      query_timeout: this.probeTimeoutMs,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await kindOf(client);
    } catch {
      return null;
    } finally {
      // Not awaited: a server slow to answer may be as slow to say goodbye, and the probe has its answer.
      void client.end().catch(() => undefined);
    }
  }
}

const describe = (kind: ServerKind | null) =>
  kind === null ? 'unreachable' : kind.standby ? 'standby' : kind.readOnly ? 'read-only primary' : 'primary';

type ConnectCallback = ((error: Error) => void) & ((error: null, client: pg.Client) => void);

/**
 * A node-postgres Client class whose connections go to the host the chooser finds, for pg.Pool's
 * `Client` option and for the LISTEN and presence connections. A connection to a host of the wrong
 * kind (a primary just demoted) is closed and the host forgotten; the caller gets a retryable error.
 */
export function choosingClient(chooser: HostChooser): typeof pg.Client {
  return class ChoosingClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({ ...(typeof config === 'object' ? withoutConnectionString(config) : {}), ...chooser.address.config });
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.Client> | void {
      const done = this.connectChosen().then(() => this);
      if (!callback) return done;
      done.then(
        () => callback(null, this),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    private async connectChosen(): Promise<void> {
      const host = await chooser.current();
      // pg-pool gives up on a connect that takes too long by destroying the connection's socket; one
      // that gave up while the hosts were being probed must fail now, or it would never call back and
      // would hold its place in the pool for good.
      if ((this as unknown as { connection: { stream: { destroyed: boolean } } }).connection.stream.destroyed) {
        throw new NoTargetHostError('gave up connecting while the hosts were being probed');
      }
      const self = this as unknown as { host: string; port: number; connectionParameters: { host: string; port: number } };
      self.host = self.connectionParameters.host = host.host;
      self.port = self.connectionParameters.port = host.port;
      // A connection that breaks later (the server died) sends the next one probing.
      this.on('error', () => chooser.forget(host));
      try {
        await super.connect();
      } catch (error) {
        chooser.forget(host);
        throw error;
      }
      if (!(await chooser.suits(this))) {
        chooser.forget(host);
        await this.end().catch(() => undefined);
        throw new NoTargetHostError(`${host.host}:${host.port} is no longer ${chooser.address.target}`);
      }
    }
  };
}

/** The pool passes its own options down; the host and the URL are the chooser's. */
function withoutConnectionString(config: pg.ClientConfig): pg.ClientConfig {
  const { connectionString: _url, host: _host, port: _port, ...rest } = config;
  return rest;
}
