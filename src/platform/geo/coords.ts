// Coordinates on the ground. Chinese maps (AMap, Tencent, WeChat's location) give GCJ-02, the state's
// obfuscated datum: a deterministic, non-linear offset of 100–700 m from WGS-84 inside mainland China.
// We store WGS-84 (the datum of GPS, of distances and of every map library) and convert at the edges:
// GCJ-02 in from a form or a spreadsheet, GCJ-02 out to a Chinese map's tiles.

export interface LngLat {
  lng: number;
  lat: number;
}

// The Krasovsky 1940 ellipsoid the GCJ-02 offset is defined on.
const SEMI_MAJOR = 6_378_245.0;
const ECCENTRICITY_SQUARED = 0.006_693_421_622_965_943;
// Mean Earth radius (IUGG), for distances.
export const EARTH_RADIUS_M = 6_371_008.8;

/**
 * The rectangle GCJ-02 is applied in (outside it the two datums coincide). It is coarser than the
 * border: it is what map providers use, so a point converts the way their maps place it.
 */
export function inGcjArea(p: LngLat): boolean {
  return p.lng >= 72.004 && p.lng <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;
}

/** Whether a point is a real position on Earth at all. */
export function isValidLngLat(p: LngLat): boolean {
  return Number.isFinite(p.lng) && Number.isFinite(p.lat) && Math.abs(p.lng) <= 180 && Math.abs(p.lat) <= 90;
}

function offsetLat(x: number, y: number): number {
  return (
    -100 +
    2 * x +
    3 * y +
    0.2 * y * y +
    0.1 * x * y +
    0.2 * Math.sqrt(Math.abs(x)) +
    ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3 +
    ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3 +
    ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  );
}

function offsetLng(x: number, y: number): number {
  return (
    300 +
    x +
    2 * y +
    0.1 * x * x +
    0.1 * x * y +
    0.1 * Math.sqrt(Math.abs(x)) +
    ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3 +
    ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3 +
    ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  );
}

/** WGS-84 → GCJ-02: the published forward transform. */
export function wgs84ToGcj02(p: LngLat): LngLat {
  if (!inGcjArea(p)) return { lng: p.lng, lat: p.lat };
  const radLat = (p.lat / 180) * Math.PI;
  const sinLat = Math.sin(radLat);
  const magic = 1 - ECCENTRICITY_SQUARED * sinLat * sinLat;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(p.lng - 105, p.lat - 35) * 180) / (((SEMI_MAJOR * (1 - ECCENTRICITY_SQUARED)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (offsetLng(p.lng - 105, p.lat - 35) * 180) / ((SEMI_MAJOR / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lng: p.lng + dLng, lat: p.lat + dLat };
}

/**
 * GCJ-02 → WGS-84. The transform has no closed inverse; the usual one-step subtraction is off by up to
 * a few metres. The offset changes slowly, so fixed-point iteration converges: a few rounds bring
 * wgs84ToGcj02 of the answer within 1e-9° (0.1 mm) of the input.
 */
export function gcj02ToWgs84(p: LngLat): LngLat {
  if (!inGcjArea(p)) return { lng: p.lng, lat: p.lat };
  let lng = p.lng;
  let lat = p.lat;
  for (let round = 0; round < 30; round++) {
    const there = wgs84ToGcj02({ lng, lat });
    const dLng = p.lng - there.lng;
    const dLat = p.lat - there.lat;
    lng += dLng;
    lat += dLat;
    if (Math.abs(dLng) < 1e-10 && Math.abs(dLat) < 1e-10) break;
  }
  return { lng, lat };
}

/** Great-circle distance in metres (haversine on the mean sphere: within 0.5% of the ellipsoid's). */
export function distanceMeters(a: LngLat, b: LngLat): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLng = (b.lng - a.lng) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The point on the unit sphere (x, y, z): nearness in straight-line (chord) distance between these is
 * nearness on the ground, which is what a spatial index of cubes can order by.
 */
export function unitVector(p: LngLat): [number, number, number] {
  const lat = (p.lat * Math.PI) / 180;
  const lng = (p.lng * Math.PI) / 180;
  return [Math.cos(lat) * Math.cos(lng), Math.cos(lat) * Math.sin(lng), Math.sin(lat)];
}

/** The ground distance in metres of a chord of the unit sphere (unitVector's distance). */
export function chordToMeters(chord: number): number {
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, chord / 2));
}
