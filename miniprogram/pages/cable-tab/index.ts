import { definePage } from '../../definitions/index';

/**
 * The 筛查 tab's entry page. The cable quick-screen request form (and its subpackage) replaces this
 * body; until then it states the service as announced, and nothing else.
 */
const TEXT = {
  title: '电线电缆快速筛查',
  paragraphs: [
    '针对“非标”电线电缆问题，免费向各类主体提供电线电缆质量问题快速筛查服务，不受名额限制。',
    '另面向电线电缆终端用户和消费者发放 1000 份电线电缆专用检测券（每份面额 1000 元），可在“检测券”中申领。',
  ],
};

definePage({
  data: { text: TEXT },
});
