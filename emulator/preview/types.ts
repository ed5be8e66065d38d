/**
 * What the build hands the browser runtime (serialised into app.js). Shared by build.ts (Node)
 * and runtime/ (browser), so type-only.
 */

/** app.json `window` / page .json keys the preview honours. */
export interface WindowConfig {
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: 'black' | 'white';
  navigationStyle?: 'default' | 'custom';
  backgroundColor?: string;
  backgroundTextStyle?: 'dark' | 'light';
  enablePullDownRefresh?: boolean;
  onReachBottomDistance?: number;
  disableScroll?: boolean;
  [key: string]: unknown;
}

export interface TabBarItem {
  pagePath: string;
  text: string;
  /** URL of the icon under /preview/mp/, when the file exists. */
  iconUrl?: string;
  selectedIconUrl?: string;
}

export interface TabBarConfig {
  color: string;
  selectedColor: string;
  backgroundColor: string;
  borderStyle: 'black' | 'white';
  position: 'bottom' | 'top';
  custom: boolean;
  list: TabBarItem[];
}

export interface ModuleEntry {
  /** Path without extension, relative to the mini-program root (`pages/home/index`). */
  path: string;
  /** WXML after build-time preprocessing (include / wxs src / model: inlined). */
  template: string;
  /** Translated WXSS (components: class prefix left as a token). */
  css: string;
  /** usingComponents: tag → component path (resolved). */
  using: Record<string, string>;
  /** Whether a .ts/.js file exists (a page without one still renders its WXML). */
  hasScript: boolean;
  /** Tags used in the template that are neither built-in nor declared. */
  unknownTags: string[];
}

export interface PageEntry extends ModuleEntry {
  /** app.json window merged with the page's .json. */
  window: WindowConfig;
  /** Class on the page root that scopes its WXSS (`wxp-pages-home-index`). */
  scopeClass: string;
}

export interface ComponentEntry extends ModuleEntry {
  /** Class prefix in isolated mode and base of the host tag (`voucher-card`). */
  name: string;
  /** Host element tag (`wxc-voucher-card`). */
  tagName: string;
  /** styleIsolation from the component's .json, if set there. */
  styleIsolation?: string;
}

export interface PreviewManifest {
  /** Pages in app.json order (subpackage pages prefixed with their root). */
  pages: string[];
  entryPagePath: string;
  window: WindowConfig;
  tabBar?: TabBarConfig;
  appCss: string;
  pageEntries: Record<string, PageEntry>;
  componentEntries: Record<string, ComponentEntry>;
  /** Build warnings shown in the preview's side panel. */
  warnings: string[];
  builtAt: string;
}

export interface PreviewIdentity {
  openid: string;
  label: string;
  description?: string;
  /** Phone number the simulated getPhoneNumber button offers. */
  phone?: string;
}

export interface PreviewIdentitiesReply {
  identities: PreviewIdentity[];
  defaultOpenid: string;
  cloudUrl: string;
  envId: string;
}
