// The migrated embedded database, made once per run: globalSetup (makePgliteImage) runs the migrations
// on one PGlite and writes its data directory to a file; every test database then starts from that
// file. Starting PGlite from scratch (initdb, which PGlite runs in a second WebAssembly instance) and
// migrating it cost a test file about 9 s of CPU; loading the image costs about 2.
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The file holding the migrated PGlite image; '' on PostgreSQL (TEST_DATABASE_URL). */
    pgliteImage: string;
  }
}

let image: Blob | null | undefined;

/** The run's migrated image (read once per worker process); null outside a run that made one. */
export function pgliteImage(): Blob | null {
  if (image === undefined) {
    const file = inject('pgliteImage');
    image = file ? new Blob([readFileSync(file)], { type: 'application/x-tar' }) : null;
  }
  return image;
}

/** A fresh, migrated, in-memory PGlite: the run's image loaded, or (without one) a new database migrated. */
export async function openPgliteFromImage(): Promise<Database> {
  const loaded = pgliteImage();
  if (loaded) return openDatabase({ dataDir: 'memory://', image: loaded });
  const database = await openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  return database;
}
