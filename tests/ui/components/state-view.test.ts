import { renderComponent } from '../helpers/render';
import { mockWx } from '../helpers/wx';

describe('state-view', () => {
  beforeEach(() => mockWx());

  it('shows a loading indicator by default, and nothing of the content', async () => {
    const view = await renderComponent('components/state-view/index');
    expect(view.text('.state-loading')).toBe('正在加载');
    expect(view.has('.state-ready')).toBe(false);
  });

  it('uses the page’s own wording for loading, empty and error', async () => {
    const view = await renderComponent('components/state-view/index', { state: 'loading', loadingText: '正在查询' });
    expect(view.text()).toBe('正在查询');
    view.root.setData({ state: 'empty', emptyText: '暂无申领活动' });
    expect(view.text()).toBe('暂无申领活动');
    view.root.setData({ state: 'error', errorText: '加载失败了' });
    expect(view.text('.state-error__text')).toBe('加载失败了');
  });

  it('falls back to generic wording for empty and error', async () => {
    const view = await renderComponent('components/state-view/index', { state: 'empty' });
    expect(view.text('.state-empty')).toBe('暂无内容');
    view.root.setData({ state: 'error' });
    expect(view.text('.state-error__text')).toBe('加载失败');
  });

  it('reports a retry when the user taps 重新加载', async () => {
    const view = await renderComponent('components/state-view/index', { state: 'error' });
    const retried = jest.fn();
    view.on('retry', retried);
    expect(view.text('.state-retry')).toBe('重新加载');
    await view.tap('.state-retry');
    expect(retried).toHaveBeenCalledTimes(1);
  });

  it('shows the content frame only when ready', async () => {
    const view = await renderComponent('components/state-view/index', { state: 'ready' });
    expect(view.has('.state-ready')).toBe(true);
    expect(view.has('.state-loading')).toBe(false);
    expect(view.has('.state-error')).toBe(false);
  });
});
