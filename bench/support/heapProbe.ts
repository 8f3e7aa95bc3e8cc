/**
 * Preloaded into the server by `npm run fuzz` (node --expose-gc --import ./bench/support/heapProbe.ts),
 * never by the application itself. On SIGUSR2 it runs a full garbage collection and writes one
 * line to stderr: `FUZZ-HEAP <heapUsed> <external>` in bytes. That is the live memory, without
 * the garbage-collector's sawtooth that makes RSS a noisy measure of a leak.
 */
const gc = (globalThis as { gc?: () => void }).gc;

process.on('SIGUSR2', () => {
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  process.stderr.write(`FUZZ-HEAP ${gc ? m.heapUsed : -1} ${gc ? m.external : -1}\n`);
});
