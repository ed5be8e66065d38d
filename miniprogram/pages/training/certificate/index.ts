import type { CertificateView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call } from '../../../services/api';
import { fill } from '../../../utils/format';
import { sessionTimeParts, sessionTimeText } from '../../../utils/training';

const TEXT = {
  loading: '正在加载结业证明',
  failed: '结业证明加载失败',
  heading: '结业证明',
  bodyBefore: '{holder}{enterprise}参加了{organiser}主办的“{title}”培训（{format}，',
  bodyAfter: '，共 {hours} 学时），特此证明。',
  enterprise: '（{name}）',
  programme: '所属计划：{name}',
  code: '证书编号：{code}',
  codeLabel: '证书编号：',
  verifyHint: '可在粤品通小程序“培训证书查验”中输入证书编号查验。',
  save: '保存图片',
  saved: '已保存到相册',
  saveFailed: '保存失败，请截图保存',
  canvasLabel: '结业证明图片',
};

interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): CanvasRenderingContext2DLike;
}
interface CanvasRenderingContext2DLike {
  fillStyle: string;
  font: string;
  textAlign: string;
  scale(x: number, y: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  strokeStyle: string;
  lineWidth: number;
}

/** Lines of `text` that fit `width` (CJK wraps anywhere). */
function wrap(ctx: CanvasRenderingContext2DLike, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (ctx.measureText(line + ch).width > width && line) {
      lines.push(line);
      line = ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The holder's 结业证明: the same words as a card (always there) and drawn on a canvas the holder can save
 * to the album. A canvas that cannot draw (an old WeChat) loses nothing: the card stays.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    signupId: '',
    body: '',
    bodyBefore: '',
    bodyTime: { from: '', to: '' },
    bodyAfter: '',
    programme: '',
    codeText: '',
    code: '',
    drawn: false,
    saving: false,
  },
  canvas: null as CanvasNode | null,
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ signupId: query.signupId ?? '' });
    this.load();
  },
  async load() {
    const c = await this.runLoad(() => call('training', 'certificate', { signupId: this.data.signupId }));
    if (!c) return;
    const words = {
      holder: c.holderName,
      enterprise: c.enterpriseName ? fill(TEXT.enterprise, { name: c.enterpriseName }) : '',
      organiser: c.organiserName,
      title: c.sessionTitle,
      format: c.formatLabel,
      hours: c.hours,
    };
    const bodyBefore = fill(TEXT.bodyBefore, words);
    const bodyAfter = fill(TEXT.bodyAfter, words);
    this.setData({
      // The card shows the time unbroken (three parts); the canvas draws the sentence as one.
      body: `${bodyBefore}${sessionTimeText(c.startAt, c.endAt)}${bodyAfter}`,
      bodyBefore,
      bodyTime: sessionTimeParts(c.startAt, c.endAt),
      bodyAfter,
      programme: c.programmeName ? fill(TEXT.programme, { name: c.programmeName }) : '',
      codeText: fill(TEXT.code, { code: c.code }),
      code: c.code,
    });
    // After the canvas is in the page.
    wx.nextTick(() => this.draw(c));
  },
  draw(c: CertificateView) {
    try {
      this.query(c);
    } catch {
      // No canvas here (an old WeChat): the card above says the same.
    }
  },
  query(c: CertificateView) {
    wx.createSelectorQuery()
      .select('#certificate-canvas')
      .fields({ node: true, size: true }, () => undefined)
      .exec((res: ({ node?: CanvasNode; width?: number; height?: number } | null)[]) => {
        const found = res?.[0];
        if (!found?.node || !found.width || !found.height) return;
        try {
          const ratio = wx.getWindowInfo().pixelRatio || 2;
          const { width, height } = found as { width: number; height: number };
          found.node.width = Math.round(width * ratio);
          found.node.height = Math.round(height * ratio);
          const ctx = found.node.getContext('2d');
          ctx.scale(ratio, ratio);
          ctx.fillStyle = '#fffdf6';
          ctx.fillRect(0, 0, width, height);
          ctx.strokeStyle = '#b08d3c';
          ctx.lineWidth = 3;
          ctx.strokeRect(8, 8, width - 16, height - 16);
          ctx.fillStyle = '#8a1c1c';
          ctx.textAlign = 'center';
          ctx.font = `bold ${Math.round(width / 12)}px sans-serif`;
          ctx.fillText(TEXT.heading, width / 2, height * 0.17);
          ctx.fillStyle = '#222';
          ctx.textAlign = 'left';
          const size = Math.round(width / 24);
          ctx.font = `${size}px sans-serif`;
          let y = height * 0.3;
          for (const line of wrap(ctx, this.data.body, width - 56)) {
            ctx.fillText(line, 28, y);
            y += size * 1.6;
          }
          if (this.data.programme) {
            for (const line of wrap(ctx, this.data.programme, width - 56)) {
              ctx.fillText(line, 28, y);
              y += size * 1.6;
            }
          }
          ctx.font = `${Math.round(size * 0.85)}px sans-serif`;
          ctx.fillText(`${c.organiserName}`, 28, height - 28 - size * 2.4);
          ctx.fillText(this.data.codeText, 28, height - 28 - size * 1.2);
          ctx.fillText(TEXT.verifyHint, 28, height - 28);
          this.canvas = found.node;
          this.setData({ drawn: true });
        } catch {
          // The card above says the same.
        }
      });
  },
  onSave() {
    if (!this.canvas || this.data.saving) return;
    this.setData({ saving: true });
    const done = (ok: boolean) => {
      this.setData({ saving: false });
      wx.showToast({ title: ok ? TEXT.saved : TEXT.saveFailed, icon: ok ? 'success' : 'none' });
    };
    wx.canvasToTempFilePath({
      canvas: this.canvas as unknown as WechatMiniprogram.Canvas,
      success: (res) =>
        wx.saveImageToPhotosAlbum({ filePath: res.tempFilePath, success: () => done(true), fail: () => done(false) }),
      fail: () => done(false),
    });
  },
});
