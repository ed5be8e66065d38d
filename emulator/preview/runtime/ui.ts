import { h, ICONS, overlay } from './dom';

/**
 * WeUI-style system UI inside the phone screen: toast, loading, modal, action sheet, the picker's
 * bottom sheet and the image previewer. Everything answers with promises; wx.* wraps them.
 */

let toastEl: HTMLElement | undefined;
let toastTimer: ReturnType<typeof setTimeout> | undefined;

export interface ToastOptions {
  title: string;
  icon?: 'success' | 'error' | 'loading' | 'none' | string;
  image?: string;
  duration?: number;
  mask?: boolean;
}

export function showToast(options: ToastOptions, kind: 'toast' | 'loading' = 'toast'): void {
  hideToast();
  const icon = kind === 'loading' ? 'loading' : (options.icon ?? 'success');
  const textOnly = icon === 'none' && !options.image;
  let iconEl: HTMLElement | null = null;
  if (options.image) iconEl = h('img', { class: 'wxp-toast__image', src: options.image, alt: '' });
  else if (icon === 'loading') iconEl = h('span', { class: 'wxp-spinner wxp-toast__spinner' });
  else if (icon === 'success' || icon === 'error') iconEl = h('span', { class: 'wxp-toast__icon', html: ICONS[icon] });
  const box = h(
    'div',
    { class: textOnly ? 'wxp-toast wxp-toast--text' : 'wxp-toast', role: 'alert', 'data-kind': kind },
    iconEl,
    h('div', { class: 'wxp-toast__title', text: options.title }),
  );
  toastEl = h('div', { class: options.mask ? 'wxp-toast-layer wxp-toast-layer--mask' : 'wxp-toast-layer' }, box);
  overlay().append(toastEl);
  if (kind === 'toast') toastTimer = setTimeout(hideToast, options.duration ?? 1500);
}

export function hideToast(): void {
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = undefined;
  toastEl?.remove();
  toastEl = undefined;
}

export function isLoadingShown(): boolean {
  return toastEl?.querySelector('[data-kind="loading"]') !== null && toastEl !== undefined;
}

export interface ModalOptions {
  title?: string;
  content?: string;
  showCancel?: boolean;
  cancelText?: string;
  cancelColor?: string;
  confirmText?: string;
  confirmColor?: string;
  editable?: boolean;
  placeholderText?: string;
  /** Preview-only: input type of an editable modal. */
  inputType?: string;
}

export interface ModalResult {
  confirm: boolean;
  cancel: boolean;
  content?: string;
}

export function showModal(options: ModalOptions): Promise<ModalResult> {
  return new Promise((resolve) => {
    const input = options.editable
      ? h('input', {
          class: 'wxp-dialog__input',
          type: options.inputType ?? 'text',
          placeholder: options.placeholderText ?? '',
          'aria-label': options.title || options.placeholderText || '输入',
        })
      : null;
    if (input) input.value = options.content ?? '';
    const close = (confirm: boolean) => {
      layer.remove();
      resolve({ confirm, cancel: !confirm, ...(input ? { content: input.value } : {}) });
    };
    const buttons = h(
      'div',
      { class: 'wxp-dialog__ft' },
      options.showCancel === false
        ? null
        : h('button', {
            class: 'wxp-dialog__btn wxp-dialog__btn--default',
            style: options.cancelColor ? `color:${options.cancelColor}` : undefined,
            text: options.cancelText || '取消',
            onclick: () => close(false),
          }),
      h('button', {
        class: 'wxp-dialog__btn wxp-dialog__btn--primary',
        style: options.confirmColor ? `color:${options.confirmColor}` : undefined,
        text: options.confirmText || '确定',
        onclick: () => close(true),
      }),
    );
    const dialog = h(
      'div',
      { class: 'wxp-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': options.title || '提示' },
      options.title ? h('div', { class: 'wxp-dialog__hd', text: options.title }) : null,
      input
        ? h('div', { class: 'wxp-dialog__bd' }, input)
        : options.content
          ? h('div', { class: 'wxp-dialog__bd', text: options.content })
          : null,
      buttons,
    );
    const layer = h('div', { class: 'wxp-mask-layer' }, dialog);
    if (input) {
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') close(true);
      });
    }
    overlay().append(layer);
    input?.focus();
  });
}

export interface ActionSheetOptions {
  itemList: string[];
  itemColor?: string;
  alertText?: string;
}

/** Resolves with the tapped index, or -1 when cancelled. */
export function showActionSheet(options: ActionSheetOptions): Promise<number> {
  return new Promise((resolve) => {
    const close = (index: number) => {
      layer.remove();
      resolve(index);
    };
    const sheet = h(
      'div',
      { class: 'wxp-actionsheet', role: 'dialog', 'aria-label': options.alertText || '操作菜单' },
      options.alertText ? h('div', { class: 'wxp-actionsheet__title', text: options.alertText }) : null,
      h(
        'div',
        { class: 'wxp-actionsheet__menu' },
        options.itemList.map((item, index) =>
          h('button', {
            class: 'wxp-actionsheet__cell',
            style: options.itemColor ? `color:${options.itemColor}` : undefined,
            text: item,
            onclick: () => close(index),
          }),
        ),
      ),
      h(
        'div',
        { class: 'wxp-actionsheet__action' },
        h('button', { class: 'wxp-actionsheet__cell', text: '取消', onclick: () => close(-1) }),
      ),
    );
    const layer = h('div', { class: 'wxp-mask-layer wxp-mask-layer--bottom' }, sheet);
    layer.addEventListener('click', (e) => {
      if (e.target === layer) close(-1);
    });
    overlay().append(layer);
  });
}

