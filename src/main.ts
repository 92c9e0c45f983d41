import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { recordAudit, systemActor, verifyAuditChain, type AuditVerification } from './platform/audit/audit.js';
import { AuditKeyRing } from './platform/audit/chain.js';
import { readCheckpointFile, type AuditCheckpoint } from './platform/audit/checkpoints.js';
import { inTransaction, type Db } from './platform/db/tx.js';
import { createPlatform } from './platform/bootstrap.js';
import { ConfigError, parseConfig, type Config } from './platform/config/config.js';
import { openDatabase, type Database } from './platform/db/client.js';
import { accessModules, isAccessModule, ROLES, type AccessModule, type Role } from './platform/access/access.js';
import { isAppError } from './platform/errors/app-error.js';
import { t } from './platform/i18n/i18n.js';
import { JobScheduler } from './platform/jobs/scheduler.js';
import { registerPlatformJobs } from './jobs.js';
import { createRootOrg, getOrg, ORG_KINDS, searchOrgs, type OrgKind } from '#modules/orgs';
import { createStaffAccount } from '#modules/staff';
import { importRollFile, parseImportMapping, seedMembers } from '#modules/members';
import { MODULES } from './modules.js';
import { countByKeyId, PLATFORM_ENCRYPTED_COLUMNS, reencryptColumn } from './platform/crypto/rotation.js';
import { isSeeded, seedDemo, DEMO_PASSWORD, DEMO_TOTP_SECRET } from './seed/demo.js';
import { handleSignals, startServer } from './server.js';

const HELP = `gonghui — 工惠平台命令行

  gonghui serve                         启动服务（端口 PORT，默认 3000）
  gonghui migrate                       执行数据库迁移
  gonghui seed [--force]                写入演示数据（柯桥区示例组织树与账号）
  gonghui seed --members N [--org <组织ID或全称>] [--seed S]
                                        另生成 N 名合成会员（压测用；同一 S 生成同一批人）
  gonghui admin create-root-org --kind provincial --name 浙江省总工会 --region 33
  gonghui admin create-staff --org <组织ID或全称> --username u --name 姓名 --password p --roles orgs:admin,staff:admin
  gonghui import members --file 名册.csv --org <组织ID或全称> [--mode all_or_nothing|valid_rows]
        [--mapping '{"idNumber":"身份证号码"}'] [--work-region 330603]
                                        导入会员名册（进度写到 stderr，结果 JSON 写到 stdout）
  gonghui audit verify [--checkpoints F …]
                                        用审计密钥校验审计日志哈希链，并与库外的签名检查点比对
                                        （默认读取 GONGHUI_AUDIT_CHECKPOINTS 指向的文件）
  gonghui keys status | keys rotate     查看各密钥加密的数据量 / 用当前密钥重新加密全部字段
  gonghui jobs list | gonghui jobs run <name>

环境变量：DATABASE_URL（PostgreSQL，否则使用 ./data 内嵌数据库）、PORT、GONGHUI_DATA_KEYS、GONGHUI_BLIND_INDEX_KEY …（见 docs/OPERATIONS.md）`;

async function withDatabase<T>(config: Readonly<Config>, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 4,
  });
  try {
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}

function parseRoles(text: string): Partial<Record<AccessModule, Role>> {
  const roles: Partial<Record<AccessModule, Role>> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const [module, role] = pair.split(':');
    if (!module || !isAccessModule(module) || !(ROLES as readonly string[]).includes(role ?? '')) {
      throw new Error(`bad role "${pair}": modules ${accessModules().join('/')}, roles ${ROLES.join('/')}`);
    }
    roles[module] = role as Role;
  }
  return roles;
}

