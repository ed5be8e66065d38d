/**
 * Deploys to Tencent CloudBase: functions (code, limits, env variables, timer triggers) from
 * cloudbaserc.json, collections with their indexes and ACL from cloudfunctions/database/*.json, and
 * the storage bucket's permission mode from cloudfunctions/storage.json.
 *
 *   ENV_ID=… TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… YPT_SERVER_SECRET=… npm run deploy
 *   npm run deploy -- --dry-run      # prints the plan, touches nothing
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildFunctions, distDir, type FunctionConfig } from './build-functions';

const root = path.resolve(__dirname, '..');

export interface CollectionFile {
  name: string;
  acl?: 'ADMINONLY' | 'ADMINWRITE' | 'READONLY' | 'PRIVATE';
  indexes?: { name: string; keys: Record<string, 1 | -1>; unique?: boolean }[];
  /**
   * Indexes an earlier version declared and no query needs any more: dropped where they exist, since every
   * write to a field an index holds writes the index too (applications.uscc_status took one on every status
   * change of a draw).
   */
  retiredIndexes?: string[];
}

/** CloudBase storage permission modes (the local cloud enforces the same, emulator/storage.ts). */
export type StorageAcl = 'ADMINONLY' | 'ADMINWRITE' | 'READONLY' | 'PRIVATE';

export interface StorageFile {
  acl: StorageAcl;
}

export interface DeploymentPlan {
  envId: string;
  storage: { acl: StorageAcl };
  functions: {
    name: string;
    runtime: string;
    handler: string;
    timeout: number;
    memorySize: number;
    installDependency: boolean;
    envVariables: Record<string, string>;
    triggers: { name: string; type: 'timer'; config: string }[];
  }[];
  collections: {
    name: string;
    acl: string;
    createIndexes: {
      IndexName: string;
      MgoKeySchema: { MgoIndexKeys: { Name: string; Direction: string }[]; MgoIsUnique: boolean };
    }[];
    dropIndexes: string[];
  }[];
}

export const REQUIRED_ENV = ['ENV_ID', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'YPT_SERVER_SECRET'] as const;

/** `{{env.NAME}}` in cloudbaserc.json comes from the environment; a missing one stops the deploy. */
export function fillTemplate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\{\{\s*env\.([A-Z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    const v = env[name];
    if (v === undefined || v === '') throw new Error(`cloudbaserc.json needs the environment variable ${name}`);
    return v;
  });
}

export function planDeployment(
  rc: { envId: string; functions: FunctionConfig[] },
  collections: CollectionFile[],
  env: Record<string, string | undefined>,
  storage: StorageFile,
): DeploymentPlan {
  const secret = env.YPT_SERVER_SECRET ?? '';
  if (secret.length < 32)
    throw new Error('YPT_SERVER_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)');
  if (!['ADMINONLY', 'ADMINWRITE', 'READONLY', 'PRIVATE'].includes(storage.acl)) {
    throw new Error(`cloudfunctions/storage.json: unknown acl ${String(storage.acl)}`);
  }
  return {
    envId: fillTemplate(rc.envId, env),
    storage: { acl: storage.acl },
    functions: rc.functions.map((fn) => ({
      name: fn.name,
      runtime: fn.runtime,
      handler: fn.handler,
      timeout: fn.timeout,
      memorySize: fn.memorySize,
      installDependency: true,
      envVariables: Object.fromEntries(
        Object.entries(fn.envVariables ?? {}).map(([k, v]) => [k, fillTemplate(v, env)]),
      ),
      triggers: (fn.triggers ?? []).map((t) => ({ name: t.name, type: t.type, config: t.config })),
    })),
    collections: collections.map((c) => ({
      name: c.name,
      dropIndexes: retiredIndexesOf(c),
      acl: c.acl ?? 'ADMINONLY',
      createIndexes: (c.indexes ?? []).map((ix) => ({
        IndexName: ix.name,
        MgoKeySchema: {
          MgoIndexKeys: Object.entries(ix.keys).map(([Name, dir]) => ({ Name, Direction: String(dir) })),
          MgoIsUnique: !!ix.unique,
        },
      })),
    })),
  };
}

/** A collection's retired indexes; one it still declares is a mistake in its file. */
function retiredIndexesOf(c: CollectionFile): string[] {
  const retired = c.retiredIndexes ?? [];
  const declared = retired.filter((name) => (c.indexes ?? []).some((ix) => ix.name === name));
  if (declared.length)
    throw new Error(`collection ${c.name}: index ${declared.join(', ')} is both declared and retired`);
  return retired;
}

export async function readCollectionFiles(): Promise<CollectionFile[]> {
  const dir = path.join(root, 'cloudfunctions/database');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as CollectionFile));
}

export async function readStorageFile(): Promise<StorageFile> {
  return JSON.parse(await readFile(path.join(root, 'cloudfunctions/storage.json'), 'utf8')) as StorageFile;
}

async function main(argv: string[]): Promise<void> {
  const dryRun = argv.includes('--dry-run');
  const env = dryRun ? { ENV_ID: 'dry-run-env', YPT_SERVER_SECRET: 'x'.repeat(32), ...process.env } : process.env;
  if (!dryRun) {
    const missing = REQUIRED_ENV.filter((k) => !env[k]);
    if (missing.length) throw new Error(`missing environment variables: ${missing.join(', ')} (see README, "Deploy")`);
  }
  const rc = JSON.parse(await readFile(path.join(root, 'cloudbaserc.json'), 'utf8'));
  const plan = planDeployment(rc, await readCollectionFiles(), env, await readStorageFile());
  if (dryRun) {
    const shown = {
      ...plan,
      functions: plan.functions.map((f) => ({ ...f, envVariables: Object.keys(f.envVariables) })),
    };
    console.log(JSON.stringify(shown, null, 2));
    return;
  }

  await buildFunctions();
  const { default: CloudBase } = await import('@cloudbase/manager-node');
  const app = new CloudBase({
    secretId: env.TENCENTCLOUD_SECRETID!,
    secretKey: env.TENCENTCLOUD_SECRETKEY!,
    envId: plan.envId,
  });

  for (const c of plan.collections) {
    await app.database.createCollectionIfNotExists(c.name);
    for (const index of c.createIndexes) {
      const exists = await app.database.checkIndexExists(c.name, index.IndexName);
      if (!exists.Exists) await app.database.updateCollection(c.name, { CreateIndexes: [index] });
    }
    for (const IndexName of c.dropIndexes) {
      const exists = await app.database.checkIndexExists(c.name, IndexName);
      if (exists.Exists) await app.database.updateCollection(c.name, { DropIndexes: [{ IndexName }] });
    }
    await app
      .commonService()
      .call({ Action: 'ModifyDatabaseACL', Param: { EnvId: plan.envId, CollectionName: c.name, AclTag: c.acl } });
    const dropped = c.dropIndexes.length ? `, retired ${c.dropIndexes.join(', ')}` : '';
    console.log(`collection ${c.name}: ${c.createIndexes.length} indexes${dropped}, ACL ${c.acl}`);
  }
  // Clients may touch only files they uploaded themselves; the functions (admin) write everything else.
  await app.storage.setStorageAcl(plan.storage.acl);
  console.log(`storage: ACL ${plan.storage.acl}`);
  for (const fn of plan.functions) {
    await app.functions.createFunction({ func: fn as never, functionRootPath: distDir, force: true });
    console.log(`function ${fn.name}: deployed (${fn.triggers.length} timer triggers)`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`deploy failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
