// Loaded with `node --import` into the scan the benchmark runs: on exit, writes the process's
// peak resident set size (KiB) to the file named by NHISCAN_BENCH_USAGE_FILE. The scan itself is
// the real CLI, unchanged.
import { writeFileSync } from 'node:fs';

const file = process.env.NHISCAN_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  });
}
