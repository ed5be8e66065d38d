import { build } from 'esbuild';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const srcDir = path.join(root, 'cloudfunctions/src');
export const distDir = path.join(root, 'cloudfunctions/dist');

export interface FunctionConfig {
  name: string;
  timeout: number;
  memorySize: number;
  runtime: string;
  handler: string;
  envVariables?: Record<string, string>;
  triggers?: { name: string; type: 'timer'; config: string }[];
}

/** cloudbaserc.json is the one list of deployed functions and their limits and triggers. */
export async function readFunctionConfigs(): Promise<FunctionConfig[]> {
  const rc = JSON.parse(await readFile(path.join(root, 'cloudbaserc.json'), 'utf8'));
  return rc.functions as FunctionConfig[];
}

async function sdkVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  return pkg.dependencies['wx-server-sdk'];
}

/** Bundles each function into cloudfunctions/dist/<name>/ with wx-server-sdk left external. */
export async function buildFunctions(options: { quiet?: boolean } = {}): Promise<string[]> {
  const configs = await readFunctionConfigs();
  const version = await sdkVersion();
  await mkdir(distDir, { recursive: true });
  // Functions no longer in cloudbaserc.json go; the others are replaced file by file with renames, so
  // a test run building while another one runs never sees a half-written bundle.
  const wanted = new Set(configs.map((c) => c.name));
  for (const entry of await readdir(distDir)) {
    if (!wanted.has(entry)) await rm(path.join(distDir, entry), { recursive: true, force: true });
  }
  await Promise.all(
    configs.map(async (fn) => {
      const outDir = path.join(distDir, fn.name);
      await mkdir(outDir, { recursive: true });
      const result = await build({
        entryPoints: [path.join(srcDir, fn.name, 'index.ts')],
        outfile: path.join(outDir, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node16',
        format: 'cjs',
        external: ['wx-server-sdk'],
        sourcemap: 'linked',
        logLevel: 'warning',
        write: false,
      });
      const files: [string, string | Uint8Array][] = result.outputFiles.map((f) => [f.path, f.contents]);
      files.push([
        path.join(outDir, 'package.json'),
        JSON.stringify(
          { name: fn.name, version: '1.0.0', main: 'index.js', dependencies: { 'wx-server-sdk': version } },
          null,
          2,
        ) + '\n',
      ]);
      // config.json is what WeChat DevTools reads for triggers and openapi permissions.
      const config = {
        permissions: { openapi: ['subscribeMessage.send', 'wxacode.getUnlimited'] },
        triggers: (fn.triggers ?? []).map((t) => ({ name: t.name, type: t.type, config: t.config })),
      };
      files.push([path.join(outDir, 'config.json'), JSON.stringify(config, null, 2) + '\n']);
      for (const [file, contents] of files) {
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, contents);
        await rename(temp, file);
      }
    }),
  );
  if (!options.quiet) console.log(`built ${configs.length} functions into ${path.relative(root, distDir)}/`);
  return configs.map((c) => c.name);
}

if (require.main === module) {
  buildFunctions().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