export interface PickerColumn {
  options: string[];
  selected: number;
}

export interface PickerSheetController {
  /** Replaces the columns while open (multiSelector pages change later columns on columnchange). */
  update(columns: PickerColumn[]): void;
  /** Resolves with the selected indexes, or null when cancelled. */
  result: Promise<number[] | null>;
}

/**
 * The bottom sheet every picker mode uses: one scrollable column per wheel, tap an option to
 * select it, then 确定. `onColumnChange` lets the caller recompute dependent columns.
 */
export function openPickerSheet(
  initial: PickerColumn[],
  onColumnChange?: (column: number, index: number, current: number[]) => PickerColumn[] | void,
  title?: string,
): PickerSheetController {
  let columns = initial.map((c) => ({ ...c, selected: clamp(c.selected, c.options.length) }));
  const body = h('div', { class: 'wxp-picker__bd' });
  let resolveResult: (value: number[] | null) => void = () => undefined;
  const result = new Promise<number[] | null>((resolve) => {
    resolveResult = resolve;
  });
  const close = (value: number[] | null) => {
    layer.remove();
    resolveResult(value);
  };

  const render = () => {
    body.replaceChildren(
      ...columns.map((column, columnIndex) => {
        const list = h(
          'div',
          { class: 'wxp-picker__column', role: 'listbox', 'aria-label': `第${columnIndex + 1}列` },
          column.options.map((label, index) =>
            h('div', {
              class: index === column.selected ? 'wxp-picker__item wxp-picker__item--selected' : 'wxp-picker__item',
              role: 'option',
              'aria-selected': index === column.selected ? 'true' : 'false',
              text: label,
              onclick: () => {
                columns[columnIndex].selected = index;
                const next = onColumnChange?.(
                  columnIndex,
                  index,
                  columns.map((c) => c.selected),
                );
                if (next) columns = next.map((c) => ({ ...c, selected: clamp(c.selected, c.options.length) }));
                render();
              },
            }),
          ),
        );
        return list;
      }),
    );
    // Keep each selection in view.
    requestAnimationFrame(() => {
      for (const el of body.querySelectorAll<HTMLElement>('.wxp-picker__item--selected')) {
        el.scrollIntoView({ block: 'center' });
      }
    });
  };

  const sheet = h(
    'div',
    { class: 'wxp-picker', role: 'dialog', 'aria-label': title || '选择器' },
    h(
      'div',
      { class: 'wxp-picker__hd' },
      h('button', { class: 'wxp-picker__action', text: '取消', onclick: () => close(null) }),
      h('div', { class: 'wxp-picker__title', text: title || '' }),
      h('button', {
        class: 'wxp-picker__action wxp-picker__action--primary',
        text: '确定',
        onclick: () => close(columns.map((c) => c.selected)),
      }),
    ),
    body,
  );
  const layer = h('div', { class: 'wxp-mask-layer wxp-mask-layer--bottom' }, sheet);
  layer.addEventListener('click', (e) => {
    if (e.target === layer) close(null);
  });
  overlay().append(layer);
  render();
  return {
    update(next) {
      columns = next.map((c) => ({ ...c, selected: clamp(c.selected, c.options.length) }));
      render();
    },
    result,
  };
}

function clamp(index: number, length: number): number {
  if (!Number.isFinite(index) || index < 0) return 0;
  return Math.min(Math.floor(index), Math.max(0, length - 1));
}

export function previewImages(urls: string[], current?: string): void {
  let index = Math.max(0, current ? urls.indexOf(current) : 0);
  const img = h('img', { class: 'wxp-gallery__img', alt: '图片预览' });
  const counter = h('div', { class: 'wxp-gallery__counter' });
  const show = () => {
    img.src = urls[index] ?? '';
    counter.textContent = urls.length > 1 ? `${index + 1}/${urls.length}` : '';
  };
  const step = (delta: number) => (e: Event) => {
    e.stopPropagation();
    index = (index + delta + urls.length) % urls.length;
    show();
  };
  const layer = h(
    'div',
    { class: 'wxp-gallery', role: 'dialog', 'aria-label': '图片预览（点击关闭）' },
    img,
    counter,
    urls.length > 1
      ? h('button', { class: 'wxp-gallery__prev', 'aria-label': '上一张', text: '‹', onclick: step(-1) })
      : null,
    urls.length > 1
      ? h('button', { class: 'wxp-gallery__next', 'aria-label': '下一张', text: '›', onclick: step(1) })
      : null,
  );
  layer.addEventListener('click', () => layer.remove());
  show();
  overlay().append(layer);
}
