App<{ globalData: Record<string, unknown> }>({
  globalData: {},
  onLaunch() {
    // No env id: the mini-program uses the CloudBase environment it is bound to in the WeChat console.
    wx.cloud.init({ traceUser: true });
  },
});
