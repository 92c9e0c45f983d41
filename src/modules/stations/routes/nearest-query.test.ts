// The nearest search's quick query check against zod: for what it takes, exactly zod's value; what it
// leaves, zod decides (and refuses with its own problems).
import { describe, expect, it } from 'vitest';
import { NearestQuery, quickNearestQuery } from './nearest-query.js';

// As fast-querystring hands them over: strings, arrays for repeated keys, no prototype.
type Fields = Record<string, string | string[]>;
const query = (fields: Fields) => Object.assign(Object.create(null) as object, fields);

describe(quickNearestQuery.name, () => {
  it('takes the H5’s plain queries and gives what zod gives', () => {
    const plain: Fields[] = [
      { lng: '120.493', lat: '30.083' },
      { lng: '120.493', lat: '30.083', datum: 'gcj02', limit: '3' },
      { lng: '-0', lat: '0', limit: '50' },
      { lng: '180', lat: '-90', amenity: 'microwave' },
      { lng: '102.123456789012345', lat: '22.5', amenity: ['toilet', 'water'], openNow: 'true' },
      { lng: '121', lat: '31', amenity: 'battery_swap', openNow: 'false', limit: '1' },
      { lng: '121', lat: '31', amenity: [], openNow: 'true', datum: 'wgs84' },
    ];
    for (const fields of plain) {
      const quick = quickNearestQuery(query(fields));
      expect(quick, JSON.stringify(fields)).not.toBeNull();
      expect(quick).toStrictEqual(NearestQuery.parse(query(fields)));
    }
  });

  it('leaves anything else to zod, which refuses what is wrong and reads the rest its own way', () => {
    const others: Fields[] = [
      {},
      { lng: '120' },
      { lng: '181', lat: '30' },
      { lng: '120', lat: '90.5' },
      { lng: '1e2', lat: '30' },
      { lng: ' 120', lat: '30' },
      { lng: '+120', lat: '30' },
      { lng: '', lat: '30' },
      { lng: ['120', '121'], lat: '30' },
      { lng: '120', lat: '30', datum: 'bd09' },
      { lng: '120', lat: '30', amenity: 'pool' },
      { lng: '120', lat: '30', amenity: ['water', 'pool'] },
      { lng: '120', lat: '30', amenity: Array.from({ length: 11 }, () => 'water') },
      { lng: '120', lat: '30', openNow: '1' },
      { lng: '120', lat: '30', openNow: 'yes' },
      { lng: '120', lat: '30', limit: '0' },
      { lng: '120', lat: '30', limit: '51' },
      { lng: '120', lat: '30', limit: '10.5' },
      { lng: '120', lat: '30', limit: '007' },
      { lng: '120', lat: '30', page: '2' },
    ];
    for (const fields of others) expect(quickNearestQuery(query(fields)), JSON.stringify(fields)).toBeNull();
    // zod's own readings of some of them, and its refusals.
    expect(NearestQuery.parse(query({ lng: ' 120', lat: '30', openNow: 'yes', limit: '007' }))).toMatchObject({
      lng: 120,
      openNow: true,
      limit: 7,
    });
    for (const wrong of <Fields[]>[
      { lng: '181', lat: '30' },
      { lng: '120', lat: '30', amenity: 'pool' },
      { lng: '120', lat: '30', page: '2' },
    ]) {
      expect(NearestQuery.safeParse(query(wrong)).success).toBe(false);
    }
  });
});
