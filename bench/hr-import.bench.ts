/**
 * Benchmark: HR import of a 50,000-row roster, plain and with every field quoted and CR line ends
 * (the quoted path must stay linear). Prints wall and CPU time per variant.
 *
 * Run: npm run bench:hr   (ROWS=… to change the size)
 */
import { syntheticRosterCsv } from '../src/emulate/synthetic-roster.js';
import { parseHrContent } from '../src/hr/index.js';

const ROWS = Number(process.env.ROWS ?? 50_000);

for (const [label, quoted, lineEnd] of [
  ['CRLF, minimal quoting', false, '\r\n'],
  ['CR, every field quoted', true, '\r'],
] as const) {
  const bytes = syntheticRosterCsv(ROWS, { quoteEveryField: quoted, lineEnd });
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const snapshot = parseHrContent(bytes, 'bench.csv', 'csv');
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  if (snapshot.rowCount !== ROWS) throw new Error(`expected ${ROWS} rows, parsed ${snapshot.rowCount}`);
  console.log(
    `HR import (${label}): ${ROWS.toLocaleString('en')} rows, ${(bytes.length / 1_048_576).toFixed(1)} MiB ` +
      `in ${Math.round(wallMs)} ms wall, ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU`,
  );
}
