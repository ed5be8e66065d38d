import { definePage } from '../../../definitions/index';
import { PAGES, openPage } from '../../../utils/nav';

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

/** "1.2.0", or the build kind in development and trial builds, which carry no version number. */
function versionLabel(): string {
  try {
    const { version, envVersion } = wx.getAccountInfoSync().miniProgram;
    return version || TEXT.envNames[envVersion] || envVersion;
  } catch {
    return '';
  }
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
