import { definePage } from '../../../definitions/index';
import { PAGES, openPage } from '../../../utils/nav';
import { APP_VERSION } from './version';

const TEXT = {
  title: '关于粤品通',
  paragraphs: [
    '“粤品通”是广东省市场监督管理局打造的公益性产品质量技术帮扶平台，为企业提供质量“体检”和提升、产品信用赋码等服务。',
    '在这里可以申领产品检测券（在省级“产品医院”抵扣检测和质量技术服务费用）、查询红榜企业，以及免费申请电线电缆质量问题快速筛查。',
  ],
  operator: '运营单位',
  operatorName: '广东省市场监督管理局',
  version: '版本',
  privacy: '个人信息保护指引',
  envNames: { develop: '开发版', trial: '体验版', release: '正式版' } as Record<string, string>,
};

/**
 * The released version as WeChat reports it ("1.2.0"); development and trial builds carry none, so
 * they show the package's version (package.json, generated into ./version.ts) with the build kind.
 */
function versionLabel(): string {
  let info: { version?: string; envVersion?: string } = {};
  try {
    info = wx.getAccountInfoSync().miniProgram;
  } catch {
    // Not available (an old base library): the package's version alone.
  }
  if (info.version) return info.version;
  const kind = info.envVersion ? (TEXT.envNames[info.envVersion] ?? info.envVersion) : '';
  return kind ? `${APP_VERSION}（${kind}）` : APP_VERSION;
}

definePage({
  data: { text: TEXT, version: '' },
  onLoad() {
    this.setData({ version: versionLabel() });
  },
  onPrivacy() {
    openPage(PAGES.privacy);
  },
});
