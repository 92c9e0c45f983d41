// The rest stations' fixed catalogues as the server defines them (src/modules/stations/rules.ts): the
// kinds of station and the amenities a rider filters by. The H5 and the console both offer them; the
// H5's stations/rules.test.ts keeps them equal to the server's.
export const STATION_KINDS = [
  'staff_station',
  'love_station',
  'courier_post',
  'rider_home',
  'driver_home',
  'courier_home',
  'love_wing',
] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export const AMENITIES = [
  'water',
  'rest',
  'charging',
  'microwave',
  'toilet',
  'air_conditioning',
  'sofa',
  'first_aid',
  'battery_swap',
  'cooking',
] as const;
export type Amenity = (typeof AMENITIES)[number];
