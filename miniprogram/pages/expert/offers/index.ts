import type { ActionOutput } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call } from '../../../services/api';
import { fill } from '../../../utils/format';
import { caseRow, HELP_WORK_PAGES, type CaseRow } from '../../../utils/help-work';
import { openPage, withQuery } from '../../../utils/nav';

const TEXT = {
  title: '待接单问诊',
  intro: '以下问诊按你的专长推送给你，先接单者负责。打开问诊可查看详情并接单；接单后才能看到企业联系人和电话。',
  loading: '正在加载待接单问诊',
  empty: '暂时没有推送给你的问诊',
  emptyHint:
    '企业提交问诊后，系统按产品类别和专业领域推送给专长匹配、仍有接单余量的专家，同城优先。有新问诊时会通过订阅消息提醒你。',
  failed: '待接单问诊加载失败',
  total: '共 {n} 件待接单',
  submittedAt: '提交于 ',
  due: '首次答复期限 ',
  contact: '联系人和电话：接单后可见',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

/**
 * 待接单问诊 (experts): the open cases offered to me, urgent and oldest deadlines as the server orders
 * them, each with its first-answer deadline; the enterprise's contact stays hidden until I accept,
 * which happens on the case page (pages/help/case).
 */
defineListPage(
  {
    data: {
      text: TEXT,
      items: [] as CaseRow[],
      totalText: '',
    },
    list(): PagedSource<ActionOutput<'helpdesk', 'expertOffers'>, CaseRow> {
      return {
        fetch: (page) => call('helpdesk', 'expertOffers', { page }),
        toItems: (result) => result.items.map((s) => caseRow(s, Date.now())),
        extra: (result) => ({ totalText: fill(TEXT.total, { n: result.total }) }),
        // Another expert may take a case meanwhile: the pages shift, skip rows already shown.
        key: (item) => item.caseId,
      };
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(HELP_WORK_PAGES.case, { caseId: String(e.currentTarget.dataset.id) }));
    },
  },
  // Back from a case (accepted there, or taken by someone else): refresh quietly.
  { refreshOnShow: true },
);
