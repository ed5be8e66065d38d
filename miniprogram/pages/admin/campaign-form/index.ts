import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { SERVICE_TYPES, type ServiceType } from '../../../shared/services';
import { APPLICANT_TYPES, type ApplicantType } from '../../../shared/vouchers';
import { goToFirstError, serverFieldErrors } from '../../../utils/form';
import { fill } from '../../../utils/format';
import { PAGES, withQuery } from '../../../utils/nav';
import { formatDate } from '../../../utils/time';
import {
  emptyPool,
  fieldOfPath,
  fieldOrder,
  formErrors,
  formOf,
  isTypable,
  newForm,
  toInput,
  type CampaignForm,
  type PoolField,
} from './form';

const TEXT = {
  newTitle: '新建活动',
  editTitle: '编辑草稿',
  intro: '保存后为草稿，申领人看不到；在活动页“发布活动”后才开放申领，发布后不能再修改。',
  loading: '正在加载草稿',
  failed: '草稿加载失败',
  notDraft: '活动已发布，不能修改',
  title: '活动标题',
  titlePlaceholder: '如：2027 年广东省产品检测券（第一批）',
  description: '活动说明（选填）',
  descriptionPlaceholder: '面向对象、申领条件、使用方式等',
  window: '申领时间（北京时间）',
  opens: '开始',
  closes: '截止',
  pickDate: '选择日期',
  pickTime: '选择时间',
  colon: '：',
  cap: '每个申领人封顶金额（元）',
  capPlaceholder: '整数元，如 5000',
  validity: '检测券有效期至',
  pools: '奖池',
  poolsHint: '每个奖池一种面值；同一申领人在各奖池中签的面值合计不超过封顶金额。',
  poolN: '奖池 {n}',
  poolId: '奖池编号',
  poolIdPlaceholder: '字母数字，如 G5000',
  label: '奖池名称（选填）',
  labelPlaceholder: '如：电线电缆专用券',
  faceValue: '面值（元）',
  faceValuePlaceholder: '本奖池每张券的面值',
  quantity: '数量（张）',
  quantityPlaceholder: '本奖池发放的张数',
  applicantTypes: '申领人类型',
  addPool: '添加奖池',
  removePool: '删除奖池 {n}',
  services: '可抵扣服务',
  beacon: '公开随机数来源',
  beaconHint: '摇号的随机数必须在截止后才产生、任何人可查验；发布时锁定，之后不能更换。',
  drand: 'drand quicknet（默认，截止后 10 分钟的轮次）',
  announced: '已公告的彩票开奖',
  issue: '开奖期号',
  issuePlaceholder: '如：福彩3D 第2026335期',
  drawDate: '彩票开奖日期（须晚于截止日期）',
  save: '保存草稿',
  create: '创建草稿',
  saving: '正在保存…',
  saved: '已保存',
  created: '草稿已创建',
  fixErrors: '请检查标红的项目',
};

const SERVICE_CHOICES = (Object.keys(SERVICE_TYPES) as ServiceType[]).map((code) => ({
  code,
  label: SERVICE_TYPES[code],
}));
const APPLICANT_CHOICES = (Object.keys(APPLICANT_TYPES) as ApplicantType[]).map((code) => ({
  code,
  label: APPLICANT_TYPES[code],
}));

/** Per-pool messages for the template (errors are keyed `pools.<i>.<field>`). */
function poolErrorsOf(form: CampaignForm, errors: Record<string, string>) {
  return form.pools.map((_, i) => ({
    poolId: errors[`pools.${i}.poolId`] ?? '',
    label: errors[`pools.${i}.label`] ?? '',
    faceValue: errors[`pools.${i}.faceValue`] ?? '',
    quantity: errors[`pools.${i}.quantity`] ?? '',
    applicantTypes: errors[`pools.${i}.applicantTypes`] ?? '',
  }));
}

/** What the template shows of the form's choices. */
function choicesOf(form: CampaignForm) {
  return {
    services: SERVICE_CHOICES.map((s) => ({ ...s, on: form.services.includes(s.code) })),
    pools: form.pools.map((p, i) => ({
      title: fill(TEXT.poolN, { n: i + 1 }),
      removeLabel: fill(TEXT.removePool, { n: i + 1 }),
      types: APPLICANT_CHOICES.map((t) => ({ ...t, on: p.applicantTypes.includes(t.code) })),
    })),
  };
}

