/**
 * The paged-list helpers of definitions/index.ts (loadFirst, reloadQuietly, loadNext), on a small page
 * declared with definePage as the real pages are, rendered through the page shim. The list's server
 * is a jest mock the test answers page by page.
 */
import simulate from 'miniprogram-simulate';
import { defineListPage, definePage, type PagedSource, type ViewState } from '../../../miniprogram/definitions/index';
import { ApiError } from '../../../miniprogram/services/api';
import { flush, View } from '../helpers/render';
import { deferred, mockWx, type WxMock } from '../helpers/wx';

interface Raw {
  id: string;
  n: number;
}
interface Answer {
  items: Raw[];
  total: number;
  note?: string;
}
interface Item {
  id: string;
  label: string;
}

const TEMPLATE = `
<view class="state">{{state}}</view>
<view wx:for="{{items}}" wx:key="id" class="item">{{item.label}}</view>
<view wx:if="{{loadingMore}}" class="loading-more">正在加载…</view>
<view wx:elif="{{hasMore}}" class="more" bindtap="loadMore">加载更多</view>
<view class="note">{{note}}</view>
`;

const raws = (from: number, count: number): Raw[] =>
  Array.from({ length: count }, (_, i) => ({ id: `r${from + i}`, n: from + i }));
const labels = (view: View) => view.texts('.item');

type Server = jest.Mock<Promise<Answer | null>, [number]>;
const serve = (answer: (page: number) => Promise<Answer | null>): Server => jest.fn(answer);

/** Renders the page a `declare` call defines (Page → the shim → Component, caught here), as the real pages are. */
async function renderDeclared(declare: () => void): Promise<View> {
  const g = globalThis as unknown as { Component: (definition: object) => unknown };
  const component = g.Component;
  let definition: object = {};
  g.Component = (d) => (definition = d);
  try {
    declare();
  } finally {
    g.Component = component;
  }
  const root = simulate.render(simulate.load({ ...definition, template: TEMPLATE }));
  root.attach(document.createElement('parent-wrapper'));
  const view = new View(root);
  await flush();
  return view;
}

/** A page declared with definePage, wiring the paged helpers by hand. */
function renderList(server: Server, options: Partial<PagedSource<Answer, Item>> = {}): Promise<View> {
  return renderDeclared(() =>
    definePage({
      data: {
        state: 'loading' as ViewState,
        items: [] as Item[],
        page: 1,
        hasMore: false,
        loadingMore: false,
        note: '',
      },
      onLoad() {
        this.load();
      },
      list(): PagedSource<Answer, Item> {
        return {
          fetch: (page) => server(page),
          toItems: (answer) => answer.items.map((r) => ({ id: r.id, label: `#${r.n}` })),
          ...options,
        };
      },
      load() {
        return this.loadFirst(this.list());
      },
      refresh() {
        return this.reloadQuietly(this.list());
      },
      loadMore() {
        return this.loadNext(this.list());
      },
    }),
  );
}

