import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './platform/config/config.js';
import { redactConfig } from './platform/config/config.js';
import { openDatabase, type Database } from './platform/db/client.js';
import { createPlatform } from './platform/bootstrap.js';
import { isSeeded, seedDemo } from './seed/demo.js';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/** Opens the database, migrates, seeds the demo tree on an empty embedded database, and listens. */
export async function startServer(config: Readonly<Config>, options: { seedIfEmpty?: boolean } = {}): Promise<RunningServer> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    readUrl: config.databaseReadUrl,
    readMaxLagMs: config.readMaxLagMs,
  });
  let app: FastifyInstance | undefined;
  try {
    await database.migrate();
    app = await buildApp({ config, database });
    app.log.info({ config: redactConfig(config), driver: database.driver }, 'starting');
    // First start of the embedded database: seed the demo so `npm start` shows something real.
    // Never in production: the demo accounts' password and TOTP secret are published in the README.
    const seed = config.env !== 'production' && (options.seedIfEmpty ?? database.driver === 'pglite');
    if (seed && !(await isSeeded(createPlatform(config, database, app.log)))) {
      const platform = createPlatform(config, database, app.log);
      // With volume: the roll has people to look at from the first minute.
      const demo = await seedDemo(platform, database, { volume: true });
      app.log.info(demo.modules, 'demo data seeded (see README for the demo sign-ins)');
    }
    if (config.jobsEnabled) {
      await app.jobs.sync();
      app.jobs.start();
    }
    const url = await app.listen({ port: config.port, host: config.host });
    const started = app;
    let stopping: Promise<void> | null = null;
    return {
      app: started,
      database,
      url,
      stop: () => {
        // Graceful: stop taking requests, finish those in flight, let a running job end, then close the database.
        stopping ??= (async () => {
          await started.close();
          await started.jobs.stop();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

export function handleSignals(server: RunningServer): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      server.app.log.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    server
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
