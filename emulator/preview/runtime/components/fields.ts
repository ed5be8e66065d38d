import { h } from '../dom';
import {
  adopt,
  defineBuiltin,
  instanceOf,
  ownerClass,
  reflect,
  str,
  styleWithRpx,
  writeModel,
  type Builtin,
} from './base';

/**
 * Form controls: input, textarea, checkbox(-group), radio(-group), switch, slider, form. Events
 * carry WeChat's `detail` (input: {value, cursor, keyCode}; checkbox-group: {value: string[]};
 * radio-group: {value}; switch: {value: boolean}); `form` submits `{value: {name: …}}` collected
 * from named fields.
 */

/** Characters each input type accepts (WeChat shows a matching keyboard). */
const INPUT_FILTERS: Record<string, RegExp> = {
  number: /[^0-9]/g,
  digit: /[^0-9.]/g,
  idcard: /[^0-9Xx]/g,
};

function defineTextField(name: 'input' | 'textarea'): void {
  defineBuiltin(name, {
    properties: {
      value: { type: null, value: '' },
      type: { type: String, value: 'text' },
      password: { type: Boolean, value: false },
      placeholder: { type: String, value: '' },
      placeholderStyle: { type: String, value: '' },
      placeholderClass: { type: String, value: name === 'input' ? 'input-placeholder' : 'textarea-placeholder' },
      disabled: { type: Boolean, value: false },
      maxlength: { type: Number, value: 140 },
      focus: { type: Boolean, value: false },
      autoFocus: { type: Boolean, value: false },
      autoHeight: { type: Boolean, value: false },
      confirmType: { type: String, value: name === 'input' ? 'done' : 'return' },
      confirmHold: { type: Boolean, value: false },
      name: { type: String, value: '' },
      ariaLabel: { type: String, value: '' },
    },
    init() {
      const el = adopt(this, document.createElement(name === 'input' ? 'input' : 'textarea'));
      el.className = `wxb-${name}__el`;
      const placeholder = adopt(this, h('span', { class: 'wxb-placeholder', 'aria-hidden': 'true' }));
      // A textarea's box is sized by CSS alone, never measured: a page built while hidden (or
      // before it is attached) measures 0 px. With auto-height an invisible copy of the text in
      // normal flow gives the host its height, growing from one line as WeChat's does.
      const sizer =
        name === 'textarea' ? adopt(this, h('span', { class: 'wxb-textarea__sizer', 'aria-hidden': 'true' })) : null;
      this.el = el;
      this.placeholderEl = placeholder;
      this.appliedValue = undefined;
      let keyCode = 0;
      let lineCount = 0;
      const updatePlaceholder = () => {
        placeholder.hidden = el.value !== '';
        // The trailing space keeps a final empty line (after Enter) in the height.
        if (sizer) sizer.textContent = `${el.value} `;
      };
      this.updatePlaceholder = updatePlaceholder;
      /** textarea bindlinechange: {height, heightRpx, lineCount} when the number of lines changes. */
      const reportLines = () => {
        if (!sizer) return;
        const height = (this.data.autoHeight ? sizer : el).getBoundingClientRect().height;
        const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || height;
        const lines = Math.max(1, Math.round((this.data.autoHeight ? height : el.scrollHeight) / lineHeight));
        if (lines === lineCount) return;
        lineCount = lines;
        const rpx = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--rpx')) || 0.5;
        this.triggerEvent('linechange', { height, heightRpx: Math.round(height / rpx), lineCount: lines });
      };
      el.addEventListener('keydown', (e) => {
        keyCode = (e as KeyboardEvent).keyCode;
        if ((e as KeyboardEvent).key !== 'Enter' || (e as KeyboardEvent).isComposing) return;
        // input: Enter confirms; textarea: Enter is a new line unless confirm-type names a key
        // (done, send, …), which then confirms instead.
        if (name === 'textarea' && str(this.data.confirmType) === 'return') return;
        e.preventDefault();
        this.triggerEvent('confirm', { value: el.value });
        if (!this.data.confirmHold) el.blur();
      });
      el.addEventListener('input', () => {
        const filter = INPUT_FILTERS[str(this.data.type)];
        if (filter && name === 'input') {
          const cleaned = el.value.replace(filter, '');
          if (cleaned !== el.value) el.value = cleaned;
        }
        updatePlaceholder();
        writeModel(this, 'value', el.value);
        this.triggerEvent('input', { value: el.value, cursor: el.selectionStart ?? el.value.length, keyCode });
        reportLines();
      });
      el.addEventListener('focus', () => this.triggerEvent('focus', { value: el.value, height: 0 }));
      el.addEventListener('blur', () => this.triggerEvent('blur', { value: el.value, cursor: el.selectionStart ?? 0 }));
      this.host.append(placeholder, ...(sizer ? [sizer] : []), el);
    },
    sync() {
      const el = this.el as HTMLInputElement | HTMLTextAreaElement;
      const placeholder = this.placeholderEl as HTMLElement;
      // Apply `value` only when the page changed it: typing must not be undone by unrelated updates.
      const value = str(this.data.value);
      if (value !== this.appliedValue) {
        this.appliedValue = value;
        if (el.value !== value) el.value = value;
      }
      if (el instanceof HTMLInputElement) {
        const type = str(this.data.type);
        el.type = this.data.password || type === 'safe-password' ? 'password' : 'text';
        el.inputMode = type === 'number' || type === 'idcard' ? 'numeric' : type === 'digit' ? 'decimal' : 'text';
        el.enterKeyHint =
          { send: 'send', search: 'search', next: 'next', go: 'go', done: 'done' }[str(this.data.confirmType)] ??
          'done';
      }
      const max = Number(this.data.maxlength);
      if (Number.isFinite(max) && max >= 0) el.maxLength = max;
      else el.removeAttribute('maxlength');
      el.disabled = Boolean(this.data.disabled);
      el.setAttribute('aria-label', str(this.data.ariaLabel) || str(this.data.placeholder) || str(this.data.name));
      placeholder.textContent = str(this.data.placeholder);
      placeholder.className = `wxb-placeholder ${ownerClass(this, str(this.data.placeholderClass))}`.trim();
      placeholder.setAttribute('style', styleWithRpx(str(this.data.placeholderStyle)));
      reflect(this.host, 'disabled', Boolean(this.data.disabled));
      reflect(this.host, 'auto-height', Boolean(this.data.autoHeight));
      (this.updatePlaceholder as () => void)();
      if (this.data.focus || this.data.autoFocus) setTimeout(() => el.focus(), 0);
    },
    methods: {
      __formValue(this: Builtin) {
        return (this.el as HTMLInputElement).value;
      },
      __formReset(this: Builtin) {
        (this.el as HTMLInputElement).value = '';
        (this.updatePlaceholder as () => void)();
      },
    },
  });
}

