// Factories for the stations' tests (imported only by tests): 温州's 骑手之家 as a union office would
// enter it in 柯桥, from AMap's GCJ-02.
import { everyDay } from './rules.js';
import type { StationInput } from './service/write.js';

/** 300 m², 12 hours free, the battery-swap cabinet round the clock (seed 002). */
export const riderHomeInput = (orgId: string, name = '柯桥骑手之家'): StationInput => ({
  orgId,
  name,
  kind: 'rider_home',
  host: '中国铁塔柯桥分公司',
  address: '柯桥街道笛扬路 1 号',
  regionCode: '330603001',
  gcj02: { lng: 120.4926, lat: 30.0823 },
  hours: everyDay('08:00', '20:00'),
  amenityHours: { battery_swap: { alwaysOpen: true } },
  amenities: ['water', 'rest', 'charging', 'microwave', 'air_conditioning', 'sofa', 'battery_swap'],
  areaM2: 300,
});
