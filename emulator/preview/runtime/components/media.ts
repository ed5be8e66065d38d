import { normalizePath } from '../../shared';
import { fileUrl } from '../cloud';
import { h } from '../dom';
import { asWxCanvas } from '../canvas';
import { adopt, defineBuiltin, ownerPath, reflect, str, type Builtin } from './base';

/** image (and cover-image), video, canvas. */

/** Where the browser finds an image path written in a page: cloud fileIDs, package files, URLs. */
export function resolveImageSrc(inst: Builtin, src: string): string {
  if (!src) return '';
  if (/^cloud:\/\//.test(src)) return fileUrl(src);
  if (/^(https?:|data:|blob:|\/\/)/.test(src)) return src;
  if (src.startsWith('/')) return `/preview/mp/${normalizePath(src)}`;
  const base = ownerPath(inst).split('/').slice(0, -1).join('/');
  return `/preview/mp/${normalizePath(`${base}/${src}`)}`;
}

const OBJECT_FIT: Record<string, [fit: string, position: string]> = {
  scaleToFill: ['fill', 'center'],
  aspectFit: ['contain', 'center'],
  aspectFill: ['cover', 'center'],
  widthFix: ['fill', 'center'],
  heightFix: ['fill', 'center'],
  top: ['none', 'top'],
  bottom: ['none', 'bottom'],
  center: ['none', 'center'],
  left: ['none', 'left'],
  right: ['none', 'right'],
  'top left': ['none', 'top left'],
  'top right': ['none', 'top right'],
  'bottom left': ['none', 'bottom left'],
  'bottom right': ['none', 'bottom right'],
};

function defineImage(name: string): void {
  defineBuiltin(name, {
    properties: {
      src: { type: String, value: '' },
      mode: { type: String, value: 'scaleToFill' },
      lazyLoad: { type: Boolean, value: false },
      fadeIn: { type: Boolean, value: false },
      webp: { type: Boolean, value: false },
      showMenuByLongpress: { type: Boolean, value: false },
      ariaLabel: { type: String, value: '' },
    },
    init() {
      const img = adopt(this, h('img', { class: 'wxb-image__img', alt: '', draggable: 'false' }));
      img.addEventListener('load', () => {
        this.triggerEvent('load', { width: img.naturalWidth, height: img.naturalHeight });
      });
      img.addEventListener('error', () => {
        if (img.getAttribute('src')) this.triggerEvent('error', { errMsg: `GET ${img.src} 404 (Not Found)` });
      });
      this.img = img;
      this.host.append(img);
    },
    sync() {
      const img = this.img as HTMLImageElement;
      const mode = str(this.data.mode) || 'scaleToFill';
      const [fit, position] = OBJECT_FIT[mode] ?? OBJECT_FIT.scaleToFill;
      reflect(this.host, 'mode', mode);
      img.style.objectFit = fit;
      img.style.objectPosition = position;
      const src = resolveImageSrc(this, str(this.data.src));
      if (src) {
        if (img.getAttribute('src') !== src) img.src = src;
      } else img.removeAttribute('src');
      const label = str(this.data.ariaLabel);
      img.alt = label;
      reflect(this.host, 'role', label ? 'img' : '');
      reflect(this.host, 'aria-label', label);
    },
  });
}

export function registerMedia(): void {
  defineImage('image');
  defineImage('cover-image');

  defineBuiltin('video', {
    properties: {
      src: { type: String, value: '' },
      controls: { type: Boolean, value: true },
      autoplay: { type: Boolean, value: false },
      loop: { type: Boolean, value: false },
      muted: { type: Boolean, value: false },
      poster: { type: String, value: '' },
      objectFit: { type: String, value: 'contain' },
    },
    init() {
      const video = adopt(this, h('video', { class: 'wxb-video__el', playsinline: true }));
      for (const type of ['play', 'pause', 'ended']) video.addEventListener(type, () => this.triggerEvent(type, {}));
      this.video = video;
      this.host.append(video);
    },
    sync() {
      const video = this.video as HTMLVideoElement;
      const src = resolveImageSrc(this, str(this.data.src));
      if (video.getAttribute('src') !== src) video.src = src;
      video.controls = Boolean(this.data.controls);
      video.loop = Boolean(this.data.loop);
      video.muted = Boolean(this.data.muted);
      video.autoplay = Boolean(this.data.autoplay);
      video.poster = resolveImageSrc(this, str(this.data.poster));
      video.style.objectFit =
        str(this.data.objectFit) === 'fill' ? 'fill' : str(this.data.objectFit) === 'cover' ? 'cover' : 'contain';
    },
  });

  defineBuiltin('canvas', {
    properties: { type: { type: String, value: '' }, canvasId: { type: String, value: '' } },
    init() {
      const canvas = asWxCanvas(adopt(this, h('canvas', { class: 'wxb-canvas__el' })));
      this.host.append(canvas);
      // A 2d / webgl canvas keeps the drawing-buffer size the page sets (width × pixel ratio), as in
      // WeChat; only the legacy canvas (canvas-id) follows its element's size.
      new ResizeObserver(() => {
        if (str(this.data.type)) return;
        canvas.width = this.host.clientWidth;
        canvas.height = this.host.clientHeight;
      }).observe(this.host);
    },
  });
}