/** checkbox / radio: a tick box before the slot content. */
function defineChoice(name: 'checkbox' | 'radio'): void {
  defineBuiltin(name, {
    properties: {
      value: { type: null, value: '' },
      checked: { type: Boolean, value: false },
      disabled: { type: Boolean, value: false },
      color: { type: String, value: '#07c160' },
      ariaLabel: { type: String, value: '' },
    },
    init() {
      const icon = adopt(this, h('span', { class: `wxb-${name}__icon`, 'aria-hidden': 'true' }));
      this.icon = icon;
      this.host.prepend(icon);
      this.host.setAttribute('role', name);
      this.host.tabIndex = 0;
      this.host.addEventListener('keydown', (e) => {
        if (e.key === ' ' || e.key === 'Enter') {
          e.preventDefault();
          (this.__activate as () => void)();
        }
      });
    },
    sync() {
      reflect(this.host, 'checked', Boolean(this.data.checked));
      reflect(this.host, 'disabled', Boolean(this.data.disabled));
      this.host.setAttribute('aria-checked', this.data.checked ? 'true' : 'false');
      reflect(this.host, 'aria-label', str(this.data.ariaLabel));
      (this.icon as HTMLElement).style.color = str(this.data.color) || '#07c160';
    },
    tap() {
      (this.__activate as () => void)();
    },
    methods: {
      __activate(this: Builtin) {
        if (this.data.disabled) return;
        if (name === 'checkbox') {
          this.setData({ checked: !this.data.checked });
          const group = instanceOf(this.host, 'wx-checkbox-group');
          if (group) (group.__changed as () => void)();
          return;
        }
        if (this.data.checked) return;
        this.setData({ checked: true });
        const group = instanceOf(this.host, 'wx-radio-group');
        if (!group) return;
        for (const el of group.host.querySelectorAll('wx-radio')) {
          const other = instanceOf(el);
          if (other && other !== this && other.data.checked) other.setData({ checked: false });
        }
        (group.__changed as () => void)();
      },
    },
  });
}

function checkedValues(group: Builtin, tag: string): string[] {
  return [...group.host.querySelectorAll(tag)]
    .map((el) => instanceOf(el))
    .filter((inst): inst is Builtin => Boolean(inst?.data.checked))
    .map((inst) => str(inst.data.value));
}

