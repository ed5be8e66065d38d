import type { ProgrammeView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call } from '../../../services/api';
import { fill } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { sessionCard, type SessionCard } from '../../../utils/training';

const TEXT = {
  loading: '正在加载培训计划',
  failed: '培训计划加载失败',
  plan: '计划 {planned} 场，其中现场培训 {onSite} 场',
  held: '已举办 {held} 场（现场 {heldOnSite} 场）',
  scheduled: '已安排 {scheduled} 场（现场 {scheduledOnSite} 场）',
  sessions: '培训场次',
  none: '还没有安排场次',
};

/** A programme: its plan (e.g. 8 sessions, 4 on site) against what was held and scheduled, and its sessions. */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    programmeId: '',
    name: '',
    description: '',
    planText: '',
    heldText: '',
    scheduledText: '',
    done: false,
    sessions: [] as SessionCard[],
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ programmeId: query.programmeId ?? '' });
    this.load();
  },
  async load() {
    const p = await this.runLoad(() => call('training', 'getProgramme', { programmeId: this.data.programmeId }));
    if (p) this.show(p);
  },
  show(p: ProgrammeView) {
    wx.setNavigationBarTitle({ title: p.name });
    this.setData({
      name: p.name,
      description: p.description,
      planText: fill(TEXT.plan, { planned: p.plannedSessions, onSite: p.plannedOnSite }),
      heldText: fill(TEXT.held, { held: p.heldSessions, heldOnSite: p.heldOnSite }),
      scheduledText: fill(TEXT.scheduled, { scheduled: p.scheduledSessions, scheduledOnSite: p.scheduledOnSite }),
      done: p.heldSessions >= p.plannedSessions && p.heldOnSite >= p.plannedOnSite,
      sessions: p.sessions.map(sessionCard),
    });
  },
  onOpen(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(PAGES.trainingSession, { sessionId: String(e.currentTarget.dataset.id) }));
  },
});
