// The census of the embedded demo: 柯桥区's couriers as a market-regulation list (1,472 of them, in 27
// brands: the seed page's numbers) and a platform's riders, some of them on the demo roll already, so
// the coverage dashboard has something to show from the first start. Counted by the real counting
// (publish.ts): the rows are staged as an import stages them.
import { sql } from 'drizzle-orm';
import { systemActor } from '../../platform/audit/audit.js';
import type { Platform } from '../../platform/context.js';
import { idNumberCheckChar } from '../../platform/crypto/validators.js';
import { pooledUuidv7, uuidv7 } from '../../platform/db/columns.js';
import type { Database } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/tx.js';
import { listChildRegions } from '../../platform/regions/regions.js';
import { memberMatchKeys, personMatchIndexes } from '#modules/members';
import type { Trade } from '#modules/orgs';
import { phoneNameKey } from './rules.js';
import { lists, sources, stagedRows } from './schema.js';
import { CONTEXT } from './service/common.js';
import { publishList } from './service/publish.js';

export const DEMO_COURIERS = 1_472;
const BRANDS =
  '中通 圆通 申通 韵达 顺丰 极兔 邮政 京东 德邦 百世 丹鸟 菜鸟 天天 宅急送 优速 安能 跨越 壹米滴答 苏宁 速尔 国通 快捷 全峰 如风达 万象 品骏 众邮'.split(
    ' ',
  );
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘';
const GIVEN =
  '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先';

interface DemoPerson {
  name: string;
  idNumber: string | null;
  phone: string | null;
  trade: Trade;
  regionCode: string;
  employerName: string | null;
  /** A member's keys, to list someone of the roll without knowing their number in the clear. */
  keys?: { idIndex: Buffer; phoneIndex: Buffer | null };
}

/** Stages people as a list's rows and counts them, as an upload would. */
async function countDemoList(
  database: Database,
  p: Platform,
  list: { orgId: string; source: string; kind: 'market_regulation' | 'platform'; regionCode: string; trade: Trade; fileName: string },
  people: readonly DemoPerson[],
): Promise<void> {
  const { db } = database;
  const [source] = await db.insert(sources).values({ orgId: list.orgId, name: list.source, kind: list.kind }).returning({ id: sources.id });
  const id = uuidv7();
  await database.presence.announce();
  await db.insert(lists).values({
    id,
    provinceCode: list.regionCode.slice(0, 2),
    orgId: list.orgId,
    sourceId: source?.id as string,
    regionCode: list.regionCode,
    trade: list.trade,
    fileName: list.fileName,
    format: 'csv',
    mode: 'valid_rows',
    status: 'writing',
    staffName: '演示数据',
    owner: database.presence.token,
    heartbeatAt: new Date(),
  });
  const open = (value: string | null, context: string) => (value === null ? null : p.cipher.encrypt(value, context));
  const rows = people.map((x, i) => ({
    listId: id,
    row: i + 2,
    personId: pooledUuidv7(),
    nameCipher: p.cipher.encrypt(x.name, CONTEXT.name),
    idNumberCipher: open(x.idNumber, CONTEXT.idNumber),
    idIndex: x.keys?.idIndex ?? (x.idNumber ? personMatchIndexes.idIndex(p, x.idNumber) : null),
    phoneCipher: open(x.phone, CONTEXT.phone),
    phoneIndex: x.keys?.phoneIndex ?? (x.phone ? personMatchIndexes.phoneIndex(p, x.phone) : null),
    phoneNameIndex: x.phone ? p.blindIndex.compute(phoneNameKey(x.phone, x.name), CONTEXT.phoneName) : null,
    trade: x.trade,
    regionCode: x.regionCode,
    employerName: x.employerName,
  }));
  for (let from = 0; from < rows.length; from += 500) await db.insert(stagedRows).values(rows.slice(from, from + 500));
  await publishList(database, p, systemActor('census.demo'), id, {
    totalRows: people.length,
    errorRows: 0,
    warningRows: 0,
    fileDuplicateRows: 0,
  });
}

export async function seedCensusDemo(database: Database, p: Platform, keqiao: { id: string }): Promise<{ census: number }> {
  let state = 20_211_102;
  const next = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  // Every character of the lists is one UTF-16 unit.
  const pick = (text: string) => text.charAt(next(text.length));
  const name = () => `${pick(SURNAMES)}${pick(GIVEN)}${next(2) ? pick(GIVEN) : ''}`;
  const streets = listChildRegions('330603').filter((r) => r.level === 'township');
  const street = () => streets[next(streets.length)]?.code ?? '330603';
  const idNumber = (seq: number) => {
    const first17 = `${['330603', '330621', '411422', '341221', '520523'][seq % 5]}19${String(80 + (seq % 20))}0${1 + (seq % 9)}1${seq % 9}${String(seq % 1000).padStart(3, '0')}`;
    return `${first17}${idNumberCheckChar(first17)}`;
  };
  const couriers: DemoPerson[] = Array.from({ length: DEMO_COURIERS }, (_, i) => ({
    name: name(),
    idNumber: idNumber(i + 1),
    phone: `13${String(700_000_000 + i * 7_919).slice(-9)}`,
    trade: 'courier',
    regionCode: street(),
    employerName: `${BRANDS[i % BRANDS.length] as string}快递`,
  }));
  await countDemoList(
    database,
    p,
    {
      orgId: keqiao.id,
      source: '柯桥区市场监管局',
      kind: 'market_regulation',
      regionCode: '330603',
      trade: 'courier',
      fileName: '柯桥区快递从业人员名单.csv',
    },
    couriers,
  );
  // Riders of 柯桥: four in ten of the roll's food-delivery members, and as many not yet members.
  const onRoll = await queryRows<{ id_index: Buffer; phone_index: Buffer | null }>(
    database.db,
    sql`select k.id_index, k.phone_index from ${memberMatchKeys()} k
         where k.active and k.id_index is not null and k.region_code like '330603%' and k.trade = 'food_delivery'
         order by k.id`,
  );
  const members = onRoll.filter((_, i) => i % 5 < 2);
  const riders: DemoPerson[] = [
    ...members.map((m) => ({
      name: name(),
      idNumber: null,
      phone: null,
      trade: 'food_delivery' as const,
      regionCode: street(),
      employerName: '美团',
      keys: { idIndex: Buffer.from(m.id_index), phoneIndex: m.phone_index ? Buffer.from(m.phone_index) : null },
    })),
    ...Array.from({ length: Math.max(60, members.length) }, (_, i) => ({
      name: name(),
      idNumber: idNumber(5_000 + i),
      phone: `15${String(800_000_000 + i * 6_007).slice(-9)}`,
      trade: 'food_delivery' as const,
      regionCode: street(),
      employerName: '美团',
    })),
  ];
  await countDemoList(
    database,
    p,
    {
      orgId: keqiao.id,
      source: '美团柯桥站',
      kind: 'platform',
      regionCode: '330603',
      trade: 'food_delivery',
      fileName: '美团骑手名单.xlsx',
    },
    riders,
  );
  return { census: couriers.length + riders.length };
}
