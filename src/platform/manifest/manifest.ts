import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config/config.js';
import type { Platform } from '../context.js';
import type { EncryptedColumn } from '../crypto/rotation.js';
import type { Database } from '../db/client.js';
import type { Db } from '../db/tx.js';
import type { AuthResolvers } from '../http/guard.js';
import type { Messages } from '../i18n/i18n.js';
import type { JobScheduler } from '../jobs/scheduler.js';

/** What the demo seed hands each module: the demo tree's unions by key, seeded before any module's step. */
export interface DemoSeedContext {
  platform: Platform;
  database: Database;
  /** The demo organisations by their key in src/seed/demo.ts (province, keqiao, yuecheng, …). */
  orgs: Readonly<Record<string, { id: string; path: string }>>;
  /** Whether to add volume (synthetic people by the hundred): the first start of the embedded demo does, tests and `gonghui seed` do not. */
  volume: boolean;
}

/** How the request guard resolves principals: the module that owns a kind of principal provides its resolvers. */
export type PrincipalResolvers = Partial<Omit<AuthResolvers, 'member'>>;

/**
 * One module's description of itself: everything app.ts, main.ts and the platform need to know about
 * it, so that adding a module is its folder and one line in src/modules.ts (docs/ADDING_A_MODULE.md).
 */
export interface ModuleDefinition {
  /** The folder name; also the prefix of its error codes (`members.*`), i18n keys and change topics. */
  name: string;
  /** Names staff roles are granted for (usually `[name]`); each also declared in the AccessModules interface. */
  accessModules?: readonly string[];
  /** Topics its writes notify (platform/cache/changes.ts); each also declared in the ChangeTopics interface. */
  changeTopics?: readonly string[];
  /** The module's HTTP routes, one Fastify plugin. */
  routes?: FastifyPluginAsync;
  /** Turns on the module's read caches for the app's database handle; returns what turns them off. */
  caches?: (db: Db) => () => void;
  /** Registers the module's scheduled work. */
  jobs?: (jobs: JobScheduler, context: { platform: Platform; database: Database; config: Readonly<Config> }) => void;
  /** Its zh-CN messages: error titles (`errors.<code>`), field problems (`problems.<module>.*`), labels. */
  messages?: Messages;
  /** Columns holding encrypted values, for `gonghui keys status|rotate`. */
  encryptedColumns?: readonly EncryptedColumn[];
  /** Principal resolvers for the request guard, bound to the app's platform. */
  principals?: (platform: Platform) => PrincipalResolvers;
  /** The module's demo data, after the demo tree and its staff; its own transaction(s). Returns what it wants logged. */
  seedDemo?: (context: DemoSeedContext) => Promise<Record<string, unknown> | undefined>;
}

const MODULE_NAME = /^[a-z][a-z-]*[a-z]$/;

/** Declares a module; the checks run when the list is installed. */
export function defineModule<const M extends ModuleDefinition>(definition: M): M {
  if (!MODULE_NAME.test(definition.name)) throw new Error(`module name "${definition.name}" must be kebab-case`);
  return definition;
}
