// The embedded demo's stations, from the seed pages: 温州's 489 outdoor-worker stations (seed 002) with
// its first 骑手之家 (300 m², 12 hours free, battery swap round the clock, service days on every date
// ending in 7), and 柯桥's 20 爱心翼站 in telecom halls, its 10 职工驿站 in banks and supermarkets and its
// first 小哥驿站 (seed 001) with the "十重礼" services. Written in bulk, in one transaction.
import { v7 as uuidv7 } from 'uuid';
import { recordAudit, systemActor } from '../../platform/audit/audit.js';
import { inTransaction, type Tx } from '../../platform/db/tx.js';
import { gcj02ToWgs84, type LngLat } from '../../platform/geo/coords.js';
import type { DemoSeedContext } from '../../platform/manifest/manifest.js';
import { listChildRegions } from '../../platform/regions/regions.js';
import { createOrg, findOrgById } from '#modules/orgs';
import { daysEndingIn, everyDay, weekSpans, type Amenity, type OpeningHours, type ServiceCategory, type StationKind } from './rules.js';
import { stationEvents, stationOpenings, stationServices, stations } from './schema.js';

/** 温州: "目前我们已建成489家户外劳动者站(点)，辐射3万多名户外劳动者" (seed 002). */
export const WENZHOU_STATIONS = 489;
/** 柯桥: "启用了覆盖全区的20个'爱心翼站'…以电信营业厅为服务场所" (seed 001). */
export const KEQIAO_LOVE_WINGS = 20;
/** 柯桥: "已经建成10家柯桥'职工驿站'", in banks and supermarkets (seed 001). */
export const KEQIAO_STAFF_STATIONS = 10;

// 温州's districts with a centre (GCJ-02, as AMap gives it) and their share of the 489, busiest first.
const WENZHOU_DISTRICTS: readonly { code: string; centre: LngLat; stations: number }[] = [
  { code: '330302', centre: { lng: 120.655, lat: 28.016 }, stations: 110 }, // 鹿城区
  { code: '330304', centre: { lng: 120.614, lat: 27.967 }, stations: 70 }, // 瓯海区
  { code: '330303', centre: { lng: 120.812, lat: 27.933 }, stations: 60 }, // 龙湾区
  { code: '330381', centre: { lng: 120.655, lat: 27.779 }, stations: 60 }, // 瑞安市
  { code: '330382', centre: { lng: 120.983, lat: 28.113 }, stations: 58 }, // 乐清市
  { code: '330324', centre: { lng: 120.691, lat: 28.153 }, stations: 30 }, // 永嘉县
  { code: '330326', centre: { lng: 120.566, lat: 27.662 }, stations: 30 }, // 平阳县
  { code: '330327', centre: { lng: 120.426, lat: 27.518 }, stations: 25 }, // 苍南县
  { code: '330383', centre: { lng: 120.553, lat: 27.578 }, stations: 20 }, // 龙港市
  { code: '330305', centre: { lng: 121.157, lat: 27.836 }, stations: 10 }, // 洞头区
  { code: '330328', centre: { lng: 120.092, lat: 27.787 }, stations: 8 }, // 文成县
  { code: '330329', centre: { lng: 119.717, lat: 27.557 }, stations: 8 }, // 泰顺县
];

const ROADS = [
  '人民路',
  '解放路',
  '车站大道',
  '学院路',
  '环城东路',
  '府东路',
  '锦绣路',
  '机场大道',
  '瓯江路',
  '温州大道',
  '新城大道',
  '东海大道',
];

// What each kind of station is hosted by, open and equipped with, as unions describe them.
interface Template {
  kind: StationKind;
  hosts: readonly string[];
  hours: OpeningHours;
  amenities: readonly Amenity[];
  amenityHours?: Partial<Record<Amenity, OpeningHours>>;
  areaM2: number;
}

const BANK_HOURS: OpeningHours = {
  alwaysOpen: false,
  days: {
    1: [{ opens: '09:00', closes: '17:00' }],
    2: [{ opens: '09:00', closes: '17:00' }],
    3: [{ opens: '09:00', closes: '17:00' }],
    4: [{ opens: '09:00', closes: '17:00' }],
    5: [{ opens: '09:00', closes: '17:00' }],
    6: [{ opens: '09:00', closes: '12:00' }],
  },
};

