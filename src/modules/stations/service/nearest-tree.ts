// The spatial part of the in-memory nearest-station index (ADR 0016): a point octree over the stations'
// points on the unit sphere, searched best-first by the straight-line (chord) distance — the same
// distance, computed the same way, as the cube extension's `<->` that the SQL orders by. Pure: no I/O.
//
// Why an octree rather than a uniform grid: stations crowd in cities and thin out across the west, so
// a grid's cell is either too large downtown or searched ring after empty ring in the countryside; an
// octree's leaves follow the density. Each node also carries the amenities of the stations under it,
// so a rare amenity (a battery-swap cabinet) skips whole regions instead of scanning them.
//
// Correctness does not rest on geometry: a node's region is an axis-aligned box of the unit cube, and
// the rounded distance from the query to a box is never more than the rounded distance to a point in
// it (subtraction, squares, sums and the square root all round monotonically). A node is skipped only
// when that bound is strictly beyond the last of the best found so far, so no station nearer — or as
// near with a smaller id — is ever skipped.
//
// Speed is memory: a search reads a few hundred numbers, and reading each from an object of its own (a
// node, a station, a boxed double) cost a cache miss apiece — 40 µs a search. So the tree lives in
// typed arrays: a node is a record of one array (its box, count, amenities, first child, block), its
// eight children are consecutive records, and a leaf's stations' coordinates, amenities and groups
// lie together in a block of slots. A station's object is read only once it makes the list.

export interface TreeEntry {
  readonly id: string;
  /** The point on the unit sphere (as the database's `position` cube holds it, bit for bit). */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** The amenities as bits (AMENITIES' order). */
  readonly mask: number;
  /**
   * What the search's predicate is asked about instead of the entry itself, a number ≥ 0 that many
   * entries share (for a station: its week of openings), so that the predicate can remember its answers.
   */
  readonly group: number;
}

/** The nearest entries found, nearest first (ties by id), with their chords. */
export interface TreeHits<E> {
  entries: E[];
  chords: number[];
}

// A leaf splits above this many points (unless at the deepest level, where points that close — a few
// millimetres — simply share a leaf, its block of slots growing).
const LEAF_CAPACITY = 64;
const MAX_DEPTH = 28;
const NO_CHILDREN = -1;
const NO_BLOCK = -1;
// A node's record: its box [lx, ly, lz, hx, hy, hz], the stations under it, the amenities some of
// them have, its first child (NO_CHILDREN for a leaf), and a leaf's block of slots and its room.
const NODE = 12;
const COUNT = 6;
const MASK = 7;
const FIRST = 8;
const BLOCK = 9;
const ROOM = 10;
const DEPTH = 11;

function grown<T extends Float64Array | Int32Array>(array: T, size: number): T {
  if (array.length >= size) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(size, 2 * array.length));
  bigger.set(array);
  return bigger;
}

export class NearestTree<E extends TreeEntry> {
  // Nodes, by number (the root is 0): a record of NODE numbers each.
  private nodes = 0;
  private node = new Float64Array(NODE * 64);
  // Slots: a leaf's stations in its block, their x, y, z, amenities and groups side by side.
  private slots = 0;
  private coords = new Float64Array(3 * 1024);
  private masks = new Int32Array(1024);
  private groups = new Int32Array(1024);
  private readonly entries: (E | undefined)[] = [];
  /** Blocks given back by leaves that split or grew, by size. */
  private readonly free = new Map<number, number[]>();
  // The search's queue of nodes (a binary min-heap on the bound), reused: a search is synchronous.
  private readonly heapNodes: number[] = [];
  private readonly heapKeys: number[] = [];

  constructor() {
    this.newNode(-1, -1, -1, 1, 1, 1, 0);
  }

  get size(): number {
    return this.node[COUNT] as number;
  }

  private get(node: number, field: number): number {
    return this.node[NODE * node + field] as number;
  }

  private put(node: number, field: number, value: number): void {
    this.node[NODE * node + field] = value;
  }

  insert(e: E): void {
    let node = 0;
    for (;;) {
      this.put(node, COUNT, this.get(node, COUNT) + 1);
      this.put(node, MASK, this.get(node, MASK) | e.mask);
      const first = this.get(node, FIRST);
      if (first === NO_CHILDREN) break;
      node = first + this.childIndex(node, e);
    }
    this.addToLeaf(node, e);
    if (this.get(node, COUNT) > LEAF_CAPACITY && this.get(node, DEPTH) < MAX_DEPTH) this.split(node);
  }

