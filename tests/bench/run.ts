/**
 * `npm run bench`: every benchmark in its own process (so memory figures are its own), one after
 * another, printing each one's figures. `npm run bench -- draw redlist` runs only those.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = __dirname;
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)));

/** Node's flags in `npm start` (package.json scripts.start): each bench's process runs the local cloud as it does. */
const packageJson = JSON.parse(readFileSync(path.join(dir, '../../package.json'), 'utf8'));
const startFlags = (packageJson.scripts.start as string).split(/\s+/).filter((word) => word.startsWith('--'));

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const started = Date.now();
  const child = spawnSync(process.execPath, [...startFlags, '--import', 'tsx', path.join(dir, file)], {
    stdio: 'inherit',
    env: { ...process.env, TZ: 'Asia/Shanghai' },
  });
  console.log(
    `--- ${file}: ${child.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (child.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
