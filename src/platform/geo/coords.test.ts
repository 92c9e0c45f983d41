import { describe, expect, it } from 'vitest';
import {
  chordToMeters,
  distanceMeters,
  EARTH_RADIUS_M,
  gcj02ToWgs84,
  inGcjArea,
  isValidLngLat,
  unitVector,
  wgs84ToGcj02,
  type LngLat,
} from './coords.js';

const chord = (a: LngLat, b: LngLat) => Math.hypot(...unitVector(a).map((x, i) => x - (unitVector(b)[i] as number)));

describe('GCJ-02', () => {
  it('offsets a WGS-84 point in Beijing as the published transform does', () => {
    const gcj = wgs84ToGcj02({ lng: 116.404, lat: 39.915 });
    // The reference values printed by the coordtransform library for the same input.
    expect(gcj.lng).toBeCloseTo(116.41024449916938, 12);
    expect(gcj.lat).toBeCloseTo(39.91640428150164, 12);
    expect(distanceMeters({ lng: 116.404, lat: 39.915 }, gcj)).toBeGreaterThan(500);
  });

  it('converts back to within 0.1 mm everywhere in the country, where one-step subtraction is off by metres', () => {
    let worst = 0;
    let oneStepWorst = 0;
    for (let lng = 74; lng <= 134; lng += 1.5) {
      for (let lat = 18; lat <= 53; lat += 1.25) {
        const wgs = { lng, lat };
        const gcj = wgs84ToGcj02(wgs);
        worst = Math.max(worst, distanceMeters(gcj02ToWgs84(gcj), wgs));
        const there = wgs84ToGcj02(gcj);
        oneStepWorst = Math.max(oneStepWorst, distanceMeters({ lng: 2 * gcj.lng - there.lng, lat: 2 * gcj.lat - there.lat }, wgs));
      }
    }
    expect(worst).toBeLessThan(1e-4);
    expect(oneStepWorst).toBeGreaterThan(0.5);
  });

  it('柯桥: a station typed from AMap lands a few hundred metres from where GPS puts the same door', () => {
    const amap = { lng: 120.4926, lat: 30.0823 };
    const wgs = gcj02ToWgs84(amap);
    const offset = distanceMeters(amap, wgs);
    expect(offset).toBeGreaterThan(100);
    expect(offset).toBeLessThan(700);
    expect(wgs84ToGcj02(wgs).lng).toBeCloseTo(amap.lng, 9);
  });

  it('leaves points outside China as they are, and tells a real position from nonsense', () => {
    const tokyo = { lng: 139.6917, lat: 35.6895 };
    expect(inGcjArea(tokyo)).toBe(false);
    expect(wgs84ToGcj02(tokyo)).toEqual(tokyo);
    expect(gcj02ToWgs84(tokyo)).toEqual(tokyo);
    expect(isValidLngLat({ lng: 120.5, lat: 30 })).toBe(true);
    expect(isValidLngLat({ lng: 181, lat: 30 })).toBe(false);
    expect(isValidLngLat({ lng: 120, lat: -91 })).toBe(false);
    expect(isValidLngLat({ lng: Number.NaN, lat: 30 })).toBe(false);
  });
});

describe('distances', () => {
  it('Beijing to Shanghai is about 1,068 km, by haversine and by the chord an index orders by', () => {
    const beijing = { lng: 116.4074, lat: 39.9042 };
    const shanghai = { lng: 121.4737, lat: 31.2304 };
    const d = distanceMeters(beijing, shanghai);
    expect(d / 1000).toBeCloseTo(1067.5, 0);
    expect(chordToMeters(chord(beijing, shanghai))).toBeCloseTo(d, 3);
  });

  it('a five-minute ride at 15 km/h is 1,250 m, and the chord says so too', () => {
    const station = { lng: 120.58, lat: 30.0 };
    // Due north by 1,250 m of arc: a degree of latitude is R·π/180 on the mean sphere.
    const rider = { lng: 120.58, lat: 30.0 + (1250 / (EARTH_RADIUS_M * Math.PI)) * 180 };
    expect(distanceMeters(station, rider)).toBeCloseTo(1250, 6);
    expect(chordToMeters(chord(station, rider))).toBeCloseTo(1250, 3);
  });
});
