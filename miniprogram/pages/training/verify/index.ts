import type { CertificateCheckView } from '../../../../typings/api';
import { definePage } from '../../../definitions/index';
import { call, toastError } from '../../../services/api';
import { fill } from '../../../utils/format';
import { sessionTimeParts } from '../../../utils/training';

const TEXT = {
  title: '培训证书查验',
  intro: '输入结业证明上的证书编号（ZS 开头），查验证书是否真实有效。',
  placeholder: '如 ZS-7K3M-9QXA-2BCD',
  label: '证书编号',
  check: '查验',
  checking: '正在查验…',
  empty: '请输入证书编号',
  valid: '证书有效',
  invalid: '未查到该证书',
  holder: '持证人',
  enterprise: '所在企业',
  session: '培训课程',
  organiser: '主办单位',
  time: '培训时间',
  hours: '学时',
  hoursValue: '{n} 学时',
};

interface Result {
  valid: boolean;
  code: string;
  reason: string;
  rows: { key: string; label: string; value: string; from: string; to: string }[];
}

function resultOf(view: CertificateCheckView): Result {
  if (!view.valid) return { valid: false, code: view.code, reason: view.reason, rows: [] };
  const rows = [
    { key: 'holder', label: TEXT.holder, value: view.holderName },
    { key: 'enterprise', label: TEXT.enterprise, value: view.enterpriseName ?? '' },
    { key: 'session', label: TEXT.session, value: view.sessionTitle },
    { key: 'organiser', label: TEXT.organiser, value: view.organiserName },
    { key: 'time', label: TEXT.time, value: '-', ...sessionTimeParts(view.startAt, view.endAt) },
    { key: 'hours', label: TEXT.hours, value: fill(TEXT.hoursValue, { n: view.hours }) },
  ]
    .filter((r) => r.value)
    .map((r) => ({ from: '', to: '', ...r, label: `${r.label}：` }));
  return { valid: true, code: view.code, reason: '', rows };
}

/** Anyone checks a training certificate by its code (typed, or opened with ?code=). */
definePage({
  data: { text: TEXT, code: '', checking: false, result: null as Result | null, error: '' },
  onLoad(query: Record<string, string | undefined>) {
    if (query.code) {
      this.setData({ code: decodeURIComponent(query.code) });
      this.onCheck();
    }
  },
  onInput(e: WechatMiniprogram.Input) {
    this.setData({ code: e.detail.value, error: '' });
  },
  async onCheck() {
    const code = this.data.code.trim();
    if (!code) {
      this.setData({ error: TEXT.empty });
      return;
    }
    if (this.data.checking) return;
    this.setData({ checking: true, result: null });
    try {
      this.setData({ result: resultOf(await call('training', 'verifyCertificate', { code })) });
    } catch (error) {
      toastError(error);
    } finally {
      this.setData({ checking: false });
    }
  },
});
