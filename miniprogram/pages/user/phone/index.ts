import { definePage, type ViewState } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { loadProfile, patchProfile } from '../../../services/session';
import { PAGES, openPage } from '../../../utils/nav';

const TEXT = {
  title: '手机号验证',
  intro: '个人申领电线电缆专用检测券、提交快速筛查申请时，需要验证本人手机号。手机号由微信授权提供，不能手动填写。',
  loading: '正在读取验证状态',
  failed: '验证状态加载失败',
  verifiedTitle: '手机号已验证',
  verifiedHint: '如更换了手机号，可重新验证。',
  unverifiedTitle: '尚未验证手机号',
  use: '我们如何使用手机号',
  uses: [
    '作为个人申领人的身份标识：同一手机号在一期活动中只能申领一次。',
    '办理检测券和筛查业务时联系你。',
    '页面上只显示掩码（如 138****8000）；你的账户只保存手机号的加密摘要和掩码。',
  ],
  verify: '微信授权验证手机号',
  reverify: '重新验证',
  verifying: '正在验证…',
  verified: '验证成功',
  denied: '未授权，手机号未验证',
  unavailable: '暂时无法获取手机号，请稍后重试',
  notice: '查看个人信息保护指引',
};

interface PhoneNumberDetail {
  errMsg?: string;
  cloudID?: string;
}

definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    phoneVerified: false,
    phoneMasked: '',
    verifying: false,
  },
  onLoad() {
    this.load();
  },
  async load() {
    const profile = await this.runLoad(() => loadProfile());
    if (profile) this.setData({ phoneVerified: profile.phoneVerified, phoneMasked: profile.phoneMasked ?? '' });
  },
  /**
   * WeChat hands over a cloudID (never the number); the function receives the decrypted number
   * through wx.cloud.CloudID and keeps only a keyed hash and the masked form on the user.
   */
  async onGetPhoneNumber(e: WechatMiniprogram.CustomEvent<PhoneNumberDetail>) {
    const { cloudID, errMsg = '' } = e.detail;
    if (!cloudID) {
      wx.showToast({ title: /deny|cancel|privacy/i.test(errMsg) ? TEXT.denied : TEXT.unavailable, icon: 'none' });
      return;
    }
    this.setData({ verifying: true });
    try {
      const result = await call('user', 'verifyPhone', { phone: wx.cloud.CloudID(cloudID) });
      patchProfile(result);
      this.setData({ phoneVerified: true, phoneMasked: result.phoneMasked });
      wx.showToast({ title: TEXT.verified, icon: 'success' });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ verifying: false });
    }
  },
  onNotice() {
    openPage(PAGES.privacy);
  },
});
