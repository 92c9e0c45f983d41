// How a station list's cells read, in the words union offices write them: opening hours ("24小时",
// "周一至周五 9:00-17:00；周六 9:00-12:00"), amenities ("饮水、充电、热饭、换电柜（24小时）"), kinds,
// areas and coordinates. Pure: each reading gives a value or the code of what is wrong with the text;
// the import turns codes into its row problems. The export writes with the `format…` functions, in
// words these read back, so an exported list re-imports as it was.
import { inGcjArea, isValidLngLat, type LngLat } from '../../platform/geo/coords.js';
import {
  AMENITIES,
  STATION_KINDS,
  WEEKDAYS,
  type Amenity,
  type Opening,
  type OpeningHours,
  type StationKind,
  type Weekday,
} from './rules.js';

/** A reading: the value, or why the text is not one (a `problems.stations.<code>` key and its params). */
export type Reading<T> = { ok: true; value: T } | { ok: false; code: string; params: Record<string, unknown> };

const ok = <T>(value: T): Reading<T> => ({ ok: true, value });
const bad = <T>(code: string, params: Record<string, unknown> = {}): Reading<T> => ({ ok: false, code, params });

/** Full-width digits, colons, brackets and spaces as their ASCII selves; the text trimmed. */
export function halfWidth(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\u3000/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Opening hours.

const DAY_CHARS: Record<string, Weekday> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7 };
const DAY_CHAR = '[一二三四五六日天七]';
const DAY_PREFIX = '(?:每周|周|星期|礼拜)';
const RANGE = '\\s*(?:-|~|—|–|−|－|至|到)+\\s*';
// 8:00, 08:00, 8点, 8点半, 8点30, 8时, 下午2点; a bare hour only as "8点"/"8时", never a lone number.
const TIME = '(?:(上午|早上|早|中午|下午|晚上|晚)\\s*)?(\\d{1,2})(?:(?::|：)(\\d{2})|\\s*[点时](?:\\s*(半|\\d{1,2})分?)?)';
const NEXT_DAY = '(?:次日|翌日|第二天)?';

const PATTERNS = {
  span: new RegExp(`^${TIME}${RANGE}${NEXT_DAY}\\s*${TIME}`),
  days: new RegExp(`^${DAY_PREFIX}(${DAY_CHAR})(?:${RANGE}${DAY_PREFIX}?(${DAY_CHAR}))?`),
  // "周一、三、五": a day named without 周 after one named with it.
  moreDay: new RegExp(`^[、,]\\s*(${DAY_CHAR})`),
  everyDay: /^(?:每天|每日|天天|全周|全年|一周七天|7天)/,
  workdays: /^工作日/,
  weekend: /^(?:周末|双休日|双休|节假日)/,
  whole: /^(?:7\s*[x×*]\s*24\s*(?:小时|h)?|全天候|全天\s*24\s*小时|全天|24\s*(?:小时|h))/i,
  duration: /^(\d{1,2})\s*(?:个)?(?:小时|h)/i,
  closed: /^(?:休息|闭馆|休馆|不开放|关闭|歇业|闭站|停业)/,
  // Words around the hours that say nothing of them.
  filler: /^(?:营业时间|开放时间|服务时间|营业|开放|服务|免费|对外|时间|均为|均|为|全年无休|无休|:)/,
  separator: /^[\s,，、;；/|。.()（）]+/,
};

