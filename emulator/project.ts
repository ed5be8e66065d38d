import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from './env';
import type { PreviewIdentity } from './preview/types';

/**
 * What the local cloud knows of the project it runs beyond the files CloudBase itself reads
 * (cloudbaserc.json, the collection and storage specs): package.json "localCloud", as firebase-tools
 * reads firebase.json. Each entry is `<path from the project root>#<export>`, loaded when needed:
 *
 *   "localCloud": {
 *     "build": "scripts/build-functions.ts#buildFunctions",            ({quiet}) => Promise — builds what cloudbaserc.json deploys
 *     "seed": "seed/index.ts#seedDemoData",                            (cloud: CloudEndpoint) => Promise<void>
 *     "previewIdentities": "seed/identities.ts#PREVIEW_IDENTITIES"     PreviewIdentity[] for the preview's switcher
 *   }
 *
 * The emulator imports none of the project's code: it is a CloudBase, configured with a project.
 */

/** What a seeder is given: the cloud's address, as any CloudBase server-side client is configured. */
export interface CloudEndpoint {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The server API (`POST /admin`) that wx-server-sdk / @cloudbase/node-sdk talk to (their `serviceUrl`). */
  adminUrl: string;
  envId: string;
}

/** Loads a project's data into a running cloud, through its server API. */
export type Seeder = (cloud: CloudEndpoint) => Promise<void>;

export type Builder = (options: { quiet?: boolean }) => Promise<unknown>;

export interface LocalCloudProject {
  build?: Builder;
  seed?: Seeder;
  previewIdentities?: PreviewIdentity[];
}

export const PROJECT_FIELD = 'localCloud';
type Entry = keyof LocalCloudProject;
const ENTRIES: Entry[] = ['build', 'seed', 'previewIdentities'];

/** The raw "localCloud" entries of `<root>/package.json` (none when the field or file is absent). */
export function readProjectConfig(root: string = ROOT_DIR): Partial<Record<Entry, string>> {
  const file = path.join(root, 'package.json');
  if (!existsSync(file)) return {};
  const field = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)[PROJECT_FIELD];
  if (field === undefined) return {};
  if (!field || typeof field !== 'object' || Array.isArray(field))
    throw new Error(`${file}: "${PROJECT_FIELD}" must be an object`);
  const config: Partial<Record<Entry, string>> = {};
  for (const [key, value] of Object.entries(field)) {
    if (!ENTRIES.includes(key as Entry))
      throw new Error(`${file}: "${PROJECT_FIELD}.${key}" is not one of ${ENTRIES.join(', ')}`);
    if (typeof value !== 'string' || !/^[^#]+#[A-Za-z_$][\w$]*$/.test(value))
      throw new Error(`${file}: "${PROJECT_FIELD}.${key}" must be "<path>#<export>"`);
    config[key as Entry] = value;
  }
  return config;
}

/** Loads `<path>#<export>` relative to `root` (tsx and jest both load TypeScript by path). */
function loadExport(root: string, key: Entry, entry: string): unknown {
  const [file, name] = entry.split('#');
  const full = path.resolve(root, file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a configured path, not a dependency
  const loaded = require(full) as Record<string, unknown>;
  if (!(name in loaded)) throw new Error(`${PROJECT_FIELD}.${key}: ${file} exports no "${name}"`);
  return loaded[name];
}

/** The project's hooks, loaded from its configuration (only the ones asked for). */
export function loadProject(root: string = ROOT_DIR, only: Entry[] = ENTRIES): LocalCloudProject {
  const config = readProjectConfig(root);
  const project: LocalCloudProject = {};
  for (const key of only) {
    const entry = config[key];
    if (!entry) continue;
    const value = loadExport(root, key, entry);
    const ok = key === 'previewIdentities' ? Array.isArray(value) : typeof value === 'function';
    if (!ok)
      throw new Error(
        `${PROJECT_FIELD}.${key}: ${entry} is not ${key === 'previewIdentities' ? 'an array' : 'a function'}`,
      );
    (project as Record<Entry, unknown>)[key] = value;
  }
  return project;
}
