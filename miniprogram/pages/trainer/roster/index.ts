import type { ActionOutput, RosterEntry } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { fill } from '../../../utils/format';
import { formatDateTime } from '../../../utils/time';

const TEXT = {
  title: '参训名单',
  loading: '正在加载参训名单',
  empty: '还没有人报名',
  emptyFiltered: '没有符合“{keyword}”的参训人员',
  failed: '参训名单加载失败',
  counts: '已确认 {confirmed} 人 · 已签到 {checkedIn} 人 · 候补 {waiting} 人',
  scan: '扫码签到',
  scanHint: '请参训人员打开“我的培训 - 报名凭证”出示签到码',
  scanFailed: '未能识别二维码，请重试',
  search: '按姓名或企业查找',
  searchLabel: '查找参训人员',
  checkIn: '签到',
  checkInLabel: '为 {name} 签到',
  confirmTitle: '确认签到',
  confirmBody: '为 {name}（{phone}）签到？',
  checkedIn: '已签到 {time}',
  waiting: '候补第 {n} 位',
  okTitle: '签到成功',
  okBody: '{name} · {time}',
  refusals: {
    CHECKIN_CODE_INVALID: '无效签到码',
    ALREADY_CHECKED_IN: '已签到过',
    WRONG_SESSION: '不是本场次的签到码',
    NOT_CONFIRMED: '未获得本场名额',
    CHECKIN_NOT_OPEN: '未到签到时间',
  } as Record<string, string>,
  refusedTitle: '未签到',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

interface Row {
  signupId: string;
  name: string;
  phone: string;
  enterprise: string;
  statusLabel: string;
  stateText: string;
  canCheckIn: boolean;
  checkInLabel: string;
}

function row(e: RosterEntry): Row {
  return {
    signupId: e.signupId,
    name: e.attendeeName,
    phone: e.attendeePhone,
    enterprise: e.enterpriseName ?? '',
    statusLabel: e.statusLabel,
    stateText: e.checkedInAt
      ? fill(TEXT.checkedIn, { time: formatDateTime(e.checkedInAt) })
      : e.waitlistPosition
        ? fill(TEXT.waiting, { n: e.waitlistPosition })
        : '',
    canCheckIn: e.status === 'confirmed' && !e.checkedInAt,
    checkInLabel: fill(TEXT.checkInLabel, { name: e.attendeeName }),
  };
}

interface Outcome {
  ok: boolean;
  title: string;
  message: string;
}

/**
 * A session's roster for the organiser's staff at the door: a big 扫码签到 (wx.scanCode → checkIn),
 * check-in by name from the list with a confirmation, and the result of each check-in as a panel that
 * can be read out (who, when; or why not). Names and phones are shown in full: the organiser's own list.
 */
defineListPage({
  data: {
    text: TEXT,
    sessionId: '',
    sessionTitle: '',
    countsText: '',
    keyword: '',
    items: [] as Row[],
    emptyText: TEXT.empty,
    busy: false,
    outcome: null as Outcome | null,
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ sessionId: query.sessionId ?? '' });
    this.load();
  },
  list(): PagedSource<ActionOutput<'training', 'roster'>, Row> {
    const { sessionId, keyword } = this.data;
    return {
      fetch: (page) => call('training', 'roster', { sessionId, keyword, page }),
      toItems: (result) => result.items.map(row),
      extra: (result) => {
        wx.setNavigationBarTitle({ title: result.session.title });
        return {
          sessionTitle: result.session.title,
          countsText: fill(TEXT.counts, {
            confirmed: result.counts.confirmed,
            checkedIn: result.counts.checkedIn,
            waiting: result.counts.waitlisted,
          }),
        };
      },
      key: (item) => item.signupId,
      stale: () => this.data.keyword !== keyword,
    };
  },
  onKeyword(e: WechatMiniprogram.Input) {
    this.setData({ keyword: e.detail.value });
  },
  onSearch() {
    const keyword = this.data.keyword.trim();
    this.setData({ items: [], emptyText: keyword ? fill(TEXT.emptyFiltered, { keyword }) : TEXT.empty });
    this.load();
  },
  onScan() {
    if (this.data.busy) return;
    wx.scanCode({
      onlyFromCamera: false,
      scanType: ['qrCode'],
      success: (res) => this.checkIn('checkIn', { sessionId: this.data.sessionId, code: res.result }),
      fail: (err) => {
        if (!/cancel/.test(err.errMsg ?? '')) wx.showToast({ title: TEXT.scanFailed, icon: 'none' });
      },
    });
  },
  onCheckInByName(e: WechatMiniprogram.BaseEvent) {
    const item = this.data.items.find((r) => r.signupId === e.currentTarget.dataset.id);
    if (!item || this.data.busy) return;
    wx.showModal({
      title: TEXT.confirmTitle,
      content: fill(TEXT.confirmBody, { name: item.name, phone: item.phone }),
      success: (res) => {
        if (res.confirm) this.checkIn('checkInByName', { sessionId: this.data.sessionId, signupId: item.signupId });
      },
    });
  },
  async checkIn(
    action: 'checkIn' | 'checkInByName',
    input: { sessionId: string; code: string } | { sessionId: string; signupId: string },
  ) {
    this.setData({ busy: true, outcome: null });
    try {
      const entry =
        action === 'checkIn'
          ? await call('training', 'checkIn', input as { sessionId: string; code: string })
          : await call('training', 'checkInByName', input as { sessionId: string; signupId: string });
      this.setData({
        outcome: {
          ok: true,
          title: TEXT.okTitle,
          message: fill(TEXT.okBody, {
            name: entry.attendeeName,
            time: formatDateTime(entry.checkedInAt ?? new Date()),
          }),
        },
      });
      await this.refresh();
    } catch (error) {
      const title = error instanceof ApiError ? TEXT.refusals[error.code] : undefined;
      if (title) this.setData({ outcome: { ok: false, title, message: (error as ApiError).message } });
      else toastError(error);
    } finally {
      this.setData({ busy: false });
    }
  },
});