function positiveInteger(option: string, text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${option} needs a positive whole number, got "${text}"`);
  return n;
}

/** An organisation given on the command line by id or by its full name. */
async function findOrgArg(db: Db, text: string): Promise<{ id: string }> {
  const everything = { orgId: '', path: '/' };
  const org = /^[0-9a-f-]{36}$/i.test(text)
    ? { id: text }
    : (await searchOrgs(db, everything, { q: text, limit: 2 })).find((o) => o.name === text);
  if (!org) throw new Error(`organisation not found: ${text}`);
  return org;
}

/**
 * The checkpoints `audit verify` holds the chain against: the files given, or the configured file sink.
 * Null (after saying why) when a file cannot be used: a checkpoint file that does not parse is itself
 * a sign of tampering.
 */
async function loadCheckpoints(config: Readonly<Config>, given: string[] | undefined): Promise<AuditCheckpoint[] | null> {
  const configuredFile = /^https?:\/\//i.test(config.auditCheckpoints) ? null : config.auditCheckpoints;
  const files = given ?? (configuredFile ? [configuredFile] : []);
  if (files.length === 0) {
    console.error('no checkpoint file given (checkpoints go to a URL): the chain is checked with the audit keys alone');
  }
  const checkpoints: AuditCheckpoint[] = [];
  for (const file of files) {
    if (!existsSync(file)) {
      if (given) {
        console.error(`checkpoint file not found: ${file}`);
        return null;
      }
      console.error(`no checkpoint file at ${file} yet: the chain is checked with the audit keys alone`);
      continue;
    }
    const read = await readCheckpointFile(file);
    if (read.badLines.length > 0) {
      console.error(`${file}: line ${read.badLines.join(', ')} is not a checkpoint`);
      return null;
    }
    checkpoints.push(...read.checkpoints);
  }
  return checkpoints;
}

function describeChain(result: AuditVerification): string {
  const keyed = Object.entries(result.recordsByKey).map(([id, n]) => `${n} under key ${id}`);
  const legacy = result.legacyRecords > 0 ? [`${result.legacyRecords} before the cut-over to keyed hashes (plain SHA-256)`] : [];
  const parts = [`${result.checked} records`, ...legacy, ...keyed];
  const anchored =
    result.checkpointsMatched > 0
      ? `; ${result.checkpointsMatched} checkpoints match, the newest at record ${result.matchedCheckpointSeq ?? 0}`
      : '; no checkpoint to compare with';
  return `${parts.join(', ')}${anchored}`;
}

function describeBreak(result: AuditVerification): string {
  const at = result.firstBadSeq ?? '?';
  switch (result.problem) {
    case 'missing':
      return `record ${at} is missing (deleted)`;
    case 'broken_link':
      return `record ${at} does not link to the record before it`;
    case 'tampered':
      return `record ${at} does not match its hash: edited, or re-hashed without the audit key`;
    case 'unkeyed':
      return `record ${at} carries a plain SHA-256 link after the cut-over to keyed hashes`;
    case 'unknown_key':
      return `record ${at} is hashed under a key id that GONGHUI_AUDIT_KEYS does not hold`;
    case 'truncated':
      return `the records from ${at} on are gone`;
    case 'checkpoint_mismatch':
      return `record ${at} differs from the signed checkpoint taken at it: the chain was rewritten after record ${result.matchedCheckpointSeq ?? 0}`;
    case 'cutover_moved':
      return `the recorded cut-over to keyed hashes was moved (keyed records start at ${at})`;
    case 'checkpoint_invalid':
      return 'a checkpoint is not signed by any key of GONGHUI_AUDIT_KEYS';
    case null:
      return 'no problem found';
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      kind: { type: 'string' },
      name: { type: 'string' },
      region: { type: 'string' },
      org: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      roles: { type: 'string', default: '' },
      members: { type: 'string' },
      seed: { type: 'string' },
      file: { type: 'string' },
      mode: { type: 'string', default: 'all_or_nothing' },
      mapping: { type: 'string' },
      'work-region': { type: 'string' },
      checkpoints: { type: 'string', multiple: true },
    },
  });
  const [command = 'serve', sub] = positionals;
  if (values.help || command === 'help') {
    console.log(HELP);
    return 0;
  }
  const config = parseConfig();

  switch (command) {
    case 'serve': {
      const server = await startServer(config);
      handleSignals(server);
      console.log(`工惠已启动：${server.url.replace('0.0.0.0', 'localhost')}/  控制台 /console/  合作单位 /partner/  接口文档 /api/docs`);
      return -1; // keep running
    }
    case 'migrate':
      await withDatabase(config, async () => undefined);
      console.log('migrations applied');
      return 0;
    case 'seed':
      if (config.env === 'production' && !values.force) {
        throw new Error('refusing to seed demo accounts in production (use --force if you really mean it)');
      }
      return withDatabase(config, async (database) => {
        const p = createPlatform(config, database);
        const count = values.members === undefined ? null : positiveInteger('--members', values.members);
        const seed = values.seed === undefined ? 1 : positiveInteger('--seed', values.seed);
        if (await isSeeded(p)) {
          if (count === null) console.log('already seeded');
        } else {
          const demo = await seedDemo(p, database);
          console.log(`demo seeded: staff keqiao / ${DEMO_PASSWORD}, TOTP secret ${DEMO_TOTP_SECRET}`);
          for (const [module, seeded] of Object.entries(demo.modules)) console.log(`demo ${module}: ${JSON.stringify(seeded)}`);
        }
        if (count === null) return 0;
        const org = values.org === undefined ? null : await findOrgArg(p.db, values.org);
        let reported = 0;
        const rate = (written: number, ms: number) => Math.round(written / Math.max(ms / 1000, 0.001)).toLocaleString('en');
        const done = await seedMembers(database, p, {
          count,
          orgId: org?.id ?? null,
          seed,
          onProgress: ({ written, elapsedMs }) => {
            if (elapsedMs - reported < 3000) return;
            reported = elapsedMs;
            process.stderr.write(
              `members: ${written.toLocaleString('en')} / ${count.toLocaleString('en')} written, ${rate(written, elapsedMs)} rows/s\n`,
            );
          },
        });
        console.log(
          `seeded ${done.written} members in ${(done.elapsedMs / 1000).toFixed(1)} s (${rate(done.written, done.elapsedMs)} rows/s)` +
            (done.duplicates > 0 ? `, ${done.duplicates} repeated people skipped` : ''),
        );
        return 0;
      });
    case 'admin':
      return withDatabase(config, async (database) => {
        const p = createPlatform(config, database);
        const actor = systemActor('cli');
        if (sub === 'create-root-org') {
          if (!ORG_KINDS.includes(values.kind as OrgKind) || !values.name || values.region === undefined) {
            throw new Error('need --kind --name --region');
          }
          const org = await createRootOrg(p.db, actor, {
            kind: values.kind as OrgKind,
            name: values.name,
            regionCode: values.region,
          });
          console.log(`created ${org.name} ${org.id}`);
          return 0;
        }
        if (sub === 'create-staff') {
          if (!values.org || !values.username || !values.name || !values.password) {
            throw new Error('need --org --username --name --password [--roles]');
          }
          const org = await findOrgArg(p.db, values.org);
          const staff = await createStaffAccount(p.db, actor, null, null, {
            orgId: org.id,
            username: values.username,
            displayName: values.name,
            password: values.password,
            roles: parseRoles(values.roles ?? ''),
          });
          console.log(`created staff ${staff.username} (${staff.id}); TOTP is enrolled at first sign-in`);
          return 0;
        }
        throw new Error(`unknown admin command: ${sub ?? ''}`);
      });
    case 'import':
      if (sub !== 'members' || !values.file || !values.org || (values.mode !== 'all_or_nothing' && values.mode !== 'valid_rows')) {
        throw new Error(
          'usage: gonghui import members --file roll.csv --org <id or full name> [--mode all_or_nothing|valid_rows] [--mapping JSON] [--work-region CODE]',
        );
      }
      return withDatabase(config, async (database) => {
        const p = createPlatform(config, database);
        const org = await getOrg(p.db, { orgId: '', path: '/' }, (await findOrgArg(p.db, values.org ?? '')).id);
        let id = '';
        const job = await importRollFile(
          database,
          p,
          systemActor('cli'),
          { orgId: org.id, path: org.path },
          {
            file: values.file ?? '',
            mode: values.mode as 'all_or_nothing' | 'valid_rows',
            mapping: parseImportMapping(values.mapping),
            workRegionCode: values['work-region'],
            onReceived: (received) => {
              id = received.id;
              process.stderr.write(`import ${id}: queued\n`);
            },
            // One line per update of the job row: what a person (or a test) follows.
            onProgress: (x) =>
              process.stderr.write(`import ${id}: ${x.status} ${x.progress}% processed ${x.processedRows} written ${x.writtenRows}\n`),
          },
        );
        console.log(JSON.stringify(job));
        return job.status === 'completed' ? 0 : 1;
      });
    case 'audit': {
      if (sub !== 'verify') throw new Error('usage: gonghui audit verify [--checkpoints <file> …]');
      const checkpoints = await loadCheckpoints(config, values.checkpoints);
      if (checkpoints === null) return 2;
      return withDatabase(config, async (database) => {
        const result = await verifyAuditChain(database.db, {
          keys: new AuditKeyRing(config.auditKeys),
          checkpoints,
          onProgress: (n) => process.stderr.write(`\rchecked ${n}`),
        });
        process.stderr.write('\n');
        if (result.ok) {
          console.log(`audit chain intact: ${describeChain(result)}`);
          return 0;
        }
        console.error(`audit chain BROKEN: ${describeBreak(result)}; ${result.checked} records verified before it`);
        return 2;
      });
    }
    case 'keys':
      return withDatabase(config, async (database) => {
        const p = createPlatform(config, database);
        const columns = [...PLATFORM_ENCRYPTED_COLUMNS, ...MODULES.flatMap((module) => module.encryptedColumns ?? [])];
        if (sub === 'status') {
          for (const column of columns) {
            console.log(`${column.table}.${column.column}\t${JSON.stringify(await countByKeyId(p.db, column))}`);
          }
          return 0;
        }
        if (sub === 'rotate') {
          console.log(`re-encrypting under key ${p.cipher.currentKeyId} (${config.dataCipher})`);
          const counts: Record<string, number> = {};
          for (const column of columns) {
            const n = await reencryptColumn(p.db, p.cipher, column, (done) =>
              process.stderr.write(`\r${column.table}.${column.column}: ${done}`),
            );
            process.stderr.write('\n');
            console.log(`${column.table}.${column.column}: ${n} re-encrypted`);
            counts[`${column.table}.${column.column}`] = n;
          }
          await inTransaction(p.db, (tx) =>
            recordAudit(tx, systemActor('cli'), { action: 'keys.rotate', details: { keyId: p.cipher.currentKeyId, counts } }),
          );
          return 0;
        }
        throw new Error('usage: gonghui keys status | gonghui keys rotate');
      });
    case 'jobs':
      return withDatabase(config, async (database) => {
        const p = createPlatform(config, database);
        const jobs = new JobScheduler({
          db: p.db,
          instanceId: `cli-${process.pid}`,
          log: p.log,
        });
        registerPlatformJobs(jobs, config);
        for (const module of MODULES) module.jobs?.(jobs, { platform: p, database, config });
        await jobs.sync();
        if (sub === 'run' && positionals[2]) {
          const ran = await jobs.runNow(positionals[2]);
          console.log(ran ? 'ran' : 'not run (unknown, or another instance holds it)');
          return ran ? 0 : 1;
        }
        for (const job of jobs.definitions) console.log(`${job.name}\tevery ${job.intervalSeconds}s`);
        return 0;
      });
    default:
      console.error(HELP);
      return 64;
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');
if (isEntry || process.env.GONGHUI_CLI === '1') {
  main(process.argv.slice(2))
    .then((code) => {
      if (code >= 0) process.exit(code);
    })
    .catch((error: unknown) => {
      if (error instanceof ConfigError) console.error(error.message);
      else if (isAppError(error)) {
        console.error(`${error.code}: ${t(`errors.${error.code}`, error.params)} ${JSON.stringify(error.errors)}`);
      } else console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
