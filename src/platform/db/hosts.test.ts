import net from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../../../test/harness/ports.js';
import { isDatabaseUnavailable } from './errors.js';
import { choosingClient, HostChooser, needsHostChoice, NoTargetHostError, parseDatabaseUrl } from './hosts.js';

describe('a multi-host DATABASE_URL', () => {
  it('reads the hosts, their ports and the target as pg_autoctl prints them, the rest for node-postgres', () => {
    const address = parseDatabaseUrl(
      'postgres://gonghui:Pa55%40word@10.0.0.1:6001,db2.internal,[::1]:6003/gonghui?target_session_attrs=read-write&sslmode=disable',
    );
    expect(address.hosts).toEqual([
      { host: '10.0.0.1', port: 6001 },
      { host: 'db2.internal', port: 5432 },
      { host: '::1', port: 6003 },
    ]);
    expect(address.target).toBe('read-write');
    expect(address.config).toMatchObject({ user: 'gonghui', password: 'Pa55@word', database: 'gonghui' });
    expect(address.config).not.toHaveProperty('host');
    expect(needsHostChoice(address)).toBe(true);
  });

  it('takes a one-host URL as it is', () => {
    const address = parseDatabaseUrl('postgresql://postgres@127.0.0.1:5432/postgres');
    expect(address.hosts).toEqual([{ host: '127.0.0.1', port: 5432 }]);
    expect(address.target).toBe('any');
    expect(needsHostChoice(address)).toBe(false);
  });

  it('refuses what it cannot connect by, saying why', () => {
    expect(() => parseDatabaseUrl('mysql://db/x')).toThrow('not a postgres:// URL');
    expect(() => parseDatabaseUrl('postgres://a:5432,:6000/x')).toThrow('names no host');
    expect(() => parseDatabaseUrl('postgres://a:99999/x')).toThrow('port 99999 is not a port');
    expect(() => parseDatabaseUrl('postgres://a/x?target_session_attrs=leader')).toThrow('target_session_attrs=leader');
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.runIf(Boolean(url))('choosing the host on PostgreSQL', () => {
  const real = () => parseDatabaseUrl(url ?? '').hosts[0] as { host: string; port: number };
  const withHosts = async (target: string) => {
    const { host, port } = real();
    const base = new URL(url ?? '');
    return `postgres://${base.username}@127.0.0.1:${await closedPort()},${host}:${port}${base.pathname}?target_session_attrs=${target}`;
  };

  it('passes over a host that is down and connects every pooled connection to the primary', async () => {
    const chooser = new HostChooser(parseDatabaseUrl(await withHosts('read-write')));
    const pool = new pg.Pool({ Client: choosingClient(chooser), max: 3 });
    try {
      const rows = await Promise.all(
        [1, 2, 3].map(async () => (await pool.query<{ port: number }>('select inet_server_port() as port')).rows[0]),
      );
      expect(rows.map((r) => r?.port)).toEqual([real().port, real().port, real().port]);
      expect(await chooser.current()).toEqual(real());
    } finally {
      await pool.end();
    }
  });

  it('keeps its pool whole when the pool gives up on connects while the hosts are being probed', async () => {
    // A host that takes the connection and never answers: the probe waits its full time on it.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const { host: realHost, port: realPort } = real();
    const base = new URL(url ?? '');
    const address = parseDatabaseUrl(
      `postgres://${base.username}@127.0.0.1:${port},${realHost}:${realPort}${base.pathname}?target_session_attrs=read-write`,
    );
    const pool = new pg.Pool({ Client: choosingClient(new HostChooser(address, 600)), max: 2, connectionTimeoutMillis: 200 });
    pool.on('error', () => undefined);
    try {
      // The first ones time out while the probe waits on the silent host…
      const early = await Promise.allSettled([1, 2].map(() => pool.query('select 1')));
      expect(early.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      // …and once it has chosen, every slot of the pool is usable again: none was left hanging.
      await new Promise((r) => setTimeout(r, 800));
      const later = await Promise.all(
        [1, 2, 3, 4].map(async () => (await pool.query<{ port: number }>('select inet_server_port() as port')).rows[0]?.port),
      );
      expect(later).toEqual([realPort, realPort, realPort, realPort]);
    } finally {
      await pool.end();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('refuses with a retryable error when no host is what the URL asks for (no standby here)', async () => {
    const chooser = new HostChooser(parseDatabaseUrl(await withHosts('standby')));
    const Client = choosingClient(chooser);
    const client = new Client();
    const error = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NoTargetHostError);
    expect((error as Error).message).toMatch(/no standby server among 127\.0\.0\.1:\d+ unreachable, .* primary/);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('finds the host again after a connection to it broke', async () => {
    const chooser = new HostChooser(parseDatabaseUrl(await withHosts('primary')));
    const Client = choosingClient(chooser);
    const victim = new Client();
    await victim.connect();
    const pid = (await victim.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const lost = new Promise<unknown>((resolve) => victim.once('error', resolve));
      await admin.query('select pg_terminate_backend($1)', [pid]);
      // A server that shut a connection down is a database out of reach, not a fault of the request.
      expect(isDatabaseUnavailable(await lost)).toBe(true);
      const again = new Client();
      await again.connect();
      expect((await again.query<{ one: number }>('select 1 as one')).rows[0]?.one).toBe(1);
      await again.end();
    } finally {
      await admin.end();
      await victim.end().catch(() => undefined);
    }
  });
});

describe('a database out of reach', () => {
  it('is told apart from a statement the database refused', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), connectionTimeoutMillis: 2_000 });
    const refused = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('wrapped'), { cause: { code: '57P01' } }))).toBe(true);
    expect(isDatabaseUnavailable({ code: '25006' })).toBe(true);
    expect(isDatabaseUnavailable({ code: '23505' })).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });
});