export function registerFields(): void {
  defineTextField('input');
  defineTextField('textarea');
  defineChoice('checkbox');
  defineChoice('radio');

  defineBuiltin('checkbox-group', {
    properties: { name: { type: String, value: '' } },
    init() {
      this.host.setAttribute('role', 'group');
    },
    methods: {
      __changed(this: Builtin) {
        this.triggerEvent('change', { value: checkedValues(this, 'wx-checkbox') });
      },
      __formValue(this: Builtin) {
        return checkedValues(this, 'wx-checkbox');
      },
      __formReset(this: Builtin) {
        for (const el of this.host.querySelectorAll('wx-checkbox')) instanceOf(el)?.setData({ checked: false });
      },
    },
  });

  defineBuiltin('radio-group', {
    properties: { name: { type: String, value: '' } },
    init() {
      this.host.setAttribute('role', 'radiogroup');
    },
    methods: {
      __changed(this: Builtin) {
        this.triggerEvent('change', { value: checkedValues(this, 'wx-radio')[0] ?? '' });
      },
      __formValue(this: Builtin) {
        return checkedValues(this, 'wx-radio')[0] ?? '';
      },
      __formReset(this: Builtin) {
        for (const el of this.host.querySelectorAll('wx-radio')) instanceOf(el)?.setData({ checked: false });
      },
    },
  });

  defineBuiltin('switch', {
    properties: {
      checked: { type: Boolean, value: false },
      disabled: { type: Boolean, value: false },
      type: { type: String, value: 'switch' },
      color: { type: String, value: '#07c160' },
      name: { type: String, value: '' },
      ariaLabel: { type: String, value: '' },
    },
    init() {
      const track = adopt(
        this,
        h('span', { class: 'wxb-switch__track', 'aria-hidden': 'true' }, h('span', { class: 'wxb-switch__knob' })),
      );
      this.track = track;
      this.host.append(track);
      this.host.setAttribute('role', 'switch');
      this.host.tabIndex = 0;
      this.host.addEventListener('keydown', (e) => {
        if (e.key === ' ' || e.key === 'Enter') {
          e.preventDefault();
          (this.__activate as () => void)();
        }
      });
    },
    sync() {
      reflect(this.host, 'checked', Boolean(this.data.checked));
      reflect(this.host, 'disabled', Boolean(this.data.disabled));
      reflect(this.host, 'type', str(this.data.type));
      reflect(this.host, 'aria-label', str(this.data.ariaLabel));
      this.host.setAttribute('aria-checked', this.data.checked ? 'true' : 'false');
      (this.track as HTMLElement).style.setProperty('--wxb-switch-color', str(this.data.color) || '#07c160');
    },
    tap() {
      (this.__activate as () => void)();
    },
    methods: {
      __activate(this: Builtin) {
        if (this.data.disabled) return;
        const checked = !this.data.checked;
        this.setData({ checked });
        writeModel(this, 'checked', checked);
        this.triggerEvent('change', { value: checked });
      },
      __formValue(this: Builtin) {
        return Boolean(this.data.checked);
      },
      __formReset(this: Builtin) {
        this.setData({ checked: false });
      },
    },
  });

  defineBuiltin('slider', {
    properties: {
      min: { type: Number, value: 0 },
      max: { type: Number, value: 100 },
      step: { type: Number, value: 1 },
      value: { type: Number, value: 0 },
      disabled: { type: Boolean, value: false },
      showValue: { type: Boolean, value: false },
      activeColor: { type: String, value: '#07c160' },
      name: { type: String, value: '' },
    },
    init() {
      const input = adopt(this, h('input', { class: 'wxb-slider__el', type: 'range' }));
      const label = h('span', { class: 'wxb-slider__value' });
      input.addEventListener('input', () => {
        label.textContent = input.value;
        this.triggerEvent('changing', { value: Number(input.value) });
      });
      input.addEventListener('change', () => {
        writeModel(this, 'value', Number(input.value));
        this.triggerEvent('change', { value: Number(input.value) });
      });
      this.input = input;
      this.label = label;
      this.host.append(input, label);
    },
    sync() {
      const input = this.input as HTMLInputElement;
      input.min = str(this.data.min);
      input.max = str(this.data.max);
      input.step = str(this.data.step);
      input.value = str(this.data.value);
      input.disabled = Boolean(this.data.disabled);
      input.style.accentColor = str(this.data.activeColor);
      (this.label as HTMLElement).textContent = this.data.showValue ? input.value : '';
    },
    methods: {
      __formValue(this: Builtin) {
        return Number((this.input as HTMLInputElement).value);
      },
      __formReset(this: Builtin) {
        (this.input as HTMLInputElement).value = str(this.data.min);
      },
    },
  });

  defineBuiltin('form', {
    properties: { reportSubmit: { type: Boolean, value: false }, reportSubmitTimeout: { type: Number, value: 0 } },
    methods: {
      __fields(this: Builtin) {
        const fields: { name: string; inst: Builtin }[] = [];
        for (const el of this.host.querySelectorAll('*')) {
          const inst = instanceOf(el);
          if (!inst) continue;
          const name = str(inst.data.name);
          const builtinField = typeof inst.__formValue === 'function';
          // Custom components with behaviors: ['wx://form-field'] expose name + value.
          const customField = !builtinField && el.tagName.toLowerCase().startsWith('wxc-') && 'value' in inst.data;
          if (name && (builtinField || customField)) fields.push({ name, inst });
        }
        return fields;
      },
      __submit(this: Builtin) {
        const value: Record<string, unknown> = {};
        for (const { name, inst } of (this.__fields as () => { name: string; inst: Builtin }[])()) {
          value[name] =
            typeof inst.__formValue === 'function' ? (inst.__formValue as () => unknown)() : inst.data.value;
        }
        this.triggerEvent('submit', { value, formId: this.data.reportSubmit ? `sim-form-${Date.now()}` : '' });
      },
      __reset(this: Builtin) {
        for (const { inst } of (this.__fields as () => { name: string; inst: Builtin }[])()) {
          if (typeof inst.__formReset === 'function') (inst.__formReset as () => void)();
        }
        this.triggerEvent('reset', {});
      },
    },
  });
}
