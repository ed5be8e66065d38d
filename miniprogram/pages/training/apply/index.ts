import type { SessionView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { CONTACT_MESSAGES, MOBILE_PATTERN, normalizeMobile, personNameProblem } from '../../../shared/contact';
import { SIGNUP_KINDS, type SignupKind } from '../../../shared/training';
import { randomId } from '../../../utils/cable';
import { fill } from '../../../utils/format';
import { goToFirstError, serverFieldErrors } from '../../../utils/form';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { sessionTimeParts } from '../../../utils/training';

const TEXT = {
  title: '报名培训',
  loading: '正在加载',
  failed: '加载失败',
  kind: '报名方式',
  enterpriseHint: '为本企业员工报名，每家企业本场最多 {n} 人。',
  personHint: '为自己报名，手机号须与已验证的微信手机号一致。',
  noKindTitle: '暂时不能报名',
  noKind: '企业为员工报名需先绑定并验证企业；个人报名需先验证手机号。',
  bindEnterprise: '绑定企业',
  verifyPhone: '验证手机号',
  attendee: '参训人员 {n}',
  name: '姓名',
  namePlaceholder: '参训人员姓名',
  phone: '手机号',
  phonePlaceholder: '11 位手机号',
  add: '再添加一人',
  remove: '删除',
  removeLabel: '删除参训人员 {n}',
  privacy: '姓名和手机号仅主办单位和本企业可见，用于签到和培训通知。',
  submit: '提交报名',
  submitting: '正在提交…',
  fixErrors: '请按提示修改',
  confirmed: '报名成功',
  waitlisted: '已进入候补',
  closed: '本场培训不在报名时间内',
};

interface Row {
  name: string;
  phone: string;
}

const emptyRow = (): Row => ({ name: '', phone: '' });

/** Errors by field key (`attendees.0.name`), as the server names paths. */
function rowErrors(rows: Row[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const name = personNameProblem(row.name.trim());
    if (name) errors[`attendees.${i}.name`] = name;
    const phone = normalizeMobile(row.phone);
    if (!MOBILE_PATTERN.test(phone)) errors[`attendees.${i}.phone`] = CONTACT_MESSAGES.mobile;
    else if (seen.has(phone)) errors[`attendees.${i}.phone`] = '参训人员手机号不能重复';
    seen.add(phone);
  });
  return errors;
}

/**
 * The sign-up form: as the caller's verified enterprise (named staff, up to the session's limit) or as
 * the caller (their own verified phone). One clientRequestId per form, so a double tap or a retry after a
 * timeout is one sign-up; after it, the ticket.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    sessionId: '',
    title: '',
    time: { from: '', to: '' },
    kinds: [] as { code: SignupKind; label: string }[],
    kind: '' as SignupKind | '',
    limit: 1,
    kindHint: '',
    rows: [emptyRow()] as Row[],
    errors: {} as Record<string, string>,
    focusField: '',
    submitting: false,
    clientRequestId: randomId('su-'),
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ sessionId: query.sessionId ?? '' });
    this.load();
  },
  async load() {
    const s = await this.runLoad(() => call('training', 'getSession', { sessionId: this.data.sessionId }));
    if (s) this.show(s);
  },
  show(s: SessionView) {
    const kinds = s.signupKinds.map((code) => ({ code, label: SIGNUP_KINDS[code] }));
    this.setData({ title: s.title, time: sessionTimeParts(s.startAt, s.endAt), kinds, limit: s.perEnterpriseLimit });
    if (kinds.length) this.choose(kinds[0].code);
  },
  choose(kind: SignupKind) {
    const rows = kind === 'person' ? this.data.rows.slice(0, 1) : this.data.rows;
    this.setData({
      kind,
      rows,
      errors: {},
      kindHint: kind === 'enterprise' ? fill(TEXT.enterpriseHint, { n: this.data.limit }) : TEXT.personHint,
    });
  },
  onKind(e: WechatMiniprogram.BaseEvent) {
    this.choose(String(e.currentTarget.dataset.code) as SignupKind);
  },
  onInput(e: WechatMiniprogram.Input) {
    const index = Number(e.currentTarget.dataset.index);
    const field = String(e.currentTarget.dataset.field) as keyof Row;
    this.setData({ [`rows[${index}].${field}`]: e.detail.value });
  },
  onAdd() {
    if (this.data.rows.length >= this.data.limit) return;
    this.setData({ rows: [...this.data.rows, emptyRow()] });
  },
  onRemove(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    this.setData({ rows: this.data.rows.filter((_, i) => i !== index), errors: {} });
  },
  async onSubmit() {
    if (this.data.submitting || !this.data.kind) return;
    const rows = this.data.rows;
    const errors = rowErrors(rows);
    const order = rows.flatMap((_, i) => [`attendees.${i}.name`, `attendees.${i}.phone`]);
    this.setData({ errors });
    if (Object.keys(errors).length) {
      wx.showToast({ title: TEXT.fixErrors, icon: 'none' });
      goToFirstError(this, order, errors, []);
      return;
    }
    this.setData({ submitting: true });
    try {
      const res = await call('training', 'signUp', {
        sessionId: this.data.sessionId,
        kind: this.data.kind,
        attendees: rows.map((r) => ({ name: r.name.trim(), phone: normalizeMobile(r.phone) })),
        clientRequestId: this.data.clientRequestId,
      });
      const first = res.signups[0];
      wx.showToast({ title: first.status === 'waitlisted' ? TEXT.waitlisted : TEXT.confirmed, icon: 'success' });
      wx.redirectTo({ url: withQuery(PAGES.trainingTicket, { signupId: first.signupId }) });
    } catch (error) {
      const fields = serverFieldErrors(error, (path) => (order.includes(path) ? path : undefined));
      if (Object.keys(fields).length) {
        this.setData({ errors: fields });
        goToFirstError(this, order, fields, []);
      }
      toastError(error);
    } finally {
      this.setData({ submitting: false });
    }
  },
  onBind() {
    openPage(PAGES.enterprise);
  },
  onPhone() {
    openPage(PAGES.phone);
  },
});
