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
}

type Loadable = { setData(data: { state: ViewState }): void };

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
