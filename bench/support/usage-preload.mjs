// Loaded with `node --import` into the scan the benchmark runs: on exit, writes the process's
// peak resident set size (KiB) to the file named by NHISCAN_BENCH_USAGE_FILE, with the peaks of
// the V8 heap and of memory outside it (sampled twice a second), and when the sampled RSS peaked
// (milliseconds after start), to tell where memory went. The
// scan itself is the real CLI, unchanged.
import { writeFileSync } from 'node:fs';

const file = process.env.NHISCAN_BENCH_USAGE_FILE;
if (file) {
  const peak = { heapUsed: 0, heapTotal: 0, external: 0, rss: 0, rssAtMs: 0 };
  const started = performance.now();
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.rss > peak.rss) {
      peak.rss = usage.rss;
      peak.rssAtMs = Math.round(performance.now() - started);
    }
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, usage.heapTotal);
    peak.external = Math.max(peak.external, usage.external);
  };
  setInterval(sample, 500).unref();
  process.on('exit', () => {
    sample();
    const mib = (bytes) => Math.round(bytes / 1_048_576);
    writeFileSync(
      file,
      JSON.stringify({
        maxRssKiB: process.resourceUsage().maxRSS,
        peakHeapUsedMiB: mib(peak.heapUsed),
        peakHeapTotalMiB: mib(peak.heapTotal),
        peakExternalMiB: mib(peak.external),
        peakRssAtMs: peak.rssAtMs,
      }),
    );
  });
}
