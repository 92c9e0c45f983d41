import net from 'node:net';
import { openDatabase, type Database } from '../../src/platform/db/client.js';

/**
 * A TCP proxy to a real server that the test can cut: every connection through it dropped at once and
 * new ones closed as they come, as when the database's machine goes away; then put back.
 */
export interface CuttableProxy {
  readonly port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function cuttableProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  let open = true;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const cut = () => {
    open = false;
    for (const [client, upstream] of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    port,
    cut,
    restore: () => {
      open = true;
    },
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A database opened through a cuttable proxy in front of the PostgreSQL at `url`; close() closes both. */
export async function databaseThroughProxy(
  url: string,
  poolSize: number,
): Promise<{ proxy: CuttableProxy; database: Database; close: () => Promise<void> }> {
  const direct = new URL(url);
  const proxy = await cuttableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const through = new URL(direct);
  through.port = String(proxy.port);
  const database = await openDatabase({ url: through.toString(), poolSize });
  return {
    proxy,
    database,
    close: async () => {
      await database.close();
      await proxy.close();
    },
  };
}
