// The project's own directories, found from this file wherever it runs from: the TypeScript sources
// (src/platform, through tsx) or their compiled copy (dist/server/platform, `npm run build:server`),
// which sit at different depths below the project root.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = projectRoot();
/** The SQL migrations, applied by `gonghui migrate` and at every start. */
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');
/** The built web apps (console, H5, partner page), served by the server when present. */
export const WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'web');