/** 'HH:MM' from a matched time (hour, minutes, half, day part); hours past 24 are kept for checkOpeningHours to refuse. */
function timeOf(part: string | undefined, hour: string, minutes: string | undefined, spoken: string | undefined): string {
  let h = Number(hour);
  if ((part === '下午' || part === '晚上' || part === '晚') && h < 12) h += 12;
  // 晚上12点 is midnight, the day's end.
  else if ((part === '晚上' || part === '晚') && h === 12) h = 24;
  const m = minutes !== undefined ? Number(minutes) : spoken === '半' ? 30 : spoken !== undefined ? Number(spoken) : 0;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function dayRange(from: Weekday, to: Weekday): Weekday[] {
  const days: Weekday[] = [];
  // "周五至周一" runs over the weekend.
  for (let d = from; ; d = ((d % 7) + 1) as Weekday) {
    days.push(d);
    if (d === to) return days;
  }
}

interface Group {
  days: Weekday[] | null;
  spans: Opening[];
  whole: boolean;
  closed: boolean;
}

const WHOLE_DAY: Opening = { opens: '00:00', closes: '24:00' };

/**
 * A week of opening hours from the words a union office writes: "24小时", "全天", "08:00-20:00",
 * "8:00—20:00", "周一至周五 9:00-17:00；周六 9:00-12:00", "每天8点到20点，周日休息", "工作日 8:30-17:30",
 * "20:00-次日8:00". A later phrase overrides an earlier one for the days it names. "12小时" alone says
 * how long but not when, and is refused as such. Times are not checked here: checkOpeningHours does it.
 */
export function parseHours(text: string): Reading<OpeningHours> {
  const source = halfWidth(text);
  if (source === '') return bad('import_hours_required');
  const groups: Group[] = [];
  let current: Group | null = null;
  let lastWasDays = false;
  let sawDuration = false;
  const open = (days: Weekday[] | null): Group => {
    const group: Group = { days, spans: [], whole: false, closed: false };
    groups.push(group);
    return group;
  };
  const nameDays = (days: Weekday[]) => {
    // Days named one after another ("周一、周三") are one group until hours follow them.
    if (current && lastWasDays && current.days) current.days.push(...days);
    else current = open(days);
    lastWasDays = true;
  };
  let rest = source;
  while (rest.length > 0) {
    let m: RegExpExecArray | null;
    if (lastWasDays && (m = PATTERNS.moreDay.exec(rest))) {
      nameDays([DAY_CHARS[m[1] ?? ''] as Weekday]);
    } else if ((m = PATTERNS.separator.exec(rest)) || (m = PATTERNS.filler.exec(rest))) {
      // Nothing to note; a separator does not end a list of days.
    } else if ((m = PATTERNS.span.exec(rest))) {
      current ??= open(null);
      current.spans.push({ opens: timeOf(m[1], m[2] ?? '', m[3], m[4]), closes: timeOf(m[5], m[6] ?? '', m[7], m[8]) });
      lastWasDays = false;
    } else if ((m = PATTERNS.whole.exec(rest))) {
      current ??= open(null);
      current.whole = true;
      lastWasDays = false;
    } else if ((m = PATTERNS.duration.exec(rest))) {
      sawDuration = true;
    } else if ((m = PATTERNS.days.exec(rest))) {
      const from = DAY_CHARS[m[1] ?? ''] as Weekday;
      nameDays(m[2] ? dayRange(from, DAY_CHARS[m[2]] as Weekday) : [from]);
    } else if ((m = PATTERNS.everyDay.exec(rest))) {
      nameDays([...WEEKDAYS]);
    } else if ((m = PATTERNS.workdays.exec(rest))) {
      nameDays([1, 2, 3, 4, 5]);
    } else if ((m = PATTERNS.weekend.exec(rest))) {
      nameDays([6, 7]);
    } else if ((m = PATTERNS.closed.exec(rest))) {
      if (!current?.days) return bad('import_hours_unreadable', { value: source });
      current.closed = true;
      lastWasDays = false;
    } else {
      return bad('import_hours_unreadable', { value: source });
    }
    rest = rest.slice(m[0].length);
  }
  const said = groups.filter((g) => g.whole || g.closed || g.spans.length > 0);
  if (said.length !== groups.length || said.length === 0) {
    return bad(sawDuration ? 'import_hours_duration_only' : 'import_hours_unreadable', { value: source });
  }
  const week = new Map<Weekday, Opening[]>();
  for (const group of said) {
    for (const day of group.days ?? WEEKDAYS) {
      if (group.closed) week.delete(day);
      else week.set(day, group.whole ? [WHOLE_DAY] : [...group.spans]);
    }
  }
  if (week.size === 0) return bad('import_hours_unreadable', { value: source });
  return ok(normaliseHours({ alwaysOpen: false, days: Object.fromEntries(week) }));
}

const isWholeDay = (openings: readonly Opening[] | undefined) =>
  openings?.length === 1 && openings[0]?.opens === WHOLE_DAY.opens && openings[0].closes === WHOLE_DAY.closes;

/** Every day open 00:00–24:00 is round the clock; days in order, none empty. */
export function normaliseHours(hours: OpeningHours): OpeningHours {
  if (hours.alwaysOpen) return hours;
  if (WEEKDAYS.every((d) => isWholeDay(hours.days[d]))) return { alwaysOpen: true };
  const days: Partial<Record<Weekday, Opening[]>> = {};
  for (const d of WEEKDAYS) {
    const openings = hours.days[d];
    if (openings && openings.length > 0) days[d] = openings.map((o) => ({ opens: o.opens, closes: o.closes }));
  }
  return { alwaysOpen: false, days };
}

const DAY_NAMES: Record<Weekday, string> = { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' };

/**
 * A week of opening hours in the words parseHours reads: "24小时", "每天 08:00-20:00",
 * "周一至周五 09:00-17:00；周六 09:00-12:00", a split day "08:00-12:00、14:00-18:00". Closed days unnamed.
 */
export function formatHours(hours: OpeningHours): string {
  const week = normaliseHours(hours);
  if (week.alwaysOpen) return '24小时';
  const said = (openings: readonly Opening[] | undefined): string | null =>
    !openings || openings.length === 0 ? null : isWholeDay(openings) ? '24小时' : openings.map((o) => `${o.opens}-${o.closes}`).join('、');
  const byDay = WEEKDAYS.map((d) => said(week.days[d]));
  if (byDay.every((s) => s !== null && s === byDay[0])) return `每天 ${byDay[0] ?? ''}`;
  const parts: string[] = [];
  for (let i = 0; i < 7;) {
    const text = byDay[i];
    let j = i;
    while (j + 1 < 7 && byDay[j + 1] === text) j++;
    if (text !== null && text !== undefined) {
      const from = DAY_NAMES[WEEKDAYS[i] as Weekday];
      parts.push(`${j > i ? `${from}至${DAY_NAMES[WEEKDAYS[j] as Weekday]}` : from} ${text}`);
    }
    i = j + 1;
  }
  return parts.join('；');
}

// ---------------------------------------------------------------------------------------------
// Amenities.

/**
 * Each amenity with the word the export writes first, then the words lists use for it. "热饭" is the
 * microwave (heating a meal brought along); cooking is a kitchen where one can cook.
 */
export const AMENITY_WORDS: Record<Amenity, readonly string[]> = {
  water: ['饮水', '热水', '开水', '饮用水', '直饮水', '饮水机', '茶水', '喝水', '免费饮水'],
  rest: ['休息', '休息区', '休息室', '座椅', '桌椅', '歇脚', '休憩'],
  charging: ['手机充电', '充电', '充电宝', '充电器', '充电插座', '共享充电宝'],
  microwave: ['微波炉', '热饭', '加热', '热饭菜', '加热饭菜', '微波炉热饭'],
  toilet: ['卫生间', '厕所', '洗手间', '公厕', '如厕'],
  air_conditioning: ['空调', '冷暖空调', '冷气', '空调房'],
  sofa: ['沙发'],
  first_aid: ['急救药箱', '药箱', '医药箱', '急救箱', '应急药箱', '常用药品', '药品', '医药包'],
  battery_swap: ['换电柜', '换电', '换电站', '换电池', '电池更换', '换电服务'],
  cooking: ['厨具', '厨房', '做饭', '炊具', '灶具', '烹饪', '厨具（可热饭做饭）', '厨具(可热饭做饭)'],
};

const wordKey = (word: string) => halfWidth(word).replace(/\s+/g, '').toLowerCase();

const AMENITY_BY_WORD = new Map<string, Amenity>(
  AMENITIES.flatMap((amenity) => [
    [wordKey(amenity), amenity] as [string, Amenity],
    ...AMENITY_WORDS[amenity].map((word) => [wordKey(word), amenity] as [string, Amenity]),
  ]),
);

/** An amenity from one of its words (or its code), or null. */
export function amenityOf(word: string): Amenity | null {
  return AMENITY_BY_WORD.get(wordKey(word)) ?? null;
}

export interface AmenityCell {
  amenities: Amenity[];
  /** Amenities with hours of their own, written in brackets after them: 换电柜（24小时）. */
  amenityHours: Partial<Record<Amenity, OpeningHours>>;
}

/** The items of a list separated by 、，, / ; or spaces, a bracketed part kept with the item it follows. */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let item = '';
  let depth = 0;
  for (const char of halfWidth(text)) {
    if (char === '(') depth += 1;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、,，/;；\s]/.test(char)) {
      if (item.trim()) items.push(item.trim());
      item = '';
    } else item += char;
  }
  if (item.trim()) items.push(item.trim());
  return items;
}