/**
 * 新建活动 / 编辑草稿 (admins): a campaign draft's title, description, window, cap, validity, pools,
 * services and beacon source. Fields are checked as they are typed on the rules the server checks with
 * (shared/campaign-rules.ts); a refusal from createCampaign/updateCampaign shows under the field it names,
 * and the page scrolls to the first. Created drafts open on their campaign page; an edit goes back to it.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    campaignId: '',
    notDraft: false,
    form: newForm(Date.now()),
    choices: choicesOf(newForm(Date.now())),
    applicantChoices: APPLICANT_CHOICES,
    errors: {} as Record<string, string>,
    poolErrors: [] as ReturnType<typeof poolErrorsOf>,
    touched: {} as Record<string, boolean>,
    submitAttempted: false,
    submitting: false,
    focusField: '',
    today: formatDate(Date.now()),
  },
  async onLoad(query: Record<string, string | undefined>) {
    const campaignId = query.campaignId ?? '';
    this.setData({ campaignId });
    wx.setNavigationBarTitle({ title: campaignId ? TEXT.editTitle : TEXT.newTitle });
    if (!campaignId) {
      this.setForm(newForm(Date.now()));
      this.setData({ state: 'ready' });
      return;
    }
    await this.load();
  },
  async load() {
    const detail = await this.runLoad(() => call('admin', 'campaignDetail', { campaignId: this.data.campaignId }));
    if (!detail) return;
    if (detail.campaign.status !== 'draft') {
      this.setData({ notDraft: true });
      return;
    }
    this.setForm(formOf(detail.campaign, detail.beaconChoice));
  },
  /** Sets the form and what depends on it: choices and the messages of the fields shown so far. */
  setForm(form: CampaignForm, serverErrors: Record<string, string> = {}) {
    const all = { ...formErrors(form), ...serverErrors };
    const shown: Record<string, string> = {};
    for (const [field, message] of Object.entries(all))
      if (this.data.submitAttempted || this.data.touched[field] || serverErrors[field]) shown[field] = message;
    this.setData({ form, choices: choicesOf(form), errors: shown, poolErrors: poolErrorsOf(form, shown) });
  },
  touch(field: string) {
    if (!this.data.touched[field]) this.setData({ [`touched.${field}`]: true });
  },
  onInput(e: WechatMiniprogram.Input) {
    const field = String(e.currentTarget.dataset.field) as keyof CampaignForm;
    this.touch(field === 'issue' ? 'issue' : field);
    this.setForm({ ...this.data.form, [field]: e.detail.value });
  },
  /** Date and time pickers: opensDate/opensTime → opensAt, closesDate/closesTime → closesAt. */
  onPick(e: WechatMiniprogram.PickerChange) {
    const field = String(e.currentTarget.dataset.field) as keyof CampaignForm;
    const error = String(e.currentTarget.dataset.error || field);
    this.touch(error);
    this.setForm({ ...this.data.form, [field]: String(e.detail.value) });
  },
  onPoolInput(e: WechatMiniprogram.Input) {
    const index = Number(e.currentTarget.dataset.index);
    const field = String(e.currentTarget.dataset.field) as PoolField;
    this.touch(`pools.${index}.${field}`);
    const pools = this.data.form.pools.map((p, i) => (i === index ? { ...p, [field]: e.detail.value } : p));
    this.setForm({ ...this.data.form, pools });
  },
  onPoolType(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    const code = String(e.currentTarget.dataset.code) as ApplicantType;
    this.touch(`pools.${index}.applicantTypes`);
    const pools = this.data.form.pools.map((p, i) => {
      if (i !== index) return p;
      const on = p.applicantTypes.includes(code);
      return { ...p, applicantTypes: on ? p.applicantTypes.filter((t) => t !== code) : [...p.applicantTypes, code] };
    });
    this.setForm({ ...this.data.form, pools });
  },
  onAddPool() {
    this.setForm({ ...this.data.form, pools: [...this.data.form.pools, emptyPool()] });
  },
  onRemovePool(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    // Messages and touched flags of later pools would point at the wrong pool: start those afresh.
    const touched = Object.fromEntries(Object.entries(this.data.touched).filter(([k]) => !k.startsWith('pools.')));
    this.setData({ touched });
    this.setForm({ ...this.data.form, pools: this.data.form.pools.filter((_, i) => i !== index) });
  },
  onService(e: WechatMiniprogram.BaseEvent) {
    const code = String(e.currentTarget.dataset.code) as ServiceType;
    const services = this.data.form.services.includes(code)
      ? this.data.form.services.filter((s) => s !== code)
      : [...this.data.form.services, code];
    this.touch('services');
    this.setForm({ ...this.data.form, services });
  },
  onBeaconType(e: WechatMiniprogram.BaseEvent) {
    const beaconType = String(e.currentTarget.dataset.type) === 'announced' ? 'announced' : 'drand';
    this.setForm({ ...this.data.form, beaconType });
  },
  async onSubmit() {
    if (this.data.submitting) return;
    this.setData({ submitAttempted: true });
    const form = this.data.form;
    this.setForm(form);
    const errors = formErrors(form);
    const order = fieldOrder(form);
    if (Object.keys(errors).length) {
      wx.showToast({ title: TEXT.fixErrors, icon: 'none' });
      goToFirstError(this, order, errors, order.filter(isTypable));
      return;
    }
    this.setData({ submitting: true });
    try {
      const input = toInput(form);
      if (this.data.campaignId) {
        await call('admin', 'updateCampaign', { campaignId: this.data.campaignId, ...input });
        wx.showToast({ title: TEXT.saved, icon: 'success' });
        wx.navigateBack({ fail: () => this.openCampaign(this.data.campaignId) });
      } else {
        const { campaignId } = await call('admin', 'createCampaign', input);
        wx.showToast({ title: TEXT.created, icon: 'success' });
        this.openCampaign(campaignId);
      }
    } catch (error) {
      const fields = serverFieldErrors(error, fieldOfPath);
      if (Object.keys(fields).length) {
        this.setForm(form, fields);
        wx.showToast({ title: error instanceof ApiError ? error.message : TEXT.fixErrors, icon: 'none' });
        goToFirstError(this, order, fields, order.filter(isTypable));
      } else {
        toastError(error);
      }
    } finally {
      this.setData({ submitting: false });
    }
  },
  openCampaign(campaignId: string) {
    wx.redirectTo({ url: withQuery(PAGES.adminCampaign, { campaignId }) });
  },
});
