/**
 * Subscribe-message consent. WeChat only shows the prompt inside a tap, so pages call this first
 * thing in their submit handler. Always resolves, whatever the user answers or if the template ids
 * are not configured yet: nothing a page does depends on the answer.
 */
export function requestSubscription(tmplIds: string[]): Promise<void> {
  return new Promise((resolve) => {
    if (typeof wx.requestSubscribeMessage !== 'function') {
      resolve();
      return;
    }
    wx.requestSubscribeMessage({
      tmplIds,
      complete: () => resolve(),
    } as WechatMiniprogram.RequestSubscribeMessageOption);
  });
}
