/**
 * `npm run bench`: every benchmark in its own process (so memory figures are its own), one after
 * another, printing each one's figures. `npm run bench -- draw redlist` runs only those.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = __dirname;
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)));

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const started = Date.now();
  // The local cloud's process as `npm start` runs it (package.json scripts.start: its young generation).
  const child = spawnSync(process.execPath, ['--max-semi-space-size=32', '--import', 'tsx', path.join(dir, file)], {
    stdio: 'inherit',
    env: { ...process.env, TZ: 'Asia/Shanghai' },
  });
  console.log(
    `--- ${file}: ${child.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (child.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
