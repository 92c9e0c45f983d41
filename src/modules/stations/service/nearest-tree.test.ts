// The octree of the nearest-station index against the plainest answer there is: every point's chord
// computed and sorted, ties by id — over crowded and empty places, points at the same spot, amenity
// masks, a predicate, and points taken out and put back.
import { describe, expect, it } from 'vitest';
import { unitVector } from '../../../platform/geo/coords.js';
import { NearestTree, type TreeEntry } from './nearest-tree.js';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

type Point = TreeEntry;

function pointsOf(next: () => number, n: number): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    // A city (a tenth of a degree across), the country around it, and now and then a second station at the same spot.
    const copy = i > 0 && next() < 0.05 ? points[Math.floor(next() * points.length)] : undefined;
    const city = next() < 0.6;
    const lng = copy ? 0 : city ? 120.5 + next() * 0.1 : 75 + next() * 60;
    const lat = copy ? 0 : city ? 30 + next() * 0.1 : 18 + next() * 35;
    const [x, y, z] = copy ? [copy.x, copy.y, copy.z] : unitVector({ lng, lat });
    points.push({
      id: `id-${String(Math.floor(next() * 1e9)).padStart(9, '0')}-${i}`,
      x,
      y,
      z,
      mask: Math.floor(next() * 16),
      group: i % 5,
    });
  }
  return points;
}

function bruteForce(points: readonly Point[], q: readonly number[], limit: number, want: number, accept?: (group: number) => boolean) {
  return points
    .filter((p) => (p.mask & want) === want && (!accept || accept(p.group)))
    .map((p) => {
      const dx = p.x - (q[0] as number);
      const dy = p.y - (q[1] as number);
      const dz = p.z - (q[2] as number);
      return { id: p.id, chord: Math.sqrt(dx * dx + dy * dy + dz * dz) };
    })
    .sort((a, b) => a.chord - b.chord || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}

describe(NearestTree.name, () => {
  const next = random(7);
  const points = pointsOf(next, 6_000);
  const queries = Array.from({ length: 300 }, (_, i) => {
    // Riders in the city, across the country, and exactly at a station.
    const at = i % 10 === 0 ? (points[Math.floor(next() * points.length)] as Point) : null;
    const q = at
      ? [at.x, at.y, at.z]
      : unitVector(i % 2 ? { lng: 120.45 + next() * 0.2, lat: 29.95 + next() * 0.2 } : { lng: 75 + next() * 60, lat: 18 + next() * 35 });
    return { q, limit: 1 + Math.floor(next() * 50), want: [0, 1, 3, 8, 15][i % 5] as number, onlyOdd: i % 3 === 0 };
  });

  it('finds what a full sort finds, in the same order (ties by id), with the same chords', () => {
    const tree = new NearestTree<Point>();
    for (const p of points) tree.insert(p);
    expect(tree.size).toBe(points.length);
    for (const { q, limit, want, onlyOdd } of queries) {
      const accept = onlyOdd ? (group: number) => group % 2 === 1 : undefined;
      const found = tree.nearest(q[0] as number, q[1] as number, q[2] as number, limit, want, accept);
      const expected = bruteForce(points, q, limit, want, accept);
      expect(found.entries.map((p) => p.id)).toEqual(expected.map((p) => p.id));
      expect(found.chords).toEqual(expected.map((p) => p.chord));
    }
  });

  it('forgets points taken out and finds them again when put back', () => {
    const tree = new NearestTree<Point>();
    for (const p of points) tree.insert(p);
    const out = points.filter((_, i) => i % 3 === 0);
    for (const p of out) expect(tree.remove(p)).toBe(true);
    expect(tree.remove(out[0] as Point)).toBe(false);
    const left = points.filter((_, i) => i % 3 !== 0);
    expect(tree.size).toBe(left.length);
    for (const { q, limit, want } of queries.slice(0, 100)) {
      const found = tree.nearest(q[0] as number, q[1] as number, q[2] as number, limit, want);
      expect(found.entries.map((p) => p.id)).toEqual(bruteForce(left, q, limit, want).map((p) => p.id));
    }
    for (const p of out) tree.insert(p);
    for (const { q, limit, want } of queries.slice(100, 200)) {
      const found = tree.nearest(q[0] as number, q[1] as number, q[2] as number, limit, want);
      expect(found.entries.map((p) => p.id)).toEqual(bruteForce(points, q, limit, want).map((p) => p.id));
    }
  });

  it('keeps a crowd at one spot (beyond a leaf’s room, at the deepest level) in id order, and takes them out one by one', () => {
    const tree = new NearestTree<Point>();
    const [x, y, z] = unitVector({ lng: 120.4926, lat: 30.0823 });
    const crowd = Array.from({ length: 300 }, (_, i) => ({
      id: `crowd-${String((i * 7919) % 300).padStart(3, '0')}`,
      x,
      y,
      z,
      mask: i % 3,
      group: 0,
    }));
    for (const p of [...crowd, ...points.slice(0, 500)]) tree.insert(p);
    const ids = (found: { entries: Point[] }) => found.entries.map((p) => p.id);
    expect(ids(tree.nearest(x, y, z, 50, 0))).toEqual(bruteForce([...crowd, ...points.slice(0, 500)], [x, y, z], 50, 0).map((p) => p.id));
    expect(ids(tree.nearest(x, y, z, 5, 2))).toEqual(bruteForce(crowd, [x, y, z], 5, 2).map((p) => p.id));
    for (const p of crowd.slice(0, 290)) expect(tree.remove(p)).toBe(true);
    expect(ids(tree.nearest(x, y, z, 10, 0)).slice(0, 10)).toEqual(
      bruteForce([...crowd.slice(290), ...points.slice(0, 500)], [x, y, z], 10, 0).map((p) => p.id),
    );
  });

  it('answers nothing when nothing has the amenities, and all it has when asked for more', () => {
    const tree = new NearestTree<Point>();
    const few = points.slice(0, 30);
    for (const p of few) tree.insert(p);
    const [x, y, z] = unitVector({ lng: 120.5, lat: 30 });
    expect(tree.nearest(x, y, z, 10, 16).entries).toEqual([]);
    expect(tree.nearest(x, y, z, 50, 0).entries).toHaveLength(30);
    expect(new NearestTree<Point>().nearest(x, y, z, 10, 0).entries).toEqual([]);
  });
});