  /** Takes out this very entry (by identity); false when it is not in the tree. */
  remove(e: E): boolean {
    const path: number[] = [];
    let node = 0;
    for (;;) {
      path.push(node);
      const first = this.get(node, FIRST);
      if (first === NO_CHILDREN) break;
      node = first + this.childIndex(node, e);
    }
    const start = this.get(node, BLOCK);
    const n = this.get(node, COUNT);
    let at = -1;
    for (let j = 0; j < n; j++) if (this.entries[start + j] === e) at = start + j;
    if (at < 0) return false;
    const last = start + n - 1;
    this.entries[at] = this.entries[last];
    this.entries[last] = undefined;
    this.coords[3 * at] = this.coords[3 * last] as number;
    this.coords[3 * at + 1] = this.coords[3 * last + 1] as number;
    this.coords[3 * at + 2] = this.coords[3 * last + 2] as number;
    this.masks[at] = this.masks[last] as number;
    this.groups[at] = this.groups[last] as number;
    // Counts and amenities again, from the leaf up.
    for (let k = path.length - 1; k >= 0; k--) {
      const up = path[k] as number;
      this.put(up, COUNT, this.get(up, COUNT) - 1);
      let mask = 0;
      const first = this.get(up, FIRST);
      if (first === NO_CHILDREN) for (let j = 0; j < n - 1; j++) mask |= this.masks[start + j] as number;
      else for (let i = 0; i < 8; i++) mask |= this.get(first + i, MASK);
      this.put(up, MASK, mask);
    }
    return true;
  }

  /**
   * The `limit` entries nearest to the point (x, y, z) of the unit sphere that have every amenity of
   * `want` and whose group passes `accept` (asked only of entries that would make the list), ordered by
   * chord, ties by id — the order of the SQL's `order by position <-> point, id`.
   */
  nearest(x: number, y: number, z: number, limit: number, want: number, accept?: (group: number) => boolean): TreeHits<E> {
    const found: E[] = [];
    const chords: number[] = [];
    const { node: record, coords, masks, groups, entries } = this;
    if (limit < 1 || record[COUNT] === 0 || ((record[MASK] as number) & want) !== want) return { entries: found, chords };
    const heapNodes = this.heapNodes;
    const heapKeys = this.heapKeys;
    this.push(0, 0);
    // The last (farthest) of the list once it is full.
    let worst = Infinity;
    while (heapNodes.length > 0) {
      const bound = heapKeys[0] as number;
      const node = this.pop();
      if (bound > worst) break;
      const first = record[NODE * node + FIRST] as number;
      if (first !== NO_CHILDREN) {
        // The eight children's records follow one another: one sweep of memory.
        for (let r = NODE * first, end = r + 8 * NODE; r < end; r += NODE) {
          if (record[r + COUNT] === 0 || ((record[r + MASK] as number) & want) !== want) continue;
          const lx = record[r] as number;
          const ly = record[r + 1] as number;
          const lz = record[r + 2] as number;
          const hx = record[r + 3] as number;
          const hy = record[r + 4] as number;
          const hz = record[r + 5] as number;
          const dx = x < lx ? lx - x : x > hx ? x - hx : 0;
          const dy = y < ly ? ly - y : y > hy ? y - hy : 0;
          const dz = z < lz ? lz - z : z > hz ? z - hz : 0;
          const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
          if (d <= worst) this.push(r / NODE, d);
        }
        continue;
      }
      const start = record[NODE * node + BLOCK] as number;
      const end = start + (record[NODE * node + COUNT] as number);
      for (let s = start; s < end; s++) {
        if (((masks[s] as number) & want) !== want) continue;
        const dx = (coords[3 * s] as number) - x;
        const dy = (coords[3 * s + 1] as number) - y;
        const dz = (coords[3 * s + 2] as number) - z;
        // As cube_distance sums them: x, then y, then z.
        const chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (chord > worst || (accept && !accept(groups[s] as number))) continue;
        const e = entries[s] as E;
        // As near as the last of a full list: it makes the list only with a smaller id.
        if (chord === worst && e.id > (found[limit - 1] as E).id) continue;
        // Into its place in the list (kept sorted; at most `limit` long).
        let at = found.length;
        if (at === limit) {
          found.pop();
          chords.pop();
          at--;
        }
        found.push(e);
        chords.push(chord);
        while (at > 0) {
          const before = chords[at - 1] as number;
          if (before < chord || (before === chord && (found[at - 1] as E).id < e.id)) break;
          found[at] = found[at - 1] as E;
          chords[at] = before;
          at--;
        }
        found[at] = e;
        chords[at] = chord;
        if (found.length === limit) worst = chords[limit - 1] as number;
      }
    }
    heapNodes.length = 0;
    heapKeys.length = 0;
    return { entries: found, chords };
  }

  private newNode(lx: number, ly: number, lz: number, hx: number, hy: number, hz: number, depth: number): number {
    const node = this.nodes++;
    this.node = grown(this.node, NODE * this.nodes);
    this.node.set([lx, ly, lz, hx, hy, hz, 0, 0, NO_CHILDREN, NO_BLOCK, 0, depth], NODE * node);
    return node;
  }

