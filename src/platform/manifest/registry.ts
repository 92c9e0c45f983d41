import { addMessages } from '../i18n/i18n.js';
import type { ModuleDefinition } from './manifest.js';

// The modules of this installation, as src/modules.ts lists them. The platform imports no module: it
// learns their names, topics and messages here, once at start-up (app.ts, main.ts, the test setup).
let installed: readonly ModuleDefinition[] | null = null;

/** What is wrong with a module list: a name twice, a message outside the module's own namespace. */
export function moduleListProblems(modules: readonly ModuleDefinition[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const accessNames = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) problems.push(`module "${m.name}" is listed twice`);
    names.add(m.name);
    for (const name of m.accessModules ?? []) {
      if (accessNames.has(name)) problems.push(`access module "${name}" is declared by two modules`);
      accessNames.add(name);
    }
    for (const key of Object.keys(m.messages ?? {})) {
      // A module's messages are its own: errors.<module>.*, problems.<module>.*, <module>.*, and the
      // texts of the SMS templates it declares (sms.<template>).
      if (key.startsWith('sms.')) continue;
      const owner = key.split('.')[key.startsWith('errors.') || key.startsWith('problems.') ? 1 : 0];
      if (owner !== m.name) problems.push(`module "${m.name}" declares message "${key}" of another namespace`);
    }
  }
  return problems;
}

/** Installs the module list; the same list again is a no-op, a different one an error (one per process). */
export function installModules(modules: readonly ModuleDefinition[]): void {
  if (installed) {
    if (installed.length === modules.length && installed.every((m, i) => m === modules[i])) return;
    throw new Error('a different module list is already installed');
  }
  const problems = moduleListProblems(modules);
  if (problems.length > 0) throw new Error(`the module list is not valid: ${problems.join('; ')}`);
  for (const m of modules) addMessages('zh-CN', m.messages ?? {});
  installed = [...modules];
}

/** The installed modules, in their list's order (dependencies first). */
export function installedModules(): readonly ModuleDefinition[] {
  if (!installed) throw new Error('no module list installed (src/modules.ts installs it)');
  return installed;
}
