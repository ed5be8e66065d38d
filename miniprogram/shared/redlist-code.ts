/**
 * The mini-program code on a red-list badge poster: the server asks WeChat for it
 * (wxacode.getUnlimited) with this page and scene, and the entry page reads the scene back when a
 * customer scans it. WeChat hands the scene to the page URL-encoded as `query.scene`, at most 32
 * visible characters of [0-9A-Za-z!#$&'()*+,/:;=?@-._~].
 */

/** The page a scanned code opens (no leading slash, no query: WeChat's `page` parameter). */
export const REDLIST_CODE_PAGE = 'pages/redlist/detail/index';

const PREFIX = 'u=';
/** A USCC as the registry writes it: 18 characters, digits and capitals (the check is the server's). */
const USCC_SHAPE = /^[0-9A-Z]{18}$/;

/** The scene of an enterprise's code: `u=` + its USCC (20 characters). */
export function redlistScene(uscc: string): string {
  return `${PREFIX}${uscc}`;
}

/**
 * The USCC in a scanned code's `query.scene` (URL-encoded or not), or '' when the scene is not one of
 * ours (another code, a truncated scan, a hand-made link).
 */
export function usccFromScene(scene: string | undefined): string {
  if (!scene) return '';
  let decoded = scene;
  try {
    decoded = decodeURIComponent(scene);
  } catch {
    return '';
  }
  if (!decoded.startsWith(PREFIX)) return '';
  const uscc = decoded.slice(PREFIX.length).toUpperCase();
  return USCC_SHAPE.test(uscc) ? uscc : '';
}
