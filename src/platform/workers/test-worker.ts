// The thread pool.test.ts starts: doubles numbers, refuses negative ones, and dies on NaN.
import { serveRequests } from './pool.js';

serveRequests((input) => {
  const n = input as number;
  if (Number.isNaN(n)) process.exit(3);
  if (n < 0) throw new Error(`negative: ${n}`);
  return { output: n * 2 };
});
