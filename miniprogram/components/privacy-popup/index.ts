import { defineComponent } from '../../definitions/index';
import { answer, registerPrompt } from '../../services/privacy';
import { PAGES, openPage } from '../../utils/nav';

const TEXT = {
  title: '个人信息保护提示',
  body: '为办理检测券申领、电线电缆快速筛查等业务，需要使用你的手机号、联系人姓名或照片。使用前请阅读并同意',
  contract: '《粤品通小程序隐私保护指引》',
  notice: '查看个人信息保护指引',
  bodyEnd: '。手机号在页面上以掩码显示，仅用于办理业务和联系你。',
  disagree: '拒绝',
  agree: '同意',
};

/** The id WeChat checks: resolve() must name the agree button the user actually tapped. */
const AGREE_BUTTON_ID = 'privacy-agree';

/** Each shown popup's registration with the privacy service. */
const registrations = new WeakMap<object, () => void>();

/**
 * Put `<privacy-popup />` on any page that collects personal data (phone number button, photo
 * picker). When WeChat pauses such an API until the user agrees, this popup asks (services/privacy).
 */
defineComponent({
  data: { text: TEXT, visible: false, agreeId: AGREE_BUTTON_ID },
  lifetimes: {
    attached() {
      this.listen();
    },
    detached() {
      this.unlisten();
    },
  },
  pageLifetimes: {
    show() {
      this.listen();
    },
    hide() {
      this.unlisten();
    },
  },
  methods: {
    listen() {
      this.unlisten();
      registrations.set(this, registerPrompt({ show: () => this.setData({ visible: true }) }));
    },
    unlisten() {
      registrations.get(this)?.();
      registrations.delete(this);
    },
    onAgree() {
      this.setData({ visible: false });
      answer(true, AGREE_BUTTON_ID);
    },
    onDisagree() {
      this.setData({ visible: false });
      answer(false, AGREE_BUTTON_ID);
    },
    onOpenContract() {
      if (typeof wx.openPrivacyContract === 'function') wx.openPrivacyContract({});
      else openPage(PAGES.privacy);
    },
    onOpenNotice() {
      openPage(PAGES.privacy);
    },
  },
});
