import { renderComponent } from '../helpers/render';
import { mockWx } from '../helpers/wx';

const NOW = Date.parse('2026-07-01T09:00:00+08:00');

describe('countdown', () => {
  beforeEach(() => {
    mockWx();
    jest.useFakeTimers({ now: NOW });
  });
  afterEach(() => jest.useRealTimers());

  it('shows days, hours and minutes while days remain', async () => {
    const view = await renderComponent('components/countdown/index', {
      until: '2026-07-15T18:30:00+08:00',
      prefix: '距申领截止还有 ',
    });
    expect(view.text()).toBe('距申领截止还有 14天9小时30分');
  });

  it('counts down every second and fires end once at zero', async () => {
    const view = await renderComponent('components/countdown/index', { until: new Date(NOW + 65_000).toISOString() });
    const ended = jest.fn();
    view.on('end', ended);
    expect(view.text()).toBe('1分5秒');
    jest.advanceTimersByTime(5_000);
    expect(view.text()).toBe('1分0秒');
    jest.advanceTimersByTime(60_000);
    expect(view.text()).toBe('已截止');
    jest.advanceTimersByTime(10_000);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('restarts when the deadline changes', async () => {
    const view = await renderComponent('components/countdown/index', { until: new Date(NOW - 1000).toISOString() });
    expect(view.text()).toBe('已截止');
    view.root.setData({ until: new Date(NOW + 2 * 3600_000).toISOString() });
    expect(view.text()).toBe('2小时0分0秒');
  });

  it('shows nothing for a missing deadline and keeps no timer', async () => {
    const view = await renderComponent('components/countdown/index', { until: '' });
    expect(view.text()).toBe('');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops ticking when detached', async () => {
    const view = await renderComponent('components/countdown/index', { until: new Date(NOW + 3600_000).toISOString() });
    expect(jest.getTimerCount()).toBe(1);
    view.detach();
    expect(jest.getTimerCount()).toBe(0);
  });
});
