/**
 * Who may act for an enterprise (USCC). A binding is a claim until verified; only a verified owner
 * applies in the enterprise's name. Pure: the enterprise document's ownership fields in, decisions out.
 *
 * - `ownerOpenid` + `ownerVerifiedBy`: the verified owner (at most one per USCC).
 * - `claimantOpenids`: accounts holding an unverified (pending or rejected) binding of the USCC.
 * - `ownerOpenid` without `ownerVerifiedBy`: a binding made before verification existed; it counts
 *   as unverified.
 */

export const BINDING_STATES = ['pending', 'verified', 'rejected'] as const;
export type BindingState = (typeof BINDING_STATES)[number];

/** registry-phone: WeChat-verified phone = registry contact phone; documents: licence and letter approved; review: a dispute settled by an admin. */
export const VERIFIED_BY = ['registry-phone', 'documents', 'review'] as const;
export type VerifiedBy = (typeof VERIFIED_BY)[number];

export interface Ownership {
  ownerOpenid?: string | null;
  ownerVerifiedBy?: VerifiedBy | null;
  claimantOpenids?: string[] | null;
}

export function verifiedOwnerOf(enterprise: Ownership | null | undefined): string | null {
  return enterprise?.ownerOpenid && enterprise.ownerVerifiedBy ? enterprise.ownerOpenid : null;
}

/** Every account holding an unverified binding of the enterprise (claimants, and a legacy owner). */
export function unverifiedHoldersOf(enterprise: Ownership | null | undefined): string[] {
  if (!enterprise) return [];
  const holders = [...(enterprise.claimantOpenids ?? [])];
  if (enterprise.ownerOpenid && !enterprise.ownerVerifiedBy) holders.push(enterprise.ownerOpenid);
  return [...new Set(holders)];
}

/** Whose unverified binding goes when `winner` becomes the verified owner. */
export function displacedBy(enterprise: Ownership | null | undefined, winner: string): string[] {
  return unverifiedHoldersOf(enterprise).filter((openid) => openid !== winner);
}

/**
 * A registry contact phone as the digits WeChat reports for a verified phone (purePhoneNumber: no
 * country code for mainland numbers). Null when the text holds no plausible number.
 */
export function normalizeContactPhone(text: string): string | null {
  let digits = text.replace(/[\s\-()（）]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  digits = digits.replace(/^\+/, '');
  if (/^(0086|86)1[3-9]\d{9}$/.test(digits)) digits = digits.replace(/^(0086|86)/, '');
  return /^\d{5,15}$/.test(digits) ? digits : null;
}

/**
 * The automatic verification: the caller's verified phone equals the registry's contact phone of the
 * USCC. Both sides are keyed hashes made with the same purpose; a missing side never matches.
 */
export function registryPhoneMatches(
  registryContactKey: string | null | undefined,
  userContactKey: string | null | undefined,
): boolean {
  return !!registryContactKey && !!userContactKey && registryContactKey === userContactKey;
}

/** Where a client must upload its proofs: its own folder, so a server check can tell whose a file is. */
export const PROOF_PREFIX = 'enterprise-proofs';
export const PROOF_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'heic', 'pdf'] as const;

/**
 * Is `fileID` (`cloud://<env>.<bucket>/<path>`) a proof file in `openid`'s own folder? No empty, `.` or
 * `..` segments, so a path cannot step out of the folder.
 */
export function isOwnProofFile(fileID: string, openid: string): boolean {
  const match = /^cloud:\/\/[^/\s]+\/([^\s]+)$/.exec(fileID);
  if (!match || !openid) return false;
  const segments = match[1].split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return false;
  if (segments.length < 3 || segments[0] !== PROOF_PREFIX || segments[1] !== openid) return false;
  const ext = /\.([A-Za-z0-9]+)$/.exec(segments[segments.length - 1])?.[1]?.toLowerCase();
  return !!ext && (PROOF_EXTENSIONS as readonly string[]).includes(ext);
}
