// The database a test shares with a child process it kills (a real server or CLI): a PGlite data
// directory, or a PostgreSQL database under TEST_DATABASE_URL. A PGlite directory is one process's at
// a time, so the test opens it only while the child is not running.
import path from 'node:path';
import { openDatabase, type Database } from '../../src/platform/db/client.js';
import { createTestDatabase } from './db.js';
import { pgliteImage } from './pglite-image.js';

export interface SharedDatabase {
  /** For the child's environment. */
  env: Record<string, string>;
  open(): Promise<Database>;
  done(): Promise<void>;
}

export async function sharedDatabase(work: string): Promise<SharedDatabase> {
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase();
    return {
      env: { DATABASE_URL: database.url ?? '' },
      open: () => openDatabase({ url: database.url ?? '', poolSize: 4 }),
      done: () => database.close(),
    };
  }
  const dataDir = path.join(work, 'data');
  return {
    env: { GONGHUI_DATA_DIR: dataDir },
    // The first opening lays the run's migrated image down in the directory; the child and later
    // openings find the database there.
    open: async () => {
      const database = await openDatabase({ dataDir, image: pgliteImage() ?? undefined });
      await database.migrate();
      return database;
    },
    done: async () => undefined,
  };
}
