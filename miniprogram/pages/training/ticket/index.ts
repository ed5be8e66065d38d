import type { SignupView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { textProblem } from '../../../shared/text';
import { TRAINING_TEXT } from '../../../shared/training';
import { confirmModal } from '../../../utils/cable-wx';
import { fill } from '../../../utils/format';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { formatDateTime } from '../../../utils/time';
import { placeText, sessionTimeParts } from '../../../utils/training';

const TEXT = {
  loading: '正在加载报名凭证',
  failed: '报名凭证加载失败',
  qrAlt: '签到码',
  qrHint: '签到时请向工作人员出示此码',
  waiting: '候补第 {n} 位，有人取消时按顺序递补，递补成功会通知您。',
  cancelledNote: '本报名已取消。',
  checkedIn: '已于 {time} 签到（{method}）',
  attendee: '参训人员',
  session: '查看培训详情',
  cancel: '取消报名',
  cancelTitle: '取消报名',
  cancelBody: '取消后名额将让给候补人员，确定取消吗？',
  cancelConfirm: '取消报名',
  cancelled: '已取消报名',
  online: '签到并进入直播',
  liveCopied: '已签到，直播链接已复制，请在浏览器中打开',
  rateTitle: '评价本场培训',
  stars: ['1 星', '2 星', '3 星', '4 星', '5 星'],
  starLabel: '{n} 星',
  commentPlaceholder: '说说收获或建议（选填）',
  rate: '提交评价',
  rated: '感谢评价',
  chooseScore: '请选择评分',
  yourRating: '您的评价：{n} 星',
  certificate: '查看结业证明',
};

/**
 * One sign-up, as its holder carries it to the session: the check-in QR code while it can be used, the
 * waitlist place, cancel (confirming first), the online check-in that opens the live stream, the rating
 * after the session and the certificate.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    signupId: '',
    view: null as null | {
      sessionId: string;
      title: string;
      time: { from: string; to: string };
      placeText: string;
      attendee: string;
      statusLabel: string;
      qrImage: string;
      code: string;
      note: string;
      checkedInText: string;
      canCancel: boolean;
      canCheckInOnline: boolean;
      canRate: boolean;
      ratingText: string;
      hasCertificate: boolean;
    },
    score: 0,
    comment: '',
    commentError: '',
    busy: false,
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ signupId: query.signupId ?? '' });
    this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  async load() {
    const s = await this.runLoad(() => call('training', 'getSignup', { signupId: this.data.signupId }));
    if (s) this.show(s);
  },
  show(s: SignupView) {
    this.setData({
      view: {
        sessionId: s.sessionId,
        title: s.session.title,
        time: sessionTimeParts(s.session.startAt, s.session.endAt),
        placeText: placeText(s.session),
        attendee: [s.attendee.name, s.attendee.phone, s.enterpriseName].filter(Boolean).join(' · '),
        statusLabel: s.statusLabel,
        qrImage: s.checkInQrImage ?? '',
        code: s.checkInCode ?? '',
        note:
          s.status === 'waitlisted' && s.waitlistPosition
            ? fill(TEXT.waiting, { n: s.waitlistPosition })
            : s.status === 'cancelled'
              ? TEXT.cancelledNote
              : '',
        checkedInText: s.checkedInAt
          ? fill(TEXT.checkedIn, { time: formatDateTime(s.checkedInAt), method: s.checkInMethodLabel ?? '' })
          : '',
        canCancel: s.canCancel,
        canCheckInOnline: s.canCheckInOnline,
        canRate: s.canRate,
        ratingText: s.rating ? fill(TEXT.yourRating, { n: s.rating.score }) : '',
        hasCertificate: !!s.certificateCode,
      },
    });
  },
  async onCancel() {
    if (this.data.busy) return;
    const sure = await confirmModal({
      title: TEXT.cancelTitle,
      content: TEXT.cancelBody,
      confirmText: TEXT.cancelConfirm,
      danger: true,
    });
    if (!sure) return;
    await this.act(async () => {
      this.show(await call('training', 'cancelSignup', { signupId: this.data.signupId }));
      wx.showToast({ title: TEXT.cancelled, icon: 'none' });
    });
  },
  async onCheckInOnline() {
    await this.act(async () => {
      const signup = await call('training', 'checkInOnline', { signupId: this.data.signupId });
      this.show(signup);
      const session = await call('training', 'getSession', { sessionId: signup.sessionId });
      if (session.liveUrl) {
        wx.setClipboardData({
          data: session.liveUrl,
          success: () => wx.showToast({ title: TEXT.liveCopied, icon: 'none', duration: 3000 }),
        });
      }
    });
  },
  onScore(e: WechatMiniprogram.BaseEvent) {
    this.setData({ score: Number(e.currentTarget.dataset.score) });
  },
  onComment(e: WechatMiniprogram.Input) {
    this.setData({ comment: e.detail.value, commentError: textProblem(TRAINING_TEXT.comment, e.detail.value) });
  },
  async onRate() {
    if (!this.data.score) {
      wx.showToast({ title: TEXT.chooseScore, icon: 'none' });
      return;
    }
    if (this.data.commentError) return;
    await this.act(async () => {
      this.show(
        await call('training', 'rateSession', {
          signupId: this.data.signupId,
          score: this.data.score,
          comment: this.data.comment.trim(),
        }),
      );
      wx.showToast({ title: TEXT.rated, icon: 'success' });
    });
  },
  async act(task: () => Promise<void>) {
    if (this.data.busy) return;
    this.setData({ busy: true });
    try {
      await task();
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ busy: false });
    }
  },
  onSession() {
    const id = this.data.view?.sessionId;
    if (id) openPage(withQuery(PAGES.trainingSession, { sessionId: id }));
  },
  onCertificate() {
    openPage(withQuery(PAGES.trainingCertificate, { signupId: this.data.signupId }));
  },
});