describe('paged list helpers', () => {
  let wx: WxMock;
  beforeEach(() => {
    wx = mockWx();
  });

  it('loads the first page through the loading state, mapped, with more to come when the total says so', async () => {
    const first = deferred<Answer>();
    const server = serve(() => first.promise);
    const view = await renderList(server);
    expect(view.text('.state')).toBe('loading');
    first.resolve({ items: raws(1, 2), total: 3 });
    await flush();
    expect(server.mock.calls).toEqual([[1]]);
    expect(view.text('.state')).toBe('ready');
    expect(labels(view)).toEqual(['#1', '#2']);
    expect(view.data).toMatchObject({ page: 1, hasMore: true, loadingMore: false });
    expect(view.has('.more')).toBe(true);
  });

  it('has no more when the first page holds the whole total', async () => {
    const view = await renderList(serve(async () => ({ items: raws(1, 2), total: 2 })));
    expect(view.text('.state')).toBe('ready');
    expect(view.data.hasMore).toBe(false);
    expect(view.has('.more')).toBe(false);
  });

  it('shows empty for an empty first page, and for a fetch that answers null', async () => {
    const empty = await renderList(serve(async () => ({ items: [], total: 0 })));
    expect(empty.text('.state')).toBe('empty');
    expect(labels(empty)).toEqual([]);
    expect(empty.data.hasMore).toBe(false);

    const none = await renderList(serve(async () => null));
    expect(none.text('.state')).toBe('empty');
    expect(labels(none)).toEqual([]);
  });

  it('shows the error state and toasts the reason when the first page fails; retry loads it', async () => {
    const server = serve(async () => {
      throw new ApiError('INTERNAL', '服务繁忙');
    });
    const view = await renderList(server);
    expect(view.text('.state')).toBe('error');
    expect(wx.lastToast()).toBe('服务繁忙');
    expect(labels(view)).toEqual([]);

    server.mockImplementation(async () => ({ items: raws(1, 1), total: 1 }));
    await view.instance.load();
    expect(view.text('.state')).toBe('ready');
    expect(labels(view)).toEqual(['#1']);
  });

  it('appends the next page, one request at a time, until the total is shown', async () => {
    const second = deferred<Answer>();
    const server = serve(async (page: number) => (page === 1 ? { items: raws(1, 2), total: 4 } : second.promise));
    const view = await renderList(server);
    await view.tap('.more');
    expect(view.data.loadingMore).toBe(true);
    expect(view.has('.loading-more')).toBe(true);
    await view.instance.loadMore(); // a second reach-bottom while the first is on its way
    expect(server.mock.calls).toEqual([[1], [2]]);

    second.resolve({ items: raws(3, 2), total: 4 });
    await flush();
    expect(labels(view)).toEqual(['#1', '#2', '#3', '#4']);
    expect(view.data).toMatchObject({ page: 2, hasMore: false, loadingMore: false });
    expect(view.has('.more')).toBe(false);
    await view.instance.loadMore();
    expect(server).toHaveBeenCalledTimes(2);
  });

  it('keeps what is shown and toasts when the next page fails; the user can try again', async () => {
    let failNext = true;
    const server = serve(async (page: number) => {
      if (page === 1) return { items: raws(1, 2), total: 4 };
      if (failNext) throw new ApiError('NETWORK', '网络不可用');
      return { items: raws(3, 2), total: 4 };
    });
    const view = await renderList(server);
    await view.tap('.more');
    expect(wx.lastToast()).toBe('网络不可用');
    expect(labels(view)).toEqual(['#1', '#2']);
    expect(view.text('.state')).toBe('ready');
    expect(view.data).toMatchObject({ page: 1, hasMore: true, loadingMore: false });

    failNext = false;
    await view.tap('.more');
    expect(server.mock.calls).toEqual([[1], [2], [2]]);
    expect(labels(view)).toEqual(['#1', '#2', '#3', '#4']);
    expect(view.data.page).toBe(2);
  });

  it('stops promising more after a page that brings nothing, whatever the total says', async () => {
    const server = serve(async (page: number) =>
      page === 1 ? { items: raws(1, 2), total: 5 } : { items: [], total: 5 },
    );
    const view = await renderList(server);
    await view.tap('.more');
    expect(labels(view)).toEqual(['#1', '#2']);
    expect(view.data).toMatchObject({ page: 2, hasMore: false });
  });

  it('reloads quietly: no loading state, the list replaced; a failure keeps the list and says nothing', async () => {
    let answer: () => Promise<Answer> = async () => ({ items: raws(1, 2), total: 2 });
    const view = await renderList(serve(() => answer()));
    const later = deferred<Answer>();
    answer = () => later.promise;
    const reloading = view.instance.refresh();
    expect(view.text('.state')).toBe('ready');
    later.resolve({ items: raws(7, 1), total: 1 });
    await reloading;
    expect(labels(view)).toEqual(['#7']);
    expect(view.data).toMatchObject({ page: 1, hasMore: false });

    answer = async () => ({ items: [], total: 0 });
    await view.instance.refresh();
    expect(view.text('.state')).toBe('empty');

    answer = async () => ({ items: raws(1, 1), total: 1 });
    await view.instance.refresh();
    answer = async () => {
      throw new ApiError('INTERNAL', '服务繁忙');
    };
    await expect(view.instance.refresh()).resolves.toBeNull();
    expect(view.text('.state')).toBe('ready');
    expect(labels(view)).toEqual(['#1']);
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  it('sets the extra data with each page, skips items already shown by key, and drops stale answers', async () => {
    let stale = false;
    const server = serve(async (page: number) => {
      if (page === 1) return { items: raws(1, 2), total: 6, note: 'first' };
      if (page === 2) return { items: raws(2, 2), total: 6, note: 'second' }; // #2 shifted onto page 2
      return { items: raws(4, 2), total: 6, note: 'third' };
    });
    const view = await renderList(server, {
      extra: (answer) => ({ note: answer.note ?? '' }),
      key: (item) => item.id,
      stale: () => stale,
    });
    expect(view.text('.note')).toBe('first');
    await view.tap('.more');
    expect(labels(view)).toEqual(['#1', '#2', '#3']);
    expect(view.text('.note')).toBe('second');
    expect(view.data).toMatchObject({ page: 2, hasMore: true });

    stale = true;
    await view.tap('.more');
    expect(labels(view)).toEqual(['#1', '#2', '#3']);
    expect(view.data).toMatchObject({ page: 2, hasMore: true, loadingMore: false });
    expect(view.text('.note')).toBe('second');
    expect(wx.showToast).not.toHaveBeenCalled();
  });
});

/** A page declared with defineListPage: only its list; the lifecycle comes from the shared behaviour. */
function renderListPage(server: Server, settings: { refreshOnShow?: boolean } = {}): Promise<View> {
  return renderDeclared(() =>
    defineListPage(
      {
        data: { items: [] as Item[], note: '' },
        list(): PagedSource<Answer, Item> {
          return {
            fetch: (page) => server(page),
            toItems: (answer) => answer.items.map((r) => ({ id: r.id, label: `#${r.n}` })),
          };
        },
      },
      settings,
    ),
  );
}

describe('defineListPage', () => {
  let wx: WxMock;
  beforeEach(() => {
    wx = mockWx();
  });

  it('starts in the loading state and loads the first page on load', async () => {
    const server = serve(async () => ({ items: raws(1, 2), total: 4 }));
    const view = await renderListPage(server);
    expect(server.mock.calls).toEqual([[1]]);
    expect(view.text('.state')).toBe('ready');
    expect(view.data).toMatchObject({ page: 1, hasMore: true, loadingMore: false, loaded: true });
  });

  it('loads the next page at the bottom and the first page again on pull-down, then stops the indicator', async () => {
    let total = 4;
    const server = serve(async (page) => ({ items: raws(page * 10, 2), total }));
    const view = await renderListPage(server);
    view.instance.onReachBottom();
    await flush();
    expect(labels(view)).toEqual(['#10', '#11', '#20', '#21']);

    total = 2;
    await view.instance.onPullDownRefresh();
    expect(server.mock.calls.map((c) => c[0])).toEqual([1, 2, 1]);
    expect(labels(view)).toEqual(['#10', '#11']);
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });

  it('reloads quietly when shown again only with refreshOnShow, and only once a first page was shown', async () => {
    const server = serve(async () => ({ items: raws(1, 1), total: 1 }));
    const plain = await renderListPage(server);
    plain.instance.onShow();
    await flush();
    expect(server.mock.calls.length).toBe(1);

    const failing = serve(async () => {
      throw new ApiError('INTERNAL', '服务繁忙');
    });
    const notLoaded = await renderListPage(failing, { refreshOnShow: true });
    notLoaded.instance.onShow();
    await flush();
    expect(failing.mock.calls.length).toBe(1);

    const refreshing = serve(async () => ({ items: raws(1, 1), total: 1 }));
    const view = await renderListPage(refreshing, { refreshOnShow: true });
    refreshing.mockImplementation(async () => ({ items: raws(5, 1), total: 1 }));
    view.instance.onShow();
    await flush();
    expect(refreshing.mock.calls.length).toBe(2);
    expect(view.text('.state')).toBe('ready');
    expect(labels(view)).toEqual(['#5']);
  });
});