const TEMPLATES: readonly Template[] = [
  {
    kind: 'staff_station',
    hosts: ['中国工商银行', '中国农业银行', '中国建设银行', '温州银行', '瓯海农商银行'],
    hours: BANK_HOURS,
    amenities: ['water', 'rest', 'charging', 'air_conditioning', 'first_aid', 'toilet'],
    areaM2: 30,
  },
  {
    kind: 'love_station',
    hosts: ['世纪联华超市', '华润万家', '供销e家便利店', '人本超市'],
    hours: everyDay('08:00', '21:00'),
    amenities: ['water', 'rest', 'charging', 'microwave', 'air_conditioning'],
    areaM2: 25,
  },
  {
    kind: 'love_station',
    hosts: ['城市书房', '社区党群服务中心'],
    hours: { alwaysOpen: true },
    amenities: ['water', 'rest', 'charging', 'toilet', 'first_aid'],
    areaM2: 40,
  },
  {
    kind: 'courier_post',
    hosts: ['社区党群服务中心', '商务楼宇物业中心'],
    hours: everyDay('07:00', '22:00'),
    amenities: ['water', 'rest', 'charging', 'microwave', 'sofa', 'toilet'],
    areaM2: 50,
  },
  {
    kind: 'driver_home',
    hosts: ['中国石化加油站', '中国石油加油站'],
    hours: { alwaysOpen: true },
    amenities: ['water', 'rest', 'charging', 'toilet', 'microwave', 'cooking', 'sofa'],
    areaM2: 80,
  },
  {
    kind: 'courier_home',
    hosts: ['中国邮政', '顺丰速运营业点'],
    hours: everyDay('08:00', '20:00'),
    amenities: ['water', 'rest', 'charging', 'microwave', 'first_aid'],
    areaM2: 35,
  },
  {
    kind: 'rider_home',
    hosts: ['中国铁塔温州市分公司'],
    hours: everyDay('08:00', '20:00'),
    amenities: ['water', 'rest', 'charging', 'microwave', 'air_conditioning', 'sofa', 'battery_swap'],
    amenityHours: { battery_swap: { alwaysOpen: true } },
    areaM2: 120,
  },
];

/** A small deterministic generator: the same demo on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

type StationRow = typeof stations.$inferInsert & { id: string };

function stationRow(
  orgId: string,
  place: { gcj02: LngLat; regionCode: string; address: string },
  t: Omit<Template, 'hosts'> & { name: string; host: string; phone?: string },
): StationRow {
  const wgs = gcj02ToWgs84(place.gcj02);
  return {
    id: uuidv7(),
    orgId,
    name: t.name,
    kind: t.kind,
    host: t.host,
    address: place.address,
    regionCode: place.regionCode,
    lng: wgs.lng,
    lat: wgs.lat,
    hours: t.hours,
    amenityHours: t.amenityHours ?? {},
    amenities: [...t.amenities],
    areaM2: t.areaM2,
    phone: t.phone ?? null,
  };
}

async function insertStations(tx: Tx, rows: StationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await tx.insert(stations).values(rows.slice(i, i + 200));
  const openings = rows.flatMap((s) => [
    ...weekSpans(s.hours).map(([startMinute, endMinute]) => ({ stationId: s.id, amenity: '', startMinute, endMinute })),
    ...Object.entries(s.amenityHours ?? {}).flatMap(([amenity, hours]) =>
      weekSpans(hours).map(([startMinute, endMinute]) => ({ stationId: s.id, amenity, startMinute, endMinute })),
    ),
  ]);
  for (let i = 0; i < openings.length; i += 500) await tx.insert(stationOpenings).values(openings.slice(i, i + 500));
}

/** 温州's 489 stations, the 骑手之家 first; returns its id. */
function wenzhouStations(orgId: string): { rows: StationRow[]; riderHomeId: string } {
  const next = random(20_230_717);
  const riderHome = stationRow(
    orgId,
    { gcj02: { lng: 120.6652, lat: 28.0031 }, regionCode: '330302', address: '鹿城区车站大道 577 号（中国铁塔温州市分公司）' },
    {
      kind: 'rider_home',
      name: '温州骑手之家（车站大道）',
      host: '中国铁塔温州市分公司',
      hours: everyDay('08:00', '20:00'),
      amenities: ['water', 'rest', 'charging', 'microwave', 'air_conditioning', 'sofa', 'battery_swap'],
      amenityHours: { battery_swap: { alwaysOpen: true } },
      areaM2: 300,
      phone: '0577-88888717',
    },
  );
  const rows = [riderHome];
  for (const district of WENZHOU_DISTRICTS) {
    const streets = listChildRegions(district.code);
    const count = district.code === '330302' ? district.stations - 1 : district.stations;
    for (let i = 0; i < count; i++) {
      const template = TEMPLATES[Math.floor(next() * TEMPLATES.length)] as Template;
      const host = template.hosts[Math.floor(next() * template.hosts.length)] as string;
      const street = streets.length > 0 ? streets[Math.floor(next() * streets.length)] : null;
      const road = ROADS[Math.floor(next() * ROADS.length)] as string;
      // Within about 6 km of the district's centre, denser near it.
      const r = 0.055 * Math.sqrt(next());
      const angle = next() * 2 * Math.PI;
      const gcj02 = {
        lng: Math.round((district.centre.lng + r * Math.cos(angle)) * 1e6) / 1e6,
        lat: Math.round((district.centre.lat + r * 0.9 * Math.sin(angle)) * 1e6) / 1e6,
      };
      const number = 1 + Math.floor(next() * 600);
      const place = street?.name ?? '';
      rows.push(
        stationRow(
          orgId,
          { gcj02, regionCode: street?.code ?? district.code, address: `${place}${road} ${number} 号` },
          { ...template, name: `${place}${host}${kindName(template.kind)}`, host },
        ),
      );
    }
  }
  return { rows, riderHomeId: riderHome.id };
}

