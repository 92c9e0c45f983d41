import type { Platform } from '../platform/context.js';
import { accessModules, type AccessModule, type Role } from '../platform/access/access.js';
import { systemActor } from '../platform/audit/audit.js';
import type { Database } from '../platform/db/client.js';
import { inTransaction } from '../platform/db/tx.js';
import { createOrg, createRootOrg, searchOrgs, type Org } from '#modules/orgs';
import { countStaff, createStaffAccount, setStaffTotpSecret } from '#modules/staff';
import { MODULES } from '../modules.js';

// The demo tree is the 柯桥 example of the seed pages: 浙江 → 绍兴 → 柯桥区 with its streets, its
// courier-industry federation and the 饿了么 delivery hub's own union, plus the sibling 越城区 so that
// scope can be seen at work. Every demo staff account shares one password and a known TOTP secret,
// documented in the README — for a local demo only; `gonghui seed` refuses to run in production.

export const DEMO_PASSWORD = 'Gonghui@2026';
export const DEMO_TOTP_SECRET = 'GONGHUIKEQIAODEMOSECRET2';

// A type, not an interface: the seed walks its entries (Object.entries needs the index signature a type has).
export type DemoTree = {
  province: Org;
  city: Org;
  keqiao: Org;
  keqiaoStreet: Org;
  keyanStreet: Org;
  huasheStreet: Org;
  courierFederation: Org;
  elemeHub: Org;
  yuecheng: Org;
  fushanStreet: Org;
};

/** The demo tree, and what each module's demo step seeded (by module name). */
export interface Demo extends DemoTree {
  modules: Record<string, Record<string, unknown>>;
}

export async function isSeeded(p: Platform): Promise<boolean> {
  return (await countStaff(p.db, { orgId: '', path: '/' })) > 0;
}

/**
 * The demo tree and its staff in one transaction (a failure leaves the database as empty as it was),
 * then each module's demo step in list order. `modules: false` seeds the tree and staff alone.
 */
export async function seedDemo(
  platform: Platform,
  database: Database,
  options: { modules?: boolean; volume?: boolean } = {},
): Promise<Demo> {
  const tree = await inTransaction(platform.db, (tx) => seedTree({ ...platform, db: tx }));
  const seeded: Demo['modules'] = {};
  if (options.modules ?? true) {
    const orgs = Object.fromEntries(Object.entries<Org>(tree).map(([key, org]) => [key, { id: org.id, path: org.path }]));
    for (const module of MODULES) {
      const result = await module.seedDemo?.({ platform, database, orgs, volume: options.volume ?? false });
      if (result) seeded[module.name] = result;
    }
  }
  return { ...tree, modules: seeded };
}

// The tree below the province, parents first: each union under the one its `parent` names.
const TREE: readonly ({ key: keyof DemoTree; parent: keyof DemoTree } & Omit<Parameters<typeof createOrg>[3], 'parentId'>)[] = [
  { key: 'city', parent: 'province', kind: 'city', name: '绍兴市总工会', regionCode: '3306' },
  { key: 'keqiao', parent: 'city', kind: 'county', name: '柯桥区总工会', regionCode: '330603' },
  { key: 'keqiaoStreet', parent: 'keqiao', kind: 'township', name: '柯桥街道总工会', regionCode: '330603001' },
  { key: 'keyanStreet', parent: 'keqiao', kind: 'township', name: '柯岩街道总工会', regionCode: '330603002' },
  { key: 'huasheStreet', parent: 'keqiao', kind: 'township', name: '华舍街道总工会', regionCode: '330603003' },
  {
    key: 'courierFederation',
    parent: 'keqiao',
    kind: 'industry_federation',
    name: '柯桥区快递行业工会联合会',
    regionCode: '330603',
    formationMode: 'industry',
    trades: ['courier'],
  },
  {
    key: 'elemeHub',
    parent: 'keqiaoStreet',
    kind: 'grassroots',
    name: '饿了么柯桥配送站工会',
    regionCode: '330603001',
    formationMode: 'single',
    uscc: '91330603MA2JP8Q4AK',
  },
  { key: 'yuecheng', parent: 'city', kind: 'county', name: '越城区总工会', regionCode: '330602' },
  { key: 'fushanStreet', parent: 'yuecheng', kind: 'township', name: '府山街道总工会', regionCode: '330602002' },
];

async function seedTree(p: Platform): Promise<DemoTree> {
  const actor = systemActor('seed');
  const province = await createRootOrg(p.db, actor, { kind: 'provincial', name: '浙江省总工会', regionCode: '33' });
  const whole = { orgId: province.id, path: province.path };
  const made = new Map<keyof DemoTree, Org>([['province', province]]);
  const org = (key: keyof DemoTree): Org => {
    const found = made.get(key);
    if (!found) throw new Error(`demo tree: ${key} is not made yet`);
    return found;
  };
  for (const { key, parent, ...input } of TREE) {
    made.set(key, await createOrg(p.db, actor, whole, { ...input, parentId: org(parent).id }));
  }
  const tree: DemoTree = {
    province,
    city: org('city'),
    keqiao: org('keqiao'),
    keqiaoStreet: org('keqiaoStreet'),
    keyanStreet: org('keyanStreet'),
    huasheStreet: org('huasheStreet'),
    courierFederation: org('courierFederation'),
    elemeHub: org('elemeHub'),
    yuecheng: org('yuecheng'),
    fushanStreet: org('fushanStreet'),
  };
  const { keqiao, yuecheng, keqiaoStreet } = tree;

  const staff = [
    { org: province, username: 'zhejiang', displayName: '省总工会管理员' },
    { org: keqiao, username: 'keqiao', displayName: '柯桥区总工会管理员' },
    { org: yuecheng, username: 'yuecheng', displayName: '越城区总工会管理员' },
    {
      org: keqiaoStreet,
      username: 'keqiao.street',
      displayName: '柯桥街道工会干事',
    },
  ];
  // Every demo account administers every module of the installation.
  const allAdmin = Object.fromEntries(accessModules().map((name) => [name, 'admin'])) as Record<AccessModule, Role>;
  for (const s of staff) {
    const account = await createStaffAccount(p.db, actor, null, null, {
      orgId: s.org.id,
      username: s.username,
      displayName: s.displayName,
      password: DEMO_PASSWORD,
      roles: allAdmin,
    });
    // Pre-enrolled with the documented secret, so the demo and the browser tests can sign in.
    await setStaffTotpSecret(p.db, p.cipher, account.id, DEMO_TOTP_SECRET);
  }

  return tree;
}

export async function findDemoOrg(p: Platform, name: string): Promise<Org | null> {
  const [root] = await searchOrgs(p.db, { orgId: '', path: '/' }, { q: name, limit: 1 });
  return root ?? null;
}
