/**
 * Drafts of long forms, kept on the device (wx storage) so what was typed survives the app being closed:
 * saved as the user types (debounced), offered back when the form opens again ("已为你恢复…" with 清空),
 * removed after a successful submit. One entry per form and user (openid), and per campaign where a form
 * belongs to one; an entry names its owner and is ignored for anyone else or once it is old.
 *
 * What goes in is the page's choice and must be only what the page may keep: typed text and choices,
 * never a consent, an answer from the server or anything that may have expired (temporary file paths are
 * kept but checked again with `filesStillThere` before they are shown).
 */

export const DRAFT_TEXT = {
  restored: '已为你恢复上次未提交的内容',
  clear: '清空',
  cleared: '已清空',
} as const;

/** Typing pauses this long before the draft is written. */
export const DRAFT_SAVE_DELAY_MS = 600;
/** A draft older than this is dropped rather than offered (the campaign, the cable, the user moved on). */
export const DRAFT_MAX_AGE_MS = 30 * 24 * 3600_000;

const PREFIX = 'draft:';
const VERSION = 1;

interface Stored<T> {
  v: number;
  owner: string;
  savedAt: number;
  data: T;
}

export interface Draft<T> {
  /** The saved draft of this form and user, or null (none, someone else's, too old, unreadable). */
  load(): T | null;
  /** Saves after the typing pauses (DRAFT_SAVE_DELAY_MS); the last call wins. */
  save(data: T): void;
  /** Writes a pending save now: call it when the page hides or unloads. */
  flush(): void;
  /** Forgets the draft (after a submit, or 清空), including a pending save. */
  clear(): void;
}

export interface DraftOptions {
  /** What the form belongs to, e.g. the campaign id. */
  scope?: string;
  delayMs?: number;
  maxAgeMs?: number;
  now?: () => number;
}

/** The storage key of a form's draft: `draft:<form>:<owner>[:<scope>]`. */
export function draftKey(form: string, owner: string, scope = ''): string {
  return `${PREFIX}${form}:${owner}${scope ? `:${scope}` : ''}`;
}

const NO_DRAFT: Draft<never> = {
  load: () => null,
  save: () => undefined,
  flush: () => undefined,
  clear: () => undefined,
};

/**
 * The draft of `form` for `owner` (the user's openid). Without an owner (profile not known) nothing is
 * kept: a draft must never be offered to another user of the same phone.
 */
export function openDraft<T>(form: string, owner: string, options: DraftOptions = {}): Draft<T> {
  if (!owner) return NO_DRAFT as Draft<T>;
  const key = draftKey(form, owner, options.scope);
  const delay = options.delayMs ?? DRAFT_SAVE_DELAY_MS;
  const maxAge = options.maxAgeMs ?? DRAFT_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  let pending: { data: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
  };
  const write = (data: T) => {
    try {
      wx.setStorageSync(key, { v: VERSION, owner, savedAt: now(), data } satisfies Stored<T>);
    } catch {
      // Storage full or unavailable: a draft is a convenience, the form goes on.
    }
  };
  const remove = () => {
    try {
      wx.removeStorageSync(key);
    } catch {
      // As above.
    }
  };

  return {
    load() {
      let stored: Partial<Stored<T>> | '' | undefined;
      try {
        stored = wx.getStorageSync(key) as Partial<Stored<T>> | '';
      } catch {
        return null;
      }
      if (!stored || typeof stored !== 'object') return null;
      const fresh = typeof stored.savedAt === 'number' && now() - stored.savedAt <= maxAge;
      if (stored.v !== VERSION || stored.owner !== owner || !fresh || stored.data === undefined) {
        remove();
        return null;
      }
      return stored.data;
    },
    save(data: T) {
      pending = { data };
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const next = pending;
        pending = null;
        if (next) write(next.data);
      }, delay);
    },
    flush() {
      const next = pending;
      cancel();
      if (next) write(next.data);
    },
    clear() {
      cancel();
      remove();
    },
  };
}

/**
 * The temporary files (chosen photos) that still exist: WeChat removes temporary files some time after
 * the app closes, so a restored draft checks each one before showing it.
 */
export async function filesStillThere(paths: string[]): Promise<string[]> {
  const checks = await Promise.all(
    paths.map(
      (src) =>
        new Promise<boolean>((resolve) => {
          wx.getImageInfo({ src, success: () => resolve(true), fail: () => resolve(false) });
        }),
    ),
  );
  return paths.filter((_, i) => checks[i]);
}
