import { definePage } from '../../definitions/index';

/**
 * The 红榜 tab's entry page. The red-list search (and its subpackage) replaces this body; until
 * then it states what the list is, from the regulator's 2025-12 press conference, and nothing else.
 */
const TEXT = {
  title: '红榜 · 广东省工业产品质量信用优良企业榜单',
  paragraphs: [
    '红榜依据 2011 年以来各级市场监管部门依法公示的产品质量监督抽查结果，以企业为单位动态统计：连续 3 年及以上在抽检中不合格发现率为 0 的生产企业，获评“抽检无不合格”质量信用标签。',
    '按连续合格时长分为“十年榜”“五年榜”“三年榜”，名单定期更新。',
  ],
};

definePage({
  data: { text: TEXT },
});
