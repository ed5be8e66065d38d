/** Matching producer names (current or former) to registered enterprises. */
import { normalizeName } from './normalize';

export interface NamedEnterprise {
  uscc: string;
  name: string;
  formerNames?: readonly string[];
}

/** normalised name → USCCs whose current or former name normalises to it. */
export interface NameIndex {
  readonly byName: ReadonlyMap<string, readonly string[]>;
}

export type NameMatch = { uscc: string } | { unmatched: true } | { ambiguous: string[] };

export function buildNameIndex(enterprises: Iterable<NamedEnterprise>): NameIndex {
  const byName = new Map<string, string[]>();
  const add = (raw: string, uscc: string) => {
    const key = normalizeName(raw);
    if (!key) return;
    const list = byName.get(key);
    if (!list) byName.set(key, [uscc]);
    else if (!list.includes(uscc)) list.push(uscc);
  };
  for (const e of enterprises) {
    add(e.name, e.uscc);
    for (const former of e.formerNames ?? []) add(former, e.uscc);
  }
  for (const list of byName.values()) list.sort();
  return { byName };
}

/**
 * Exact match on the normalised name. A name shared by several enterprises (e.g. one's former
 * name is another's current name) is ambiguous: reported, never guessed.
 */
export function matchByName(index: NameIndex, name: string): NameMatch {
  const list = index.byName.get(normalizeName(name));
  if (!list || list.length === 0) return { unmatched: true };
  if (list.length === 1) return { uscc: list[0] };
  return { ambiguous: [...list] };
}
