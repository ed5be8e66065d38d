import { defineComponent, type ViewState } from '../../definitions/index';

const TEXT = {
  loading: '正在加载',
  empty: '暂无内容',
  error: '加载失败',
  retry: '重新加载',
};

/**
 * The loading / empty / error frame of a page; the page's content goes in the slot and shows when
 * `state` is ready. The error view offers a retry, reported as a `retry` event.
 */
defineComponent({
  properties: {
    // Typed as the union (the typings take a property's type from its value): a page passes ViewState.
    state: { type: String, value: 'loading' as ViewState },
    loadingText: { type: String, value: '' },
    emptyText: { type: String, value: '' },
    errorText: { type: String, value: '' },
  },
  data: { text: TEXT },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
  },
});
