// A trade from the words the lists people send use for it: our code, our label, or a department's or
// platform's word (快递小哥, 外卖骑手, 网约车驾驶员 …). The roll import and the census lists both read trades so.
import { t } from '../../platform/i18n/i18n.js';
import { TRADES, type Trade } from './rules.js';

// Built on first use: the labels are messages, installed with the module list after this file loads.
let byWord: Map<string, Trade> | undefined;

const wordsOf = () =>
  new Map<string, Trade>([
    ...TRADES.flatMap((code) => [[code, code] as const, [t(`orgs.trade.${code}`), code] as const]),
    ['快递', 'courier'],
    ['快递小哥', 'courier'],
    ['快递配送员', 'courier'],
    ['快递从业人员', 'courier'],
    ['外卖骑手', 'food_delivery'],
    ['外卖员', 'food_delivery'],
    ['外卖配送员', 'food_delivery'],
    ['骑手', 'food_delivery'],
    ['网约车驾驶员', 'ride_hailing'],
    ['出租车司机', 'ride_hailing'],
    ['货车驾驶员', 'truck_driver'],
    ['保安', 'security_guard'],
    ['家政', 'domestic_worker'],
    ['护工', 'care_worker'],
    ['护理员', 'care_worker'],
    ['房产中介', 'real_estate_agent'],
    ['环卫工', 'sanitation'],
    ['建筑工', 'construction'],
  ]);

/** The trade a cell names, or undefined. */
export function tradeFromWords(text: string): Trade | undefined {
  return (byWord ??= wordsOf()).get(text.trim());
}
