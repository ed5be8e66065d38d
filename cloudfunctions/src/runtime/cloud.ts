import cloud from 'wx-server-sdk';

let initialised = false;

/** The wx-server-sdk, initialised once per container against the current environment. */
export function getCloud(): typeof cloud {
  if (!initialised) {
    // The d.ts types `env` as a string, but DYNAMIC_CURRENT_ENV is the documented symbol.
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

export type Database = ReturnType<typeof cloud.database>;

export function getDb(): Database {
  return getCloud().database();
}
