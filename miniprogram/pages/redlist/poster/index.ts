import type { RedlistPosterView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call } from '../../../services/api';
import { fill } from '../../../utils/format';
import { decodeParam } from '../../../utils/nav';
import { formatChineseDate } from '../../../utils/time';
import { POSTER_HEIGHT, POSTER_WIDTH, drawPoster, type PosterContent } from './draw';

const TEXT = {
  loading: '正在生成红榜海报',
  failed: '海报生成失败',
  drawing: '正在绘制海报…',
  drawFailed: '海报绘制失败，请返回重试',
  intro: '保存到手机相册后，可以打印张贴或发给客户。客户用微信扫海报上的小程序码，即可查看贵企业红榜信息的最新状态。',
  save: '保存到相册',
  saving: '正在保存…',
  saved: '已保存到相册',
  saveFailed: '保存失败，请稍后重试',
  albumDeniedTitle: '无法保存到相册',
  albumDenied: '需要你允许“添加到相册”。请点“去设置”，打开“添加到相册”后再保存。',
  openSetting: '去设置',
  cancel: '取消',
  // On the poster
  title: '广东省产品质量红榜',
  subtitle: '连续多年产品质量监督抽查无不合格',
  yearsLine: '连续 {n} 年抽检无不合格',
  versionLine: '{version} 期红榜 · 评估日期 {date}',
  scanLine: '微信扫码 查看红榜最新信息',
  sourceLine: '依据各级市场监管部门依法公示的产品质量监督抽查结果评定',
  brand: '粤品通',
  alt: '红榜海报：{name}，{tier}，连续 {n} 年抽检无不合格，{version} 期红榜，附查看红榜信息的小程序码',
};

type CanvasNode = {
  width: number;
  height: number;
  getContext(kind: '2d'): unknown;
  createImage(): { src: string; onload: (() => void) | null; onerror: ((e: unknown) => void) | null };
};

function contentOf(p: RedlistPosterView): PosterContent {
  return {
    title: TEXT.title,
    subtitle: TEXT.subtitle,
    tierLabel: p.tierLabel,
    name: p.name,
    yearsLine: fill(TEXT.yearsLine, { n: p.years }),
    versionLine: fill(TEXT.versionLine, { version: p.version, date: formatChineseDate(p.asOf) }),
    scanLine: TEXT.scanLine,
    sourceLine: TEXT.sourceLine,
    brand: TEXT.brand,
  };
}

/** WeChat's answer when the user refused (now or before) to let the app add to the album. */
const isAlbumRefusal = (errMsg: string) => /auth|authorize|privacy/i.test(errMsg) && !/cancel/i.test(errMsg);

/**
 * A listed enterprise's badge poster (`?uscc=`): tier, clean years, list version and the mini-program
 * code that opens its entry, drawn on a canvas 2d and saved to the phone's album.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    emptyText: '',
    uscc: '',
    width: POSTER_WIDTH,
    height: POSTER_HEIGHT,
    drawn: false,
    drawError: false,
    saving: false,
    alt: '',
  },
  canvas: null as CanvasNode | null,
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ uscc: decodeParam(query.uscc) });
    this.load();
  },
  async load() {
    const poster = await this.runLoad(
      async () => {
        try {
          return await call('redlist', 'poster', { uscc: this.data.uscc });
        } catch (error) {
          if (error instanceof ApiError && error.code === 'NOT_FOUND') {
            this.setData({ emptyText: error.message });
            return null;
          }
          throw error;
        }
      },
      (p) => p === null,
    );
    if (!poster) return;
    this.setData({
      drawn: false,
      drawError: false,
      alt: fill(TEXT.alt, { name: poster.name, tier: poster.tierLabel, n: poster.years, version: poster.version }),
    });
    try {
      await this.draw(poster);
      this.setData({ drawn: true });
    } catch {
      // Said on the page, under the empty canvas (drawFailed); the save button stays disabled.
      this.setData({ drawError: true });
    }
  },
  /** The canvas node, sized for the screen's pixel ratio (WeChat's canvas 2d recipe). */
  canvasNode(): Promise<CanvasNode> {
    return new Promise((resolve, reject) => {
      wx.createSelectorQuery()
        .select('#poster')
        .fields({ node: true, size: true }, () => undefined)
        .exec((res: { node?: CanvasNode }[]) => {
          const node = res?.[0]?.node;
          if (node) resolve(node);
          else reject(new Error(TEXT.drawFailed));
        });
    });
  },
  async draw(poster: RedlistPosterView) {
    const canvas = await this.canvasNode();
    const ratio = wx.getWindowInfo().pixelRatio || 2;
    canvas.width = POSTER_WIDTH * ratio;
    canvas.height = POSTER_HEIGHT * ratio;
    const ctx = canvas.getContext('2d') as Parameters<typeof drawPoster>[0] & { scale(x: number, y: number): void };
    ctx.scale(ratio, ratio);
    // The code is a signed URL: downloaded first, as WeChat's canvas draws local files most reliably.
    const file = await new Promise<string>((resolve, reject) =>
      wx.downloadFile({
        url: poster.codeUrl,
        success: (res) => (res.statusCode === 200 ? resolve(res.tempFilePath) : reject(new Error(TEXT.drawFailed))),
        fail: reject,
      }),
    );
    const image = canvas.createImage();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error(TEXT.drawFailed));
      image.src = file;
    });
    drawPoster(ctx, contentOf(poster), image);
    this.canvas = canvas;
  },
  async onSave() {
    const canvas = this.canvas;
    if (!canvas || this.data.saving) return;
    this.setData({ saving: true });
    try {
      const { tempFilePath } = await new Promise<{ tempFilePath: string }>((resolve, reject) =>
        wx.canvasToTempFilePath({
          canvas: canvas as unknown as WechatMiniprogram.Canvas,
          fileType: 'png',
          success: resolve,
          fail: reject,
        }),
      );
      await new Promise((resolve, reject) =>
        wx.saveImageToPhotosAlbum({ filePath: tempFilePath, success: resolve, fail: reject }),
      );
      wx.showToast({ title: TEXT.saved, icon: 'success' });
    } catch (error) {
      const errMsg = String((error as { errMsg?: string })?.errMsg ?? '');
      if (isAlbumRefusal(errMsg)) this.askForAlbum();
      else if (!/cancel/i.test(errMsg)) wx.showToast({ title: TEXT.saveFailed, icon: 'none' });
    } finally {
      this.setData({ saving: false });
    }
  },
  askForAlbum() {
    wx.showModal({
      title: TEXT.albumDeniedTitle,
      content: TEXT.albumDenied,
      confirmText: TEXT.openSetting,
      cancelText: TEXT.cancel,
      success: (res) => {
        if (res.confirm) wx.openSetting({});
      },
    });
  },
});
