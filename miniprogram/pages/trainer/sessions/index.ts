import type { ActionOutput, SessionSummary } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call } from '../../../services/api';
import { fill } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';

const TEXT = {
  title: '培训签到',
  intro: '本单位主办的培训场次。点开一场查看参训名单，扫码或按名单签到。',
  organiser: '主办单位：',
  loading: '正在加载培训场次',
  empty: '暂无近期培训场次',
  failed: '培训场次加载失败',
  online: '线上直播',
  seats: '已确认 {confirmed} 人 · 候补 {waiting} 人',
  rowLabel: '{title}，{time}，{phase}',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface Row {
  sessionId: string;
  title: string;
  timeText: string;
  placeText: string;
  seatsText: string;
  phaseLabel: string;
  ariaLabel: string;
}

function row(s: SessionSummary): Row {
  const timeText = formatDateTime(s.startAt);
  return {
    sessionId: s.sessionId,
    title: s.title,
    timeText,
    placeText: s.format === 'online' ? TEXT.online : [s.city, s.venue].filter(Boolean).join(' · '),
    seatsText: fill(TEXT.seats, { confirmed: s.confirmedCount, waiting: s.waitlistCount }),
    phaseLabel: s.phaseLabel,
    ariaLabel: fill(TEXT.rowLabel, { title: s.title, time: timeText, phase: s.phaseLabel }),
  };
}

/** The organiser's sessions (upcoming and of the last 30 days), soonest first: the staff's way to a roster. */
defineListPage({
  data: { text: TEXT, items: [] as Row[], organiserText: '' },
  list(): PagedSource<ActionOutput<'training', 'trainerSessions'>, Row> {
    return {
      fetch: (page) => call('training', 'trainerSessions', { page }),
      toItems: (result) => result.items.map(row),
      extra: (result) => ({ organiserText: result.organiserName ? TEXT.organiser + result.organiserName : '' }),
      key: (item) => item.sessionId,
    };
  },
  onOpen(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(PAGES.trainerRoster, { sessionId: String(e.currentTarget.dataset.id) }));
  },
});
