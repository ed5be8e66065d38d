import type { ActionOutput, SignupView } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call } from '../../../services/api';
import { fill } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { sessionTimeParts } from '../../../utils/training';

const TEXT = {
  title: '我的培训',
  tabs: { active: '进行中', past: '已结束' },
  loading: '正在加载报名',
  empty: '还没有报名培训',
  emptyPast: '没有已结束的培训',
  failed: '报名加载失败',
  browse: '去看看培训',
  waiting: '候补第 {n} 位',
  checkedIn: '已签到',
  certificate: '有结业证明',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

type Scope = 'active' | 'past';

interface Row {
  signupId: string;
  title: string;
  time: { from: string; to: string };
  who: string;
  statusLabel: string;
  notes: string;
  ariaLabel: string;
}

function row(s: SignupView): Row {
  const notes = [
    s.waitlistPosition ? fill(TEXT.waiting, { n: s.waitlistPosition }) : '',
    s.checkedInAt ? TEXT.checkedIn : '',
    s.certificateCode ? TEXT.certificate : '',
  ].filter(Boolean);
  const who = [s.attendee.name, s.enterpriseName].filter(Boolean).join(' · ');
  return {
    signupId: s.signupId,
    title: s.session.title,
    time: sessionTimeParts(s.session.startAt, s.session.endAt),
    who,
    statusLabel: s.statusLabel,
    notes: notes.join(' · '),
    ariaLabel: `${s.session.title}，${who}，${s.statusLabel}`,
  };
}

/** The caller's sign-ups: 进行中 (seat or waitlist, not yet held) and 已结束. */
defineListPage(
  {
    data: {
      text: TEXT,
      tabs: (Object.keys(TEXT.tabs) as Scope[]).map((key) => ({ key, label: TEXT.tabs[key] })),
      scope: 'active' as Scope,
      items: [] as Row[],
      emptyText: TEXT.empty,
    },
    list(): PagedSource<ActionOutput<'training', 'mySignups'>, Row> {
      const scope = this.data.scope;
      return {
        fetch: (page) => call('training', 'mySignups', { scope, page }),
        toItems: (result) => result.items.map(row),
        key: (item) => item.signupId,
        stale: () => this.data.scope !== scope,
      };
    },
    onTab(e: WechatMiniprogram.BaseEvent) {
      const scope = String(e.currentTarget.dataset.key) as Scope;
      if (scope === this.data.scope) return;
      this.setData({ scope, items: [], emptyText: scope === 'past' ? TEXT.emptyPast : TEXT.empty });
      this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(PAGES.trainingTicket, { signupId: String(e.currentTarget.dataset.id) }));
    },
    onBrowse() {
      openPage(PAGES.training);
    },
  },
  { refreshOnShow: true },
);
