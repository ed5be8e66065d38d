import { REDLIST_CODE_PAGE, redlistScene, usccFromScene } from '../../../miniprogram/shared/redlist-code';

const USCC = '91440606722473344C';
/** What WeChat's `scene` accepts: at most 32 visible characters of this set. */
const WECHAT_SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

describe('the red-list code scene', () => {
  it('fits WeChat’s scene rules and names the entry page without a slash or query', () => {
    expect(redlistScene(USCC)).toBe(`u=${USCC}`);
    expect(redlistScene(USCC)).toMatch(WECHAT_SCENE);
    expect(REDLIST_CODE_PAGE).toMatch(/^pages\/[\w/-]+$/);
  });

  it('reads the USCC back, encoded (as the page receives it) or not', () => {
    expect(usccFromScene(encodeURIComponent(redlistScene(USCC)))).toBe(USCC);
    expect(usccFromScene(redlistScene(USCC))).toBe(USCC);
    expect(usccFromScene(`u%3D${USCC.toLowerCase()}`)).toBe(USCC);
  });

  it('ignores scenes that are not ours', () => {
    for (const scene of [
      undefined,
      '',
      USCC,
      `v=${USCC}`,
      `u=${USCC.slice(0, 17)}`,
      `u=${USCC}X`,
      'u=%E0%A4%A',
      'u=中文',
    ]) {
      expect(usccFromScene(scene)).toBe('');
    }
  });
});
