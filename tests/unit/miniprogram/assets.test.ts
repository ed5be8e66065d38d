/** The committed WeUI stylesheet and tab icons are what scripts/miniprogram-assets.ts generates. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expectedAssets } from '../../../scripts/miniprogram-assets';

const ROOT = path.resolve(__dirname, '../../..');

describe('mini-program assets', () => {
  let expected: Map<string, Buffer>;
  beforeAll(() => {
    expected = expectedAssets();
  });

  it('are up to date (run npx tsx scripts/miniprogram-assets.ts)', () => {
    const stale = [...expected]
      .filter(([file, content]) => !readFileSync(file).equals(content))
      .map(([file]) => path.relative(ROOT, file));
    expect(stale).toEqual([]);
    expect(expected.size).toBe(15);
  });

  it('vendor uCharts into each subpackage that draws charts (they cannot require each other)', () => {
    const checkup = expected.get(path.join(ROOT, 'miniprogram/pages/checkup/u-charts.js'));
    const admin = expected.get(path.join(ROOT, 'miniprogram/pages/admin/u-charts.js'));
    expect(checkup?.length).toBeGreaterThan(10_000);
    const credit = expected.get(path.join(ROOT, 'miniprogram/pages/credit/u-charts.js'));
    expect(admin?.equals(checkup!)).toBe(true);
    expect(credit?.equals(checkup!)).toBe(true);
  });

  it('vendor the pinned WeUI release', () => {
    const weui = expected.get(path.join(ROOT, 'miniprogram/styles/weui.wxss'))!.toString('utf8');
    expect(weui.slice(0, 200)).toContain('WeUI v2.6.26');
  });
});
