/**
 * The one place where pages and components are declared (as vant-weapp's definitions/): `this` is
 * typed once, shared defaults are applied once, and the four view states every page has are handled
 * the same way everywhere.
 */
import { toastError } from '../services/api';

/** Every page that loads data shows exactly one of these. */
export type ViewState = 'loading' | 'empty' | 'error' | 'ready';

export interface PageHelpers {
  /**
   * Runs a page's load: `state` goes to loading, then to ready, empty (when `isEmpty` says so) or
   * error (the message is toasted). Resolves to the data, or null after an error.
   */
  runLoad<T>(task: () => Promise<T>, isEmpty?: (data: T) => boolean): Promise<T | null>;
  /**
   * First page of a paged list, through runLoad (state loading → ready, empty or error). `fetch`
   * answering null means empty. Resolves to the answer, or null when nothing was shown.
   */
  loadFirst<R extends ListPage, T>(this: PagedPage<T>, source: PagedSource<R, T>): Promise<R | null>;
  /**
   * First page again without the loading state (back on the page: onShow). A failure keeps what is
   * shown and says nothing: the user can pull down to retry.
   */
  reloadQuietly<R extends ListPage, T>(this: PagedPage<T>, source: PagedSource<R, T>): Promise<R | null>;
  /**
   * Next page appended (onReachBottom, the 加载更多 button); one at a time, and only while the last
   * answer said there is more. A failure keeps what is shown and is toasted, so the user can try again.
   */
  loadNext<R extends ListPage, T>(this: PagedPage<T>, source: PagedSource<R, T>): Promise<R | null>;
}

/** One page of a list as the server answers it. */
export interface ListPage {
  items: readonly unknown[];
  total: number;
}

/** What a paged list keeps in its page's data: the items shown, the last page loaded, the footer flags. */
export interface PagedData<T> {
  items: T[];
  page: number;
  hasMore: boolean;
  loadingMore: boolean;
  /** A first page has been shown (set by loadFirst and reloadQuietly). */
  loaded?: boolean;
}

/** How a page gets and shows its list; the paged helpers do the rest. */
export interface PagedSource<R extends ListPage, T> {
  fetch(page: number): Promise<R | null>;
  /** The answer's items as the page shows them. */
  toItems(result: R): T[];
  /** More data set with the items (counts, tabs, `loaded`). */
  extra?(result: R): WechatMiniprogram.IAnyObject;
  /** Next pages skip items already shown under this key (lists that shift while the user pages). */
  key?(item: T): string;
  /** A next page answering something no longer shown (another tab chosen meanwhile) is dropped. */
  stale?(result: R): boolean;
}

/** The `this` the paged helpers work on. */
export interface PagedPage<T> {
  data: PagedData<T>;
  setData(data: Partial<PagedData<T>> & WechatMiniprogram.IAnyObject): void;
  runLoad: PageHelpers['runLoad'];
}

type Loadable = { setData(data: { state: ViewState }): void };

/** A page promises more only while pages still bring items and fewer than the total are shown. */
const hasMoreAfter = (result: ListPage, shown: number) => result.items.length > 0 && shown < result.total;

const pageHelpers: PageHelpers = {
  async runLoad<T>(this: Loadable, task: () => Promise<T>, isEmpty?: (data: T) => boolean) {
    this.setData({ state: 'loading' });
    try {
      const data = await task();
      this.setData({ state: isEmpty?.(data) ? 'empty' : 'ready' });
      return data;
    } catch (error) {
      this.setData({ state: 'error' });
      toastError(error);
      return null;
    }
  },
  async loadFirst<R extends ListPage, T>(this: PagedPage<T>, source: PagedSource<R, T>) {
    const result = await this.runLoad(
      () => source.fetch(1),
      (r) => r === null || r.items.length === 0,
    );
    if (!result) return null;
    const items = source.toItems(result);
    this.setData({
      items,
      page: 1,
      hasMore: hasMoreAfter(result, items.length),
      loaded: true,
      ...source.extra?.(result),
    });
    return result;
  },
  async reloadQuietly<R extends ListPage, T>(this: PagedPage<T>, source: PagedSource<R, T>) {
    try {
      const result = await source.fetch(1);
      if (!result) return null;
      const items = source.toItems(result);
      this.setData({
        state: result.items.length ? 'ready' : 'empty',
        items,
        page: 1,
        hasMore: hasMoreAfter(result, items.length),
        loaded: true,
        ...source.extra?.(result),
      });
      return result;
    } catch {
      return null;
    }
  },
  async loadNext<R extends ListPage, T>(this: PagedPage<T>, source: PagedSource<R, T>) {
    if (!this.data.hasMore || this.data.loadingMore) return null;
    this.setData({ loadingMore: true });
    try {
      const next = this.data.page + 1;
      const result = await source.fetch(next);
      if (!result || source.stale?.(result)) return null;
      let fresh = source.toItems(result);
      const key = source.key;
      if (key) {
        const seen = new Set(this.data.items.map(key));
        fresh = fresh.filter((item) => !seen.has(key(item)));
      }
      const items = this.data.items.concat(fresh);
      this.setData({ items, page: next, hasMore: hasMoreAfter(result, items.length), ...source.extra?.(result) });
      return result;
    } catch (error) {
      toastError(error);
      return null;
    } finally {
      this.setData({ loadingMore: false });
    }
  },
};