  private childIndex(node: number, e: TreeEntry): number {
    const b = NODE * node;
    const box = this.node;
    return (
      (e.x >= ((box[b] as number) + (box[b + 3] as number)) / 2 ? 1 : 0) |
      (e.y >= ((box[b + 1] as number) + (box[b + 4] as number)) / 2 ? 2 : 0) |
      (e.z >= ((box[b + 2] as number) + (box[b + 5] as number)) / 2 ? 4 : 0)
    );
  }

  /** A block of `size` slots: one given back, or new ones at the end. */
  private takeBlock(size: number): number {
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) return reused;
    const start = this.slots;
    this.slots += size;
    this.coords = grown(this.coords, 3 * this.slots);
    this.masks = grown(this.masks, this.slots);
    this.groups = grown(this.groups, this.slots);
    return start;
  }

  private giveBack(start: number, size: number): void {
    for (let s = start; s < start + size; s++) this.entries[s] = undefined;
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(start);
  }

  /** Puts the entry in the leaf's block (its count already counts it), growing the block when full. */
  private addToLeaf(node: number, e: E): void {
    const n = this.get(node, COUNT) - 1;
    let start = this.get(node, BLOCK);
    const room = this.get(node, ROOM);
    if (start === NO_BLOCK || n >= room) {
      const size = room === 0 ? LEAF_CAPACITY + 1 : 2 * room;
      const moved = this.takeBlock(size);
      if (start !== NO_BLOCK) {
        this.coords.copyWithin(3 * moved, 3 * start, 3 * (start + n));
        this.masks.copyWithin(moved, start, start + n);
        this.groups.copyWithin(moved, start, start + n);
        for (let j = 0; j < n; j++) this.entries[moved + j] = this.entries[start + j];
        this.giveBack(start, room);
      }
      start = moved;
      this.put(node, BLOCK, start);
      this.put(node, ROOM, size);
    }
    const s = start + n;
    this.entries[s] = e;
    this.coords[3 * s] = e.x;
    this.coords[3 * s + 1] = e.y;
    this.coords[3 * s + 2] = e.z;
    this.masks[s] = e.mask;
    this.groups[s] = e.group;
  }

  private split(node: number): void {
    const parent = Array.from(this.node.subarray(NODE * node, NODE * node + 6));
    const mid = [0, 1, 2].map((axis) => ((parent[axis] as number) + (parent[axis + 3] as number)) / 2);
    const depth = this.get(node, DEPTH) + 1;
    let first = -1;
    for (let i = 0; i < 8; i++) {
      const lower = [0, 1, 2].map((axis) => ((i >> axis) & 1 ? (mid[axis] as number) : (parent[axis] as number)));
      const upper = [0, 1, 2].map((axis) => ((i >> axis) & 1 ? (parent[axis + 3] as number) : (mid[axis] as number)));
      const child = this.newNode(
        lower[0] as number,
        lower[1] as number,
        lower[2] as number,
        upper[0] as number,
        upper[1] as number,
        upper[2] as number,
        depth,
      );
      if (i === 0) first = child;
    }
    const start = this.get(node, BLOCK);
    const n = this.get(node, COUNT);
    const moving = this.entries.slice(start, start + n) as E[];
    this.giveBack(start, this.get(node, ROOM));
    this.put(node, BLOCK, NO_BLOCK);
    this.put(node, ROOM, 0);
    this.put(node, FIRST, first);
    for (const e of moving) {
      const child = first + this.childIndex(node, e);
      this.put(child, COUNT, this.get(child, COUNT) + 1);
      this.put(child, MASK, this.get(child, MASK) | e.mask);
      this.addToLeaf(child, e);
    }
    for (let child = first; child < first + 8; child++) {
      if (this.get(child, COUNT) > LEAF_CAPACITY && depth < MAX_DEPTH) this.split(child);
    }
  }

  private push(node: number, key: number): void {
    const nodes = this.heapNodes;
    const keys = this.heapKeys;
    let i = nodes.length;
    nodes.push(node);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((keys[parent] as number) <= key) break;
      nodes[i] = nodes[parent] as number;
      keys[i] = keys[parent] as number;
      i = parent;
    }
    nodes[i] = node;
    keys[i] = key;
  }

  private pop(): number {
    const nodes = this.heapNodes;
    const keys = this.heapKeys;
    const top = nodes[0] as number;
    const lastNode = nodes.pop() as number;
    const lastKey = keys.pop() as number;
    const n = nodes.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && (keys[right] as number) < (keys[left] as number) ? right : left;
        if ((keys[child] as number) >= lastKey) break;
        nodes[i] = nodes[child] as number;
        keys[i] = keys[child] as number;
        i = child;
      }
      nodes[i] = lastNode;
      keys[i] = lastKey;
    }
    return top;
  }
}
