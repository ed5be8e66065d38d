/**
 * The signed-in user's profile, fetched once per launch (user.login creates the user on first call)
 * and shared by every page. Pages that change it (binding, phone verification) store the new value
 * so the 我的 tab shows it when the user goes back.
 */
import type { ProfileView } from '../../typings/api';
import { call } from './api';

let current: ProfileView | null = null;
let pending: Promise<ProfileView> | null = null;

export function loadProfile(options: { refresh?: boolean } = {}): Promise<ProfileView> {
  if (current && !options.refresh) return Promise.resolve(current);
  if (!pending) {
    pending = call('user', 'login', {})
      .then((profile) => {
        current = profile;
        return profile;
      })
      .finally(() => {
        pending = null;
      });
  }
  return pending;
}

export function cachedProfile(): ProfileView | null {
  return current;
}

export function storeProfile(profile: ProfileView): void {
  current = profile;
}

/** Merges a partial change (e.g. the phone verification result) into the cached profile. */
export function patchProfile(change: Partial<ProfileView>): void {
  if (current) current = { ...current, ...change };
}
