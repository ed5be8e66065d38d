/**
 * Deployment configuration of the mini-program. Values here differ per WeChat account and are set
 * when the mini-program is registered, not in code review.
 */

/**
 * Subscribe-message template ids (微信公众平台 → 订阅消息 → 我的模板). PLACEHOLDERS: replace each
 * with the template id of the account before release. Keys match the `template` names the cloud
 * functions put in the outbox. Until replaced, wx.requestSubscribeMessage fails and the pages
 * carry on without the subscription (they never depend on the answer).
 */
export const SUBSCRIBE_TEMPLATES = {
  /** 摇号结果通知: sent when a campaign's results are published. */
  drawResult: 'CONFIG_SUBSCRIBE_TEMPLATE_DRAW_RESULT',
  /** 检测券到期提醒: sent 7 days before a voucher expires (admin.expireVouchers). */
  voucherExpiry: 'CONFIG_SUBSCRIBE_TEMPLATE_VOUCHER_EXPIRY',
  /** 筛查进度通知: sent on each status change of a cable quick-screen request. */
  cableScreeningStatus: 'CONFIG_SUBSCRIBE_TEMPLATE_CABLE_STATUS',
  /** 企业绑定结果通知: sent when submitted documents are approved or rejected, or a binding is displaced. */
  enterpriseBinding: 'CONFIG_SUBSCRIBE_TEMPLATE_ENTERPRISE_BINDING',
  /** 问诊进度通知: sent on each move of a help-desk case (accepted, answered, closing, resolved, …). */
  helpdeskCase: 'CONFIG_SUBSCRIBE_TEMPLATE_HELPDESK_CASE',
} as const;
