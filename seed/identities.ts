import { makeUscc } from '../cloudfunctions/src/core/uscc';
import type { PreviewIdentity } from '../emulator/preview/types';

/**
 * The demo identities of the local cloud. The web preview's identity switcher offers these (package.json
 * "localCloud".previewIdentities names PREVIEW_IDENTITIES), so a developer can act as each kind of user
 * without WeChat.
 */
export const DEMO_ENTERPRISE = {
  uscc: makeUscc({ division: '440606', orgCode: '7224733' + '4' }),
  name: '佛山市顺德区美达电器有限公司',
  city: '佛山市',
  /** The registry's contact phone of the enterprise, and the demo-enterprise account's WeChat phone. */
  contactPhone: '13712345678',
};

export const DEMO_CONSUMER_PHONE = '13800138000';

export const DEMO_IDENTITIES = [
  {
    openid: 'demo-enterprise',
    label: '企业用户（美达电器）',
    description: '已绑定企业（手机号与工商登记联系电话一致，已验证），可申领检测券',
    phone: DEMO_ENTERPRISE.contactPhone,
  },
  { openid: 'demo-consumer', label: '消费者', description: '已验证手机号，可申领电线电缆专用券、申请快速筛查' },
  { openid: 'demo-newcomer', label: '新用户', description: '首次使用，尚未绑定企业或验证手机' },
  { openid: 'demo-staff', label: '产品医院工作人员', description: '广东省电线电缆产品医院，可核销检测券、处理筛查' },
  {
    openid: 'demo-expert',
    label: '帮扶专家',
    description: '质量帮扶专家（家用电器·检验检测），可接单问诊、给出诊断与整改计划',
  },
  {
    openid: 'demo-trainer',
    label: '培训签到员',
    description: '培训主办单位工作人员，可查看参训名单、扫码或按名单签到',
  },
  { openid: 'demo-admin', label: '管理员', description: '省市场监管局，可管理活动与榜单' },
] as const;

export type DemoOpenid = (typeof DEMO_IDENTITIES)[number]['openid'];

/** What the preview's identity switcher offers: the demo identities, each with its WeChat phone when it has one. */
export const PREVIEW_IDENTITIES: PreviewIdentity[] = DEMO_IDENTITIES.map((identity) => {
  const phone =
    'phone' in identity ? identity.phone : identity.openid === 'demo-consumer' ? DEMO_CONSUMER_PHONE : undefined;
  return {
    openid: identity.openid,
    label: identity.label,
    description: identity.description,
    ...(phone ? { phone } : {}),
  };
});
