import type { SessionView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call } from '../../../services/api';
import { fill } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { placeText, seatsText, sessionTimeParts } from '../../../utils/training';

const TEXT = {
  loading: '正在加载培训',
  failed: '培训加载失败',
  organiser: '主办单位',
  programme: '培训计划',
  time: '时间',
  place: '地点',
  signupWindow: '报名时间',
  seats: '名额',
  seatsDetail: '共 {capacity} 席，已报名 {confirmed} 人',
  fee: '费用',
  voucherNote: '可使用产品检测券中的“检验检测技术培训”服务抵扣，在产品医院核销。',
  hospitals: '查看产品医院',
  perEnterprise: '每家企业最多报名 {n} 人',
  syllabus: '课程大纲',
  cancelled: '本场培训已取消：{reason}',
  liveUrl: '直播链接',
  copyLive: '复制直播链接',
  copied: '直播链接已复制，请在浏览器中打开',
  mine: '我的报名',
  mineRow: '{name} · {status}',
  waitlistRow: '{name} · 候补第 {n} 位',
  signUp: '我要报名',
  fullNote: '名额已满，报名将进入候补，有人取消时按顺序递补。',
};

interface MineRow {
  signupId: string;
  text: string;
}

/** One session for anyone: what, when, where, seats, fee, syllabus; the caller's own sign-ups; 我要报名. */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    sessionId: '',
    view: null as null | {
      title: string;
      organiserName: string;
      programmeId: string | null;
      programmeName: string | null;
      phaseLabel: string;
      time: { from: string; to: string };
      placeText: string;
      window: { from: string; to: string };
      seatsText: string;
      seatsDetail: string;
      feeLabel: string;
      voucher: boolean;
      perEnterprise: string;
      syllabus: string;
      cancelledText: string;
      liveUrl: string;
      canSignUp: boolean;
      full: boolean;
    },
    mine: [] as MineRow[],
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ sessionId: query.sessionId ?? '' });
    this.load();
  },
  onShow() {
    // Back from the sign-up or a ticket: seats and the caller's sign-ups may have changed.
    if (this.data.view) this.load(true);
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  async load(quiet = false) {
    const task = () => call('training', 'getSession', { sessionId: this.data.sessionId });
    const s = quiet ? await task().catch(() => null) : await this.runLoad(task);
    if (s) this.show(s);
  },
  show(s: SessionView) {
    wx.setNavigationBarTitle({ title: s.title });
    this.setData({
      view: {
        title: s.title,
        organiserName: s.organiserName,
        programmeId: s.programmeId,
        programmeName: s.programmeName,
        phaseLabel: s.phaseLabel,
        time: sessionTimeParts(s.startAt, s.endAt),
        placeText: placeText(s),
        window: sessionTimeParts(s.signupOpensAt, s.signupClosesAt),
        seatsText: seatsText(s),
        seatsDetail: fill(TEXT.seatsDetail, { capacity: s.capacity, confirmed: s.confirmedCount }),
        feeLabel: s.feeLabel,
        voucher: s.fee === 'voucher',
        perEnterprise: fill(TEXT.perEnterprise, { n: s.perEnterpriseLimit }),
        syllabus: s.syllabus,
        cancelledText: s.cancelReason ? fill(TEXT.cancelled, { reason: s.cancelReason }) : '',
        liveUrl: s.liveUrl ?? '',
        canSignUp: s.phase === 'signup',
        full: s.seatsLeft === 0,
      },
      mine: s.mySignups.map((m) => ({
        signupId: m.signupId,
        text:
          m.status === 'waitlisted' && m.waitlistPosition
            ? fill(TEXT.waitlistRow, { name: m.attendee.name, n: m.waitlistPosition })
            : fill(TEXT.mineRow, { name: m.attendee.name, status: m.statusLabel }),
      })),
    });
  },
  onSignUp() {
    openPage(withQuery(PAGES.trainingApply, { sessionId: this.data.sessionId }));
  },
  onProgramme() {
    const id = this.data.view?.programmeId;
    if (id) openPage(withQuery(PAGES.trainingProgramme, { programmeId: id }));
  },
  onHospitals() {
    openPage(PAGES.hospitals);
  },
  onTicket(e: WechatMiniprogram.BaseEvent) {
    openPage(withQuery(PAGES.trainingTicket, { signupId: String(e.currentTarget.dataset.id) }));
  },
  onCopyLive() {
    const url = this.data.view?.liveUrl;
    if (url) wx.setClipboardData({ data: url, success: () => wx.showToast({ title: TEXT.copied, icon: 'none' }) });
  },
});