const KIND_NAMES: Record<StationKind, string> = {
  staff_station: '职工驿站',
  love_station: '爱心驿站',
  courier_post: '小哥驿站',
  rider_home: '骑手之家',
  driver_home: '司机之家',
  courier_home: '快递员之家',
  love_wing: '爱心翼站',
};
const kindName = (kind: StationKind) => KIND_NAMES[kind];

// 柯桥's streets with a point in each (GCJ-02).
const KEQIAO_STREETS: readonly { code: string; name: string; at: LngLat }[] = [
  { code: '330603001', name: '柯桥街道', at: { lng: 120.4926, lat: 30.0823 } },
  { code: '330603002', name: '柯岩街道', at: { lng: 120.4472, lat: 30.0726 } },
  { code: '330603003', name: '华舍街道', at: { lng: 120.4556, lat: 30.1152 } },
];

function keqiaoStations(orgId: string): { rows: StationRow[]; courierPostId: string } {
  const next = random(20_211_102);
  const rows: StationRow[] = [];
  const near = (i: number) => {
    const street = KEQIAO_STREETS[i % KEQIAO_STREETS.length] as (typeof KEQIAO_STREETS)[number];
    const gcj02 = {
      lng: Math.round((street.at.lng + (next() - 0.5) * 0.04) * 1e6) / 1e6,
      lat: Math.round((street.at.lat + (next() - 0.5) * 0.03) * 1e6) / 1e6,
    };
    return { street, gcj02 };
  };
  for (let i = 0; i < KEQIAO_LOVE_WINGS; i++) {
    const { street, gcj02 } = near(i);
    rows.push(
      stationRow(
        orgId,
        { gcj02, regionCode: street.code, address: `${street.name}${ROADS[i % ROADS.length] as string} ${100 + i * 7} 号` },
        {
          kind: 'love_wing',
          name: `中国电信${street.name}营业厅爱心翼站（${i + 1}号）`,
          host: '中国电信柯桥分公司',
          hours: everyDay('08:30', '18:00'),
          amenities: ['water', 'rest', 'charging', 'air_conditioning', 'first_aid', 'toilet'],
          areaM2: 20,
        },
      ),
    );
  }
  const hosts = [
    '中国工商银行',
    '中国农业银行',
    '柯桥农商银行',
    '中国建设银行',
    '世纪联华超市',
    '华润万家',
    '物美超市',
    '中国银行',
    '绍兴银行',
    '大润发',
  ];
  for (let i = 0; i < KEQIAO_STAFF_STATIONS; i++) {
    const { street, gcj02 } = near(i);
    const host = hosts[i] as string;
    const bank = host.endsWith('银行');
    rows.push(
      stationRow(
        orgId,
        { gcj02, regionCode: street.code, address: `${street.name}${ROADS[(i + 3) % ROADS.length] as string} ${20 + i * 11} 号` },
        {
          kind: 'staff_station',
          name: `${host}${street.name}职工驿站`,
          host,
          hours: bank ? BANK_HOURS : everyDay('08:00', '21:00'),
          amenities: bank
            ? ['water', 'rest', 'charging', 'air_conditioning', 'first_aid']
            : ['water', 'rest', 'charging', 'microwave', 'toilet'],
          areaM2: 30,
        },
      ),
    );
  }
  const courierPost = stationRow(
    orgId,
    { gcj02: { lng: 120.4951, lat: 30.0868 }, regionCode: '330603001', address: '柯桥街道柯迎社区党群服务中心一楼' },
    {
      kind: 'courier_post',
      name: '柯桥街道小哥驿站（柯迎社区）',
      host: '柯迎社区党群服务中心',
      hours: everyDay('07:00', '22:00'),
      amenities: ['water', 'rest', 'charging', 'microwave', 'sofa', 'toilet', 'first_aid'],
      areaM2: 60,
    },
  );
  rows.push(courierPost);
  return { rows, courierPostId: courierPost.id };
}