/** Page options whose `this` also has the shared helpers (Page.Options, with PageHelpers in ThisType). */
type PageOptions<
  TData extends WechatMiniprogram.Page.DataOption,
  TCustom extends WechatMiniprogram.Page.CustomOption,
> = TCustom &
  Partial<WechatMiniprogram.Page.Data<TData>> &
  Partial<WechatMiniprogram.Page.ILifetime> & { options?: WechatMiniprogram.Component.ComponentOptions } & ThisType<
    WechatMiniprogram.Page.Instance<TData, TCustom & PageHelpers>
  >;

/** Page() with the shared helpers mixed in (typed on `this`). */
export function definePage<
  TData extends WechatMiniprogram.Page.DataOption,
  TCustom extends WechatMiniprogram.Page.CustomOption,
>(options: PageOptions<TData, TCustom>): void {
  Page({ ...pageHelpers, ...options } as WechatMiniprogram.Page.Options<TData, TCustom & PageHelpers>);
}

/** The data every list page starts with (defineListPage adds it to the page's own). */
export interface ListPageData {
  state: ViewState;
  page: number;
  hasMore: boolean;
  loadingMore: boolean;
  loaded: boolean;
}

/** What defineListPage gives a page, callable as `this.load()` and from WXML (`bindtap="loadMore"`). */
export interface ListPageMethods {
  /** First page through the loading state (onLoad, pull-down, a new tab). */
  load(): Promise<unknown>;
  /** First page again, quietly (onShow when `refreshOnShow`). */
  refresh(): Promise<unknown>;
  /** Next page (onReachBottom, 加载更多). */
  loadMore(): Promise<unknown>;
}

/** What a list page declares: its list, asked anew at each load, so it may read the page's data (a tab). */
export interface ListPageSource {
  // The page's own answer and item types are checked where the page builds its PagedSource.
  list(): PagedSource<ListPage, unknown>;
}

const LIST_PAGE_DATA: ListPageData = { state: 'loading', page: 1, hasMore: false, loadingMore: false, loaded: false };

type ListPageThis = PageHelpers &
  ListPageMethods &
  ListPageSource & {
    data: PagedData<unknown> & ListPageData;
    setData(data: WechatMiniprogram.IAnyObject): void;
    runLoad: PageHelpers['runLoad'];
  };

/**
 * The lifecycle every list page shares, as vant-weapp ships shared page behaviour: the first page on
 * load, again on pull-down, the next one at the bottom and, with `refreshOnShow`, quietly again when
 * the user comes back (a row may have changed on the page they opened). A page overrides any of these
 * by declaring its own (e.g. `load` when its first page needs more than the list).
 */
function listPageBehaviour(refreshOnShow: boolean) {
  return {
    onLoad(this: ListPageThis) {
      this.load();
    },
    onShow(this: ListPageThis) {
      if (refreshOnShow && this.data.loaded) this.refresh();
    },
    async onPullDownRefresh(this: ListPageThis) {
      await this.load();
      wx.stopPullDownRefresh();
    },
    onReachBottom(this: ListPageThis) {
      this.loadMore();
    },
    load(this: ListPageThis) {
      return this.loadFirst(this.list());
    },
    refresh(this: ListPageThis) {
      return this.reloadQuietly(this.list());
    },
    loadMore(this: ListPageThis) {
      return this.loadNext(this.list());
    },
  };
}

/** definePage for a page that shows one paged list: it declares `list()` and its data, and gets the rest. */
export function defineListPage<
  TData extends WechatMiniprogram.Page.DataOption,
  TCustom extends WechatMiniprogram.Page.CustomOption & ListPageSource,
>(
  options: TCustom & { data: TData } & Partial<WechatMiniprogram.Page.ILifetime> &
    ThisType<WechatMiniprogram.Page.Instance<TData & ListPageData, TCustom & PageHelpers & ListPageMethods>>,
  { refreshOnShow = false }: { refreshOnShow?: boolean } = {},
): void {
  definePage({
    ...listPageBehaviour(refreshOnShow),
    ...options,
    data: { ...LIST_PAGE_DATA, ...options.data },
  } as PageOptions<TData & ListPageData, TCustom & ListPageMethods>);
}

/**
 * Component() whose WXML sees the app's WeUI classes (`apply-shared`: app.wxss reaches in, the
 * component's own styles stay inside) and may use named slots.
 */
export function defineComponent<
  TData extends WechatMiniprogram.Component.DataOption,
  TProperty extends WechatMiniprogram.Component.PropertyOption,
  TMethod extends WechatMiniprogram.Component.MethodOption,
>(options: WechatMiniprogram.Component.Options<TData, TProperty, TMethod, []>): void {
  Component({
    ...options,
    options: { styleIsolation: 'apply-shared', multipleSlots: true, ...options.options },
  });
}
