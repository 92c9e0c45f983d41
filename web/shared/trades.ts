// The trades a worker or a federation can have, as the server defines them (src/modules/orgs/rules.ts);
// the console and the H5 both offer them, and an architecture test keeps this list equal to the server's.
export const TRADES = [
  'truck_driver',
  'courier',
  'care_worker',
  'domestic_worker',
  'mall_info_staff',
  'food_delivery',
  'real_estate_agent',
  'security_guard',
  'ride_hailing',
  'sanitation',
  'construction',
  'other',
] as const;
export type Trade = (typeof TRADES)[number];