/**
 * The amenities of a cell: "饮水、手机充电、热饭、厕所、药箱、换电柜（24小时）". Each word must be one of
 * the catalogue's (or a common synonym); a bracket after one gives it hours of its own.
 */
export function parseAmenities(text: string): { value: AmenityCell; problems: { code: string; params: Record<string, unknown> }[] } {
  const value: AmenityCell = { amenities: [], amenityHours: {} };
  const problems: { code: string; params: Record<string, unknown> }[] = [];
  for (const item of splitList(text)) {
    const bracket = /^(.*?)\((.*)\)$/.exec(item);
    const word = bracket ? (bracket[1] ?? '') : item;
    // "厨具(可热饭做饭)" is the catalogue's own name, brackets and all.
    const amenity = amenityOf(item) ?? amenityOf(word);
    if (!amenity) {
      problems.push({ code: 'import_amenity_unknown', params: { value: word } });
      continue;
    }
    if (!value.amenities.includes(amenity)) value.amenities.push(amenity);
    if (bracket && amenityOf(item) === null) {
      const hours = parseHours(bracket[2] ?? '');
      if (hours.ok) value.amenityHours[amenity] = hours.value;
      else problems.push({ code: 'import_amenity_hours_unreadable', params: { amenity: word, value: bracket[2] ?? '' } });
    }
  }
  return { value, problems };
}

