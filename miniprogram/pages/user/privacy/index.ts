import { definePage } from '../../../definitions/index';

/**
 * 个人信息保护指引: what the mini-program collects and why, in plain words. It describes what the
 * code does (services/privacy, user.verifyPhone, the masking in cloudfunctions/src/core/privacy.ts);
 * the formal contract registered with WeChat opens from the button at the end.
 */
const TEXT = {
  title: '粤品通个人信息保护指引',
  intro:
    '粤品通是广东省市场监督管理局的公益性产品质量技术帮扶平台。我们只收集办理业务所必需的信息，并在页面上尽量少展示。',
  sections: [
    {
      key: 'collect',
      heading: '一、我们收集哪些信息',
      paragraphs: [
        '微信账号标识：由微信提供，用于识别你的账号，并关联你的申领、检测券和筛查申请。',
        '手机号：仅在你点击“微信授权验证手机号”并同意后，由微信提供，不能手动填写。',
        '联系人姓名和手机号：申领检测券、申请快速筛查时由你填写。',
        '照片：申请电线电缆快速筛查时由你拍摄或从相册选择的产品及标识照片。',
        '企业信息：绑定企业时填写的统一社会信用代码和企业名称。',
        '检测券使用记录：产品医院核销检测券时记录的服务类型和费用。',
      ],
    },
    {
      key: 'purpose',
      heading: '二、为什么收集',
      paragraphs: [
        '核验申领资格：企业以统一社会信用代码、个人以验证过的手机号为准，保证同一期活动每位申领人只申领一次。',
        '办理业务：产品医院和管理部门通过联系人信息与你联系，完成检测、核销和筛查。',
        '判断问题：筛查照片仅用于初步判断电线电缆质量问题。',
      ],
    },
    {
      key: 'display',
      heading: '三、如何展示和保护',
      paragraphs: [
        '公开的摇号结果等名单中，个人姓名只显示第一个字（如“张*”），手机号只显示前三位和后四位（如“138****8000”）。',
        '你的账户只保存手机号的加密摘要和掩码；产品医院工作人员只能看到为你提供服务所需的信息。',
        '信息保存在腾讯云开发（CloudBase）环境中，只有经授权的管理人员可以访问，操作留有审计记录。',
      ],
    },
    {
      key: 'retention',
      heading: '四、保存期限',
      paragraphs: ['信息仅在实现上述目的所必需的期限内保存，超过期限后删除或匿名化处理。'],
    },
    {
      key: 'rights',
      heading: '五、你的权利',
      paragraphs: [
        '你可以在“我的”页面查看已绑定的企业和已验证的手机号；如需更正或删除，请按下方方式联系我们。',
        '你可以在小程序右上角“…”—“设置”中管理授权。拒绝授权不影响浏览公告、红榜和产品医院等公开信息。',
      ],
    },
    {
      key: 'contact',
      heading: '六、联系我们',
      paragraphs: ['广东省市场监督管理局，地址：广州市天河区黄埔大道西363号，邮政编码：510620。'],
    },
  ],
  contract: '查看微信隐私保护指引',
};

definePage({
  data: { text: TEXT },
  onContract() {
    if (typeof wx.openPrivacyContract === 'function') wx.openPrivacyContract({});
  },
});
