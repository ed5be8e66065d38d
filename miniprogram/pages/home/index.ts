import { call, toastError } from '../../services/api';

const TEXT = {
  title: '粤品通 · 产品质量帮扶',
  loading: '正在登录…',
  failed: '登录失败，点击重试',
};

Page({
  data: {
    text: TEXT,
    state: 'loading' as 'loading' | 'error' | 'ready',
    enterpriseName: '',
  },
  onLoad() {
    this.load();
  },
  async load() {
    this.setData({ state: 'loading' });
    try {
      const profile = await call('user', 'login', {});
      this.setData({ state: 'ready', enterpriseName: profile.enterprise?.name ?? '' });
    } catch (error) {
      this.setData({ state: 'error' });
      toastError(error);
    }
  },
});
