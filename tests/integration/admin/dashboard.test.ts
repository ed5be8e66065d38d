/**
 * admin.dashboard over a small seeded campaign with known figures: every chart's numbers (series and
 * table), Asia/Shanghai days and months at their edges, the latest published red list, and refusals.
 */
import { CABLE_STATUSES, CABLE_STATUS_LABELS } from '../../../miniprogram/shared/cable-workflow';
import { GUANGDONG_CITY_NAMES } from '../../../miniprogram/shared/cities';
import type { DashboardChartView } from '../../../cloudfunctions/src/contract/admin-dashboard';
import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, type TestCloud } from '../voucher/fixtures';
import { ADMIN, CAMPAIGN, PLAIN, seedDashboard } from './dashboard-fixtures';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDashboard(cloud);
});
afterAll(() => cloud?.stop());

const dashboard = (input: object, openid = ADMIN) => cloud.call('admin', { action: 'dashboard', ...input }, openid);
const chart = async (input: object) => ok<DashboardChartView>(await dashboard(input));
const G = '1000 元券（G1000）';
const P = '个人五百元券';

describe('admin.dashboard', () => {
  test('applications against quota per pool, with the oversubscription ratio', async () => {
    const c = await chart({ section: 'pools', campaignId: CAMPAIGN });
    expect(c).toMatchObject({ section: 'pools', scope: '2026 年春季检测券', chart: 'column', stacked: false });
    expect(c.categories).toEqual([G, P]);
    expect(c.series).toEqual([
      { name: '名额', data: [3, 1] },
      { name: '申领', data: [4, 2] },
    ]);
    expect(c.table).toEqual({
      columns: ['券种', '面值（元）', '名额', '申领', '超额倍数'],
      rows: [
        [G, 1000, 3, 4, 1.33],
        [P, 500, 1, 2, 2],
      ],
    });
    expect(c.figures).toEqual([
      { label: '申领总数', value: '6' },
      { label: '名额合计', value: '4' },
    ]);
  });

  test('the daily trend counts Asia/Shanghai days over the application window', async () => {
    const c = await chart({ section: 'trend', campaignId: CAMPAIGN });
    expect(c.chart).toBe('line');
    expect(c.categories).toEqual(['03-01', '03-02', '03-03', '03-04']);
    expect(c.series).toEqual([{ name: '当日申领', data: [2, 3, 1, 0] }]);
    expect(c.table.rows).toEqual([
      ['2026-03-01', 2, 2],
      ['2026-03-02', 3, 5],
      ['2026-03-03', 1, 6],
      ['2026-03-04', 0, 6],
    ]);
  });

  test('applicants by city: every Guangdong city, then the blank ones', async () => {
    const c = await chart({ section: 'cities', campaignId: CAMPAIGN });
    expect(c.categories).toEqual([...GUANGDONG_CITY_NAMES, '未填写']);
    const rows = Object.fromEntries(c.table.rows.map(([city, n]) => [city, n]));
    expect(rows).toMatchObject({ 广州市: 3, 深圳市: 2, 未填写: 1, 佛山市: 0 });
    expect(c.series[0].data.reduce((a, b) => a + b, 0)).toBe(6);
  });

  test('vouchers per pool by state, stacked to the number issued', async () => {
    const c = await chart({ section: 'vouchers', campaignId: CAMPAIGN });
    expect(c.stacked).toBe(true);
    expect(c.series).toEqual([
      { name: '未使用', data: [1, 0] },
      { name: '已核销', data: [2, 1] },
      { name: '已过期', data: [1, 0] },
      { name: '已作废', data: [0, 1] },
    ]);
    expect(c.table.rows).toEqual([
      [G, 3, 4, 1, 2, 1, 0],
      [P, 1, 2, 0, 1, 0, 1],
    ]);
  });

  test('redemption amounts per hospital per Asia/Shanghai month', async () => {
    const c = await chart({ section: 'redemptions', campaignId: CAMPAIGN });
    expect(c.categories).toEqual(['2026-03', '2026-04']);
    expect(c.series).toEqual([
      { name: '广州检测院', data: [1800, 0] },
      { name: '深圳质检中心', data: [0, 300] },
    ]);
    expect(c.table.rows).toEqual([
      ['2026-03', '广州检测院', 2, 1800, 2000],
      ['2026-04', '深圳质检中心', 1, 300, 300],
    ]);
    expect(c.figures).toEqual([
      { label: '核销笔数', value: '3' },
      { label: '抵扣金额（元）', value: '2100' },
    ]);
  });

  test('cable requests per status in the range, and the median turnaround', async () => {
    const c = await chart({ section: 'cable', from: '2026-03-01', to: '2026-03-31' });
    expect(c.scope).toBe('2026-03-01 至 2026-03-31');
    expect(c.categories).toEqual(CABLE_STATUSES.map((s) => CABLE_STATUS_LABELS[s]));
    const counts = Object.fromEntries(CABLE_STATUSES.map((s, i) => [s, c.series[0].data[i]]));
    expect(counts).toEqual({
      submitted: 1,
      accepted: 0,
      sample_received: 0,
      screening: 0,
      completed: 2,
      rejected: 1,
      cancelled: 0,
    });
    expect(c.figures).toContainEqual({ label: '办理用时中位数', value: '3 天' });
    expect(c.table.rows.slice(-2)).toEqual([
      ['合计', 4],
      ['办理用时中位数（天）', 3],
    ]);
  });

  test('red-list tiers by city from the latest published version', async () => {
    const c = await chart({ section: 'redlist' });
    expect(c.scope).toBe('2026-02 期红榜');
    expect(c.stacked).toBe(true);
    expect(c.categories).toEqual([...GUANGDONG_CITY_NAMES, '未知']);
    const rows = Object.fromEntries(c.table.rows.map((r) => [r[0], r.slice(1)]));
    expect(rows['广州市']).toEqual([2, 1, 3, 6]);
    expect(rows['深圳市']).toEqual([0, 4, 1, 5]);
    expect(rows['未知']).toEqual([0, 0, 1, 1]);
    expect(rows['韶关市']).toEqual([0, 0, 0, 0]);
    expect(c.series.map((s) => s.name)).toEqual(['十年榜', '五年榜', '三年榜']);
    expect(c.figures).toEqual([{ label: '上榜企业', value: '12' }]);
  });

  test('a plain user is refused with FORBIDDEN before the input is looked at', async () => {
    for (const input of [
      { section: 'pools', campaignId: CAMPAIGN },
      { section: 'nope', campaignId: 7 },
    ]) {
      expect(failure(await dashboard(input, PLAIN))).toMatchObject({ code: 'FORBIDDEN', message: '需要管理员权限' });
    }
  });

  test('bad input answers VALIDATION_FAILED in Chinese; an unknown campaign NOT_FOUND', async () => {
    const cases: [object, RegExp][] = [
      [{ section: 'pools' }, /请选择活动/],
      [{ section: 'chart' }, /图表/],
      [{ section: 'cable', from: '2026-03-02', to: '2026-03-01' }, /开始日期不能晚于结束日期/],
      [{ section: 'cable', from: '2026-03-02' }, /结束日期/],
    ];
    for (const [input, message] of cases) {
      const res = failure(await dashboard(input));
      expect(res.code).toBe('VALIDATION_FAILED');
      expect(res.message).toMatch(message);
    }
    expect(failure(await dashboard({ section: 'trend', campaignId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
