/**
 * wx storage as the device keeps it (miniprogram-simulate's is a stub): one in-memory map that outlives
 * the pages rendered in a test, so "close the app and open the form again" is a second render.
 */
export type DeviceStorage = ReturnType<typeof deviceStorage>;

export function deviceStorage(initial: Record<string, unknown> = {}) {
  const store = new Map<string, unknown>(Object.entries(initial));
  return {
    store,
    /** Keys under `prefix`, e.g. the drafts ('draft:'). */
    keys: (prefix = '') => [...store.keys()].filter((k) => k.startsWith(prefix)),
    get: (key: string) => store.get(key),
    /** Puts this storage behind the current `wx` (call after mockWx, which replaces it). */
    install() {
      const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
      // Kept as WeChat keeps it: a copy (JSON), so a page never shares an object with what it stored.
      wx.setStorageSync = jest.fn((key: string, value: unknown) => {
        store.set(key, JSON.parse(JSON.stringify(value)));
      });
      wx.getStorageSync = jest.fn((key: string) => (store.has(key) ? store.get(key) : ''));
      wx.removeStorageSync = jest.fn((key: string) => {
        store.delete(key);
      });
    },
  };
}
