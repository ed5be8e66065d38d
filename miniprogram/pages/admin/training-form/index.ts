import type { SessionAdminView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { GUANGDONG_CITY_NAMES } from '../../../shared/cities';
import { textProblem } from '../../../shared/text';
import {
  FEE_KINDS,
  sessionTimesProblem,
  TRAINING_FORMATS,
  TRAINING_LIMITS,
  TRAINING_TEXT,
  type FeeKind,
  type TrainingFormat,
} from '../../../shared/training';
import { goToFirstError, serverFieldErrors } from '../../../utils/form';
import { formatDate } from '../../../utils/time';

const TEXT = {
  titleNew: '新建培训场次',
  titleEdit: '修改培训场次',
  loading: '正在加载',
  failed: '加载失败',
  noOrganiser: '请先在“培训管理 - 主办单位”中新增主办单位',
  fields: {
    title: '课程名称',
    organiserId: '主办单位',
    programmeId: '培训计划',
    format: '培训形式',
    city: '所在城市',
    cluster: '产业集聚区（选填）',
    venue: '培训地点',
    liveUrl: '直播链接',
    startAt: '开始时间',
    endAt: '结束时间',
    signupOpensAt: '报名开始时间',
    signupClosesAt: '报名截止时间',
    capacity: '名额',
    perEnterpriseLimit: '每家企业限报人数',
    fee: '费用',
    syllabus: '课程大纲',
  },
  pick: '请选择',
  pickDate: '选择日期',
  pickTime: '选择时间',
  noProgramme: '不归入培训计划',
  required: '请填写{label}',
  requiredPick: '请选择{label}',
  number: '{label}应为 1 到 {max} 的整数',
  https: '直播链接应以 https:// 开头',
  fixErrors: '请按提示修改',
  save: '保存',
  saving: '正在保存…',
  saved: '已保存',
};

type Field = keyof typeof TEXT.fields;
const ORDER: Field[] = [
  'title',
  'organiserId',
  'programmeId',
  'format',
  'city',
  'cluster',
  'venue',
  'liveUrl',
  'startAt',
  'endAt',
  'signupOpensAt',
  'signupClosesAt',
  'capacity',
  'perEnterpriseLimit',
  'fee',
  'syllabus',
];
const TIMES = ['startAt', 'endAt', 'signupOpensAt', 'signupClosesAt'] as const;
type TimeField = (typeof TIMES)[number];

interface Form {
  title: string;
  organiserIndex: number;
  programmeIndex: number;
  format: TrainingFormat;
  cityIndex: number;
  cluster: string;
  venue: string;
  liveUrl: string;
  dates: Record<TimeField, string>;
  times: Record<TimeField, string>;
  capacity: string;
  perEnterpriseLimit: string;
  fee: FeeKind;
  syllabus: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** An instant's date and time on the wall clock of Asia/Shanghai. */
function wall(iso: string): { date: string; time: string } {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}
const instant = (date: string, time: string) => (date && time ? `${date}T${time}:00+08:00` : '');

function emptyForm(): Form {
  const blank = { startAt: '', endAt: '', signupOpensAt: '', signupClosesAt: '' };
  return {
    title: '',
    organiserIndex: -1,
    programmeIndex: 0,
    format: 'onsite',
    cityIndex: -1,
    cluster: '',
    venue: '',
    liveUrl: '',
    dates: { ...blank },
    times: { startAt: '09:00', endAt: '12:00', signupOpensAt: '09:00', signupClosesAt: '18:00' },
    capacity: '',
    perEnterpriseLimit: '3',
    fee: 'free',
    syllabus: '',
  };
}

function errorsOf(form: Form, hasOrganisers: boolean): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  const f = TEXT.fields;
  const text = (field: 'title' | 'venue' | 'cluster' | 'syllabus', rule: keyof typeof TRAINING_TEXT) => {
    const problem = textProblem(TRAINING_TEXT[rule], form[field]);
    if (problem) errors[field] = problem;
  };
  text('title', 'title');
  text('syllabus', 'syllabus');
  text('cluster', 'cluster');
  if (form.organiserIndex < 0)
    errors.organiserId = hasOrganisers ? TEXT.requiredPick.replace('{label}', f.organiserId) : TEXT.noOrganiser;
  if (form.format === 'onsite') {
    if (!form.venue.trim()) errors.venue = TEXT.required.replace('{label}', f.venue);
    else text('venue', 'venue');
    if (form.cityIndex < 0) errors.city = TEXT.requiredPick.replace('{label}', f.city);
  } else if (!/^https:\/\/\S+$/.test(form.liveUrl.trim())) {
    errors.liveUrl = TEXT.https;
  }
  for (const t of TIMES) {
    if (!form.dates[t]) errors[t] = TEXT.requiredPick.replace('{label}', f[t]);
  }
  if (TIMES.every((t) => !errors[t])) {
    const at = (t: TimeField) => instant(form.dates[t], form.times[t]);
    const problem = sessionTimesProblem({
      startAt: at('startAt'),
      endAt: at('endAt'),
      signupOpensAt: at('signupOpensAt'),
      signupClosesAt: at('signupClosesAt'),
    });
    if (problem) errors[problem.startsWith('结束') ? 'endAt' : 'signupClosesAt'] = problem;
  }
  const whole = (field: 'capacity' | 'perEnterpriseLimit', max: number) => {
    const n = Number(form[field]);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      errors[field] = TEXT.number.replace('{label}', f[field]).replace('{max}', String(max));
    }
  };
  whole('capacity', TRAINING_LIMITS.maxCapacity);
  whole('perEnterpriseLimit', TRAINING_LIMITS.maxPerEnterprise);
  return errors;
}

