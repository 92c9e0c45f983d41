// The flags of a serving node: what `npm start` and the benchmarks run, and what docs/OPERATIONS.md
// tells production to run.
//
// --max-semi-space-size=32: V8's young generation may grow to 2 × 32 MB instead of 2 × 16. A request,
// or a row of an import, that waits on PostgreSQL across two young collections is promoted to the old
// space, where it stays as garbage until a full collection: under 200 concurrent joins, or a million-
// row import, the old space grew by 20 MB a second and the process to ~460 MB. With the larger young
// generation the old space stays flat (bench --reuse --only join,import: peak RSS 460 → 383 MB).
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];