const service = (orgId: string, name: string, category: ServiceCategory, description: string, durationMinutes = 60) => ({
  orgId,
  name,
  category,
  description,
  durationMinutes,
});

export async function seedStationsDemo({ platform, orgs, volume }: DemoSeedContext): Promise<Record<string, unknown> | undefined> {
  const { province, keqiao } = orgs;
  // Only the first start of the embedded demo: tests start from the tree alone.
  if (!volume || !province || !keqiao) return undefined;
  const actor = systemActor('演示数据');
  const wenzhou = await createOrg(
    platform.db,
    actor,
    { orgId: province.id, path: province.path },
    {
      parentId: province.id,
      kind: 'city',
      name: '温州市总工会',
      regionCode: '3303',
    },
  );
  return seedStations(platform.db, { wenzhouId: wenzhou.id, keqiaoId: keqiao.id });
}

/** The stations, services and service days of the demo; the two unions must exist. */
export async function seedStations(db: DemoSeedContext['platform']['db'], unions: { wenzhouId: string; keqiaoId: string }) {
  const keqiaoOrg = await findOrgById(db, unions.keqiaoId);
  if (!keqiaoOrg) throw new Error('seed: 柯桥 is missing');
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const wenzhou = wenzhouStations(unions.wenzhouId);
  const keqiao = keqiaoStations(unions.keqiaoId);
  await inTransaction(db, async (tx) => {
    await insertStations(tx, [...wenzhou.rows, ...keqiao.rows]);
    // 温州's 逢"7" services (seed 002) and 柯桥's "十重礼" (seed 001), each orderable at their stations.
    await tx
      .insert(stationServices)
      .values([
        service(unions.wenzhouId, '就业指导', 'job_guidance', '求职登记、岗位推荐、职业规划'),
        service(unions.wenzhouId, '法律援助', 'legal_aid', '工会公益律师面对面解答劳动争议、工伤、交通事故等问题'),
        service(unions.wenzhouId, '心理咨询', 'counselling', '一对一心理疏导', 50),
        service(unions.wenzhouId, '青年交友', 'youth_social', '青年职工联谊活动报名咨询'),
        service(unions.wenzhouId, '技协帮服务', 'technical_help', '电动车维修、技能提升指导'),
        service(unions.keqiaoId, '法律援助', 'legal_aid', '“尊法守法·携手筑梦”公益律师咨询'),
        service(unions.keqiaoId, '义诊', 'health', '量血压、测血糖、常见病咨询', 30),
        service(unions.keqiaoId, '社保咨询', 'social_insurance', '新就业形态人员参保咨询', 30),
        service(unions.keqiaoId, '医保办理', 'social_insurance', '医保参保登记和报销咨询', 30),
        service(unions.keqiaoId, '手机贴膜', 'phone_care', '免费手机贴膜', 15),
      ]);
    await tx.insert(stationEvents).values([
      {
        stationId: wenzhou.riderHomeId,
        kind: 'service_day',
        title: '逢“7”定项服务日',
        topics: ['就业指导', '法律援助', '心理咨询', '青年交友', '技协帮服务'],
        description: '每月 7 日、17 日、27 日，温州市总工会把服务送到骑手之家',
        recurrence: daysEndingIn(7),
        fromDay: today,
        untilDay: null,
        starts: '09:00',
        ends: '11:30',
        capacity: 40,
      },
      {
        stationId: keqiao.courierPostId,
        kind: 'event',
        title: '清凉工具包发放',
        topics: ['清凉工具包'],
        description: '快递、外卖小哥凭工会会员卡或工作证领取，每人一份',
        recurrence: null,
        fromDay: today,
        untilDay: today,
        starts: '14:00',
        ends: '17:00',
        capacity: 100,
      },
      {
        stationId: keqiao.courierPostId,
        kind: 'event',
        title: '反诈宣传进驿站',
        topics: ['反诈宣传'],
        description: '民警讲解常见诈骗手法，现场答疑',
        recurrence: { kind: 'weekdays', weekdays: [3] },
        fromDay: today,
        untilDay: null,
        starts: '15:00',
        ends: '16:00',
        capacity: null,
      },
    ]);
    await recordAudit(tx, systemActor('演示数据'), {
      action: 'stations.seeded',
      details: { wenzhou: wenzhou.rows.length, keqiao: keqiao.rows.length },
      orgId: keqiaoOrg.id,
      orgPath: keqiaoOrg.path,
    });
  });
  return { stations: wenzhou.rows.length + keqiao.rows.length, riderHomeId: wenzhou.riderHomeId };
}