/** The session form of the 培训管理 page: a new session, or (?sessionId=) a change to one. */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    sessionId: '',
    form: emptyForm(),
    errors: {} as Partial<Record<Field, string>>,
    submitAttempted: false,
    submitting: false,
    organisers: [] as { organiserId: string; name: string }[],
    organiserNames: [] as string[],
    programmes: [] as { programmeId: string | null; name: string }[],
    programmeNames: [] as string[],
    cities: [...GUANGDONG_CITY_NAMES],
    formats: Object.entries(TRAINING_FORMATS).map(([code, label]) => ({ code, label })),
    fees: Object.entries(FEE_KINDS).map(([code, label]) => ({ code, label })),
    times: TIMES.map((key) => ({ key, label: TEXT.fields[key] })),
    today: formatDate(Date.now()),
  },
  onLoad(query: Record<string, string | undefined>) {
    const sessionId = query.sessionId ?? '';
    this.setData({ sessionId });
    wx.setNavigationBarTitle({ title: sessionId ? TEXT.titleEdit : TEXT.titleNew });
    this.load();
  },
  async load() {
    const loaded = await this.runLoad(async () => {
      const [organisers, programmes, existing] = await Promise.all([
        call('training', 'listOrganisers', {}),
        call('training', 'listProgrammes', {}),
        this.data.sessionId
          ? call('training', 'adminSessions', { sessionId: this.data.sessionId }).then((p) => p.items[0] ?? null)
          : Promise.resolve(null),
      ]);
      return { organisers: organisers.items, programmes: programmes.items, existing };
    });
    if (!loaded) return;
    const programmes = [{ programmeId: null, name: TEXT.noProgramme }, ...loaded.programmes];
    this.setData({
      organisers: loaded.organisers,
      organiserNames: loaded.organisers.map((o) => o.name),
      programmes,
      programmeNames: programmes.map((p) => p.name),
    });
    if (loaded.existing) this.fill(loaded.existing);
  },
  fill(s: SessionAdminView) {
    const dates = {} as Record<TimeField, string>;
    const times = {} as Record<TimeField, string>;
    for (const t of TIMES) {
      const w = wall(s[t]);
      dates[t] = w.date;
      times[t] = w.time;
    }
    this.setData({
      form: {
        title: s.title,
        organiserIndex: this.data.organisers.findIndex((o) => o.organiserId === s.organiserId),
        programmeIndex: Math.max(
          0,
          this.data.programmes.findIndex((p) => p.programmeId === s.programmeId),
        ),
        format: s.format,
        cityIndex: s.city ? this.data.cities.indexOf(s.city) : -1,
        cluster: s.cluster ?? '',
        venue: s.venue ?? '',
        liveUrl: s.liveUrl ?? '',
        dates,
        times,
        capacity: String(s.capacity),
        perEnterpriseLimit: String(s.perEnterpriseLimit),
        fee: s.fee,
        syllabus: s.syllabus,
      },
    });
  },
  setForm(form: Form, serverErrors: Partial<Record<Field, string>> = {}) {
    const errors = this.data.submitAttempted
      ? { ...errorsOf(form, this.data.organisers.length > 0), ...serverErrors }
      : serverErrors;
    this.setData({ form, errors });
  },
  onInput(e: WechatMiniprogram.Input) {
    const field = String(e.currentTarget.dataset.field);
    this.setForm({ ...this.data.form, [field]: e.detail.value });
  },
  onPickIndex(e: WechatMiniprogram.PickerChange) {
    const field = String(e.currentTarget.dataset.field);
    this.setForm({ ...this.data.form, [field]: Number(e.detail.value) });
  },
  onChoose(e: WechatMiniprogram.BaseEvent) {
    const field = String(e.currentTarget.dataset.field);
    this.setForm({ ...this.data.form, [field]: String(e.currentTarget.dataset.code) });
  },
  onPickWhen(e: WechatMiniprogram.PickerChange) {
    const key = String(e.currentTarget.dataset.key) as TimeField;
    const part = String(e.currentTarget.dataset.part) as 'dates' | 'times';
    const form = this.data.form;
    this.setForm({ ...form, [part]: { ...form[part], [key]: String(e.detail.value) } });
  },
  async onSubmit() {
    if (this.data.submitting) return;
    this.setData({ submitAttempted: true });
    const form = this.data.form;
    const errors = errorsOf(form, this.data.organisers.length > 0);
    this.setData({ errors });
    if (Object.keys(errors).length) {
      wx.showToast({ title: TEXT.fixErrors, icon: 'none' });
      goToFirstError(this, ORDER, errors);
      return;
    }
    const at = (t: TimeField) => instant(form.dates[t], form.times[t]);
    const input = {
      ...(this.data.sessionId ? { sessionId: this.data.sessionId } : {}),
      organiserId: this.data.organisers[form.organiserIndex].organiserId,
      programmeId: this.data.programmes[form.programmeIndex]?.programmeId ?? null,
      title: form.title.trim(),
      syllabus: form.syllabus.trim(),
      format: form.format,
      ...(form.format === 'onsite' ? { venue: form.venue.trim() } : { liveUrl: form.liveUrl.trim() }),
      ...(form.cityIndex >= 0 ? { city: this.data.cities[form.cityIndex] } : {}),
      cluster: form.cluster.trim(),
      startAt: at('startAt'),
      endAt: at('endAt'),
      signupOpensAt: at('signupOpensAt'),
      signupClosesAt: at('signupClosesAt'),
      capacity: Number(form.capacity),
      perEnterpriseLimit: Number(form.perEnterpriseLimit),
      fee: form.fee,
    };
    this.setData({ submitting: true });
    try {
      await call('training', 'saveSession', input);
      wx.showToast({ title: TEXT.saved, icon: 'success' });
      wx.navigateBack({});
    } catch (error) {
      const fields = serverFieldErrors(error, (path) => ((ORDER as string[]).includes(path) ? path : undefined));
      if (Object.keys(fields).length) {
        this.setData({ errors: fields });
        wx.showToast({ title: error instanceof ApiError ? error.message : TEXT.fixErrors, icon: 'none' });
        goToFirstError(this, ORDER, fields);
      } else {
        toastError(error);
      }
    } finally {
      this.setData({ submitting: false });
    }
  },
});