/** Amenities in the words parseAmenities reads: the catalogue's order, own hours in brackets. */
export function formatAmenities(amenities: readonly Amenity[], amenityHours: Partial<Record<Amenity, OpeningHours>> = {}): string {
  return AMENITIES.filter((a) => amenities.includes(a) || amenityHours[a])
    .map((a) => {
      const own = amenityHours[a];
      const word = AMENITY_WORDS[a][0] ?? a;
      return own ? `${word}（${formatHours(own)}）` : word;
    })
    .join('、');
}

// ---------------------------------------------------------------------------------------------
// Kinds, areas, coordinates, phones.

/** Each kind with the name the export writes first, then other names lists give it. */
export const KIND_WORDS: Record<StationKind, readonly string[]> = {
  staff_station: ['职工驿站', '职工服务驿站', '工会驿站', '户外劳动者服务站点', '户外劳动者服务站', '户外劳动者驿站'],
  love_station: ['爱心驿站', '爱心服务站'],
  courier_post: ['小哥驿站', '快递小哥驿站', '外卖小哥驿站'],
  rider_home: ['骑手之家', '骑手驿站', '骑手加油站'],
  driver_home: ['司机之家', '货车司机之家', '的哥之家'],
  courier_home: ['快递员之家', '快递小哥之家'],
  love_wing: ['爱心翼站'],
};

const KIND_BY_WORD = new Map<string, StationKind>(
  STATION_KINDS.flatMap((kind) => [
    [kind, kind] as [string, StationKind],
    ...KIND_WORDS[kind].map((w) => [wordKey(w), kind] as [string, StationKind]),
  ]),
);

export function parseKind(text: string): Reading<StationKind> {
  const kind = KIND_BY_WORD.get(wordKey(text));
  return kind
    ? ok(kind)
    : bad('import_kind_unknown', { value: halfWidth(text), kinds: STATION_KINDS.map((k) => KIND_WORDS[k][0]).join('、') });
}

/** Square metres, whole: "300", "300㎡", "300平方米", "约300平米", "300 m²". Empty is no area. */
export function parseArea(text: string): Reading<number | null> {
  const source = halfWidth(text);
  if (source === '') return ok(null);
  const m = /^(?:约|大约)?\s*(\d+(?:\.\d+)?)\s*(?:㎡|m2|m²|平方米|平米|平方|平)?$/i.exec(source);
  const value = m ? Math.round(Number(m[1])) : NaN;
  return Number.isInteger(value) && value >= 1 && value <= 100_000 ? ok(value) : bad('import_area_invalid', { value: source });
}

/** A station's phone: digits with the marks people write in them (0575-8512 3456, 转 801); empty is none. */
export function parsePhone(text: string): Reading<string | null> {
  const source = halfWidth(text);
  if (source === '') return ok(null);
  return /^[0-9+\-()\s转,、/]{5,30}$/.test(source) && /\d{5}/.test(source.replace(/\D/g, ''))
    ? ok(source)
    : bad('import_phone_invalid', { value: source });
}

const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * A point from the longitude and latitude cells (GCJ-02, as AMap's 坐标拾取器 gives it), or from one
 * cell holding both ("120.492600,30.082300", the picker's form). A point whose two numbers read the
 * right way round only when exchanged is refused as swapped: the commonest slip in these lists.
 */
export function parsePoint(lngText: string, latText: string, pairText = ''): Reading<LngLat> {
  let lngCell = halfWidth(lngText).replace(/°$/, '');
  let latCell = halfWidth(latText).replace(/°$/, '');
  const pair = halfWidth(pairText) || (latCell === '' && /[,，\s]/.test(lngCell) ? lngCell : '');
  if (pair) {
    const parts = pair.split(/\s*[,，\s]\s*/);
    if (parts.length !== 2) return bad('import_coordinate_invalid', { value: pair });
    [lngCell, latCell] = parts as [string, string];
  }
  if (lngCell === '' || latCell === '') return bad('import_coordinates_required');
  for (const cell of [lngCell, latCell]) if (!NUMBER.test(cell)) return bad('import_coordinate_invalid', { value: cell });
  const point = { lng: Number(lngCell), lat: Number(latCell) };
  const swapped = { lng: point.lat, lat: point.lng };
  const inChina = (p: LngLat) => isValidLngLat(p) && inGcjArea(p);
  if (!inChina(point) && inChina(swapped)) return bad('import_coordinates_swapped', { lng: lngCell, lat: latCell });
  return ok(point);
}
