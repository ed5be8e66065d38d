/**
 * miniprogram-simulate renders components only. Pages are declared with Page(), so this shim turns
 * a Page() definition into a Component() one the way the runtime treats a page: data stays data,
 * functions (lifecycle handlers included) become methods, attached → onLoad(query) + onShow,
 * ready → onReady, detached → onUnload, page show/hide → onShow/onHide. It also provides App,
 * getApp and getCurrentPages.
 */
type AnyRecord = Record<string, unknown>;
type PageInstance = AnyRecord & {
  onLoad?: (q: AnyRecord) => void;
  onShow?: () => void;
  onReady?: () => void;
  onHide?: () => void;
  onUnload?: () => void;
};

interface ShimState {
  stack: PageInstance[];
  nextQuery: Record<string, string>;
  nextRoute: string;
  app: AnyRecord;
}

/** Kept on globalThis: setup files and test files may hold different instances of this module. */
function state(): ShimState {
  const g = globalThis as unknown as { __pageShim?: ShimState };
  g.__pageShim ??= { stack: [], nextQuery: {}, nextRoute: '', app: { globalData: {} } };
  return g.__pageShim;
}

/** The query (and route) the next rendered page receives in onLoad. */
export function setNextPage(route: string, query: Record<string, string>): void {
  state().nextRoute = route;
  state().nextQuery = query;
}

function pageToComponent(options: AnyRecord): AnyRecord {
  const methods: AnyRecord = {};
  const fields: AnyRecord = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'data' || key === 'options' || key === 'behaviors') continue;
    if (typeof value === 'function') methods[key] = value;
    else fields[key] = value;
  }
  return {
    data: options.data ?? {},
    behaviors: options.behaviors,
    methods,
    lifetimes: {
      attached(this: PageInstance) {
        // Page() copies non-function fields onto each instance (deeply, so pages never share them).
        Object.assign(this, JSON.parse(JSON.stringify(fields)));
        const query = { ...state().nextQuery };
        Object.assign(this, { options: query, route: state().nextRoute });
        state().stack.push(this);
        this.onLoad?.(query);
        this.onShow?.();
      },
      ready(this: PageInstance) {
        this.onReady?.();
      },
      detached(this: PageInstance) {
        this.onUnload?.();
        const { stack } = state();
        const at = stack.indexOf(this);
        if (at >= 0) stack.splice(at, 1);
      },
    },
    pageLifetimes: {
      show(this: PageInstance) {
        this.onShow?.();
      },
      hide(this: PageInstance) {
        this.onHide?.();
      },
    },
  };
}

export function installPageShim(): void {
  const g = globalThis as unknown as AnyRecord;
  // Late-bound: miniprogram-simulate (re)defines the global Component each time it is loaded.
  g.Page = (options: AnyRecord) => (g.Component as (o: AnyRecord) => unknown)(pageToComponent(options));
  g.App = (options: AnyRecord) => {
    state().app = options;
  };
  g.getApp = () => state().app;
  g.getCurrentPages = () => [...state().stack];
}
