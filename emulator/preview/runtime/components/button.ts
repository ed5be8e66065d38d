import { synthesizeTap } from '../bridge';
import { issuePhoneCloudID } from '../cloud';
import { reportError, state } from '../state';
import { showModal, showToast } from '../ui';
import { defineBuiltin, instanceOf, reflect, str, wireHover, type Builtin } from './base';

/**
 * button: WeUI look, form-type submit/reset, and open-types simulated in the browser. The
 * phone-number button asks for the number (the demo identity's by default), gets a cloudID for
 * it from the local cloud and fires `getphonenumber` with `{cloudID, errMsg}` as WeChat does, so
 * the page passes `wx.cloud.CloudID(cloudID)` to its function unchanged.
 */

async function simulatePhoneNumber(
  inst: Builtin,
  eventName: 'getphonenumber' | 'getrealtimephonenumber',
): Promise<void> {
  const api = eventName === 'getphonenumber' ? 'getPhoneNumber' : 'getRealtimePhoneNumber';
  const answer = await showModal({
    title: '获取手机号（预览模拟）',
    editable: true,
    inputType: 'tel',
    content: state.identity.phone ?? '',
    placeholderText: '请输入要授权给小程序的 11 位手机号',
    confirmText: '允许',
    cancelText: '拒绝',
  });
  if (!answer.confirm) {
    inst.triggerEvent(eventName, { errMsg: `${api}:fail user deny`, errno: 104 });
    return;
  }
  const phone = (answer.content ?? '').replace(/\s+/g, '');
  if (!/^1\d{10}$/.test(phone)) {
    showToast({ title: '请输入 11 位手机号', icon: 'none' });
    return;
  }
  try {
    const cloudID = await issuePhoneCloudID(phone);
    inst.triggerEvent(eventName, {
      errMsg: `${api}:ok`,
      cloudID,
      code: `sim-phone-code-${cloudID.slice(-8)}`,
      encryptedData: '',
      iv: '',
    });
  } catch (error) {
    inst.triggerEvent(eventName, { errMsg: `${api}:fail ${(error as Error).message}` });
  }
}

function chooseAvatar(inst: Builtin): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = 'image/*';
  input.style.display = 'none';
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.remove();
    if (file) inst.triggerEvent('chooseavatar', { avatarUrl: URL.createObjectURL(file) });
  });
  document.body.append(input);
  input.click();
}

function handleOpenType(inst: Builtin, openType: string): void {
  switch (openType) {
    case 'getPhoneNumber':
      simulatePhoneNumber(inst, 'getphonenumber').catch((e: unknown) => reportError('getPhoneNumber', e));
      return;
    case 'getRealtimePhoneNumber':
      simulatePhoneNumber(inst, 'getrealtimephonenumber').catch((e: unknown) =>
        reportError('getRealtimePhoneNumber', e),
      );
      return;
    case 'chooseAvatar':
      chooseAvatar(inst);
      return;
    case 'getUserInfo':
      inst.triggerEvent('getuserinfo', {
        errMsg: 'getUserInfo:ok',
        userInfo: { nickName: '微信用户', avatarUrl: '' },
        rawData: '',
        signature: '',
      });
      return;
    case 'openSetting':
      inst.triggerEvent('opensetting', { errMsg: 'openSetting:ok', authSetting: {} });
      return;
    case 'agreePrivacyAuthorization':
      inst.triggerEvent('agreeprivacyauthorization', { errMsg: 'agreePrivacyAuthorization:ok' });
      return;
    case 'share':
      showToast({ title: '预览中无法转发', icon: 'none' });
      return;
    case 'contact':
      showToast({ title: '预览中无法打开客服会话', icon: 'none' });
      inst.triggerEvent('contact', { errMsg: 'enterContact:fail not supported in preview' });
      return;
    case 'feedback':
      showToast({ title: '预览中无法打开意见反馈', icon: 'none' });
      return;
    case 'launchApp':
      inst.triggerEvent('error', { errMsg: 'launchApp:fail not supported in preview' });
      return;
    default:
      if (openType) showToast({ title: `预览不支持 open-type="${openType}"`, icon: 'none' });
  }
}

export function registerButton(): void {
  defineBuiltin('button', {
    properties: {
      size: { type: String, value: 'default' },
      type: { type: String, value: 'default' },
      plain: { type: Boolean, value: false },
      disabled: { type: Boolean, value: false },
      loading: { type: Boolean, value: false },
      formType: { type: String, value: '' },
      openType: { type: String, value: '' },
      hoverClass: { type: String, value: 'button-hover' },
      hoverStopPropagation: { type: Boolean, value: false },
      hoverStartTime: { type: Number, value: 20 },
      hoverStayTime: { type: Number, value: 70 },
      lang: { type: String, value: 'en' },
      sessionFrom: { type: String, value: '' },
      appParameter: { type: String, value: '' },
      phoneNumberNoQuotaToast: { type: Boolean, value: true },
      ariaLabel: { type: String, value: '' },
    },
    init() {
      this.host.setAttribute('role', 'button');
      this.host.tabIndex = 0;
      wireHover(this);
      this.host.addEventListener('keydown', (e) => {
        if ((e.key === 'Enter' || e.key === ' ') && !this.data.disabled) {
          e.preventDefault();
          synthesizeTap(this.host);
        }
      });
    },
    sync() {
      reflect(this.host, 'type', str(this.data.type));
      reflect(this.host, 'size', str(this.data.size));
      reflect(this.host, 'plain', Boolean(this.data.plain));
      reflect(this.host, 'disabled', Boolean(this.data.disabled));
      reflect(this.host, 'loading', Boolean(this.data.loading));
      reflect(this.host, 'open-type', str(this.data.openType));
      reflect(this.host, 'form-type', str(this.data.formType));
      reflect(this.host, 'aria-disabled', this.data.disabled ? 'true' : '');
      reflect(this.host, 'aria-label', str(this.data.ariaLabel));
      // hover-class="none" turns the pressed look off; any other custom class replaces it.
      reflect(this.host, 'data-no-hover', str(this.data.hoverClass) !== 'button-hover');
    },
    tap() {
      if (this.data.disabled || this.data.loading) return;
      const formType = str(this.data.formType);
      if (formType === 'submit' || formType === 'reset') {
        const form = instanceOf(this.host, 'wx-form');
        if (form) (form[formType === 'submit' ? '__submit' : '__reset'] as () => void)();
      }
      handleOpenType(this, str(this.data.openType));
    },
  });
}
