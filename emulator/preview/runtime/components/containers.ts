import { h } from '../dom';
import { defineBuiltin, instanceOf, reflect, str, type Builtin } from './base';

/** scroll-view and swiper / swiper-item. */

export function registerContainers(): void {
  defineBuiltin('scroll-view', {
    properties: {
      scrollX: { type: Boolean, value: false },
      scrollY: { type: Boolean, value: false },
      upperThreshold: { type: null, value: 50 },
      lowerThreshold: { type: null, value: 50 },
      scrollTop: { type: null, value: '' },
      scrollLeft: { type: null, value: '' },
      scrollIntoView: { type: String, value: '' },
      scrollWithAnimation: { type: Boolean, value: false },
      enableFlex: { type: Boolean, value: false },
      showScrollbar: { type: Boolean, value: true },
      refresherEnabled: { type: Boolean, value: false },
      refresherTriggered: { type: Boolean, value: false },
      enhanced: { type: Boolean, value: false },
    },
    init() {
      const host = this.host;
      let lastTop = 0;
      let lastLeft = 0;
      let atUpper = true;
      let atLower = false;
      host.addEventListener(
        'scroll',
        () => {
          const detail = {
            scrollTop: host.scrollTop,
            scrollLeft: host.scrollLeft,
            scrollHeight: host.scrollHeight,
            scrollWidth: host.scrollWidth,
            deltaX: host.scrollLeft - lastLeft,
            deltaY: host.scrollTop - lastTop,
          };
          lastTop = host.scrollTop;
          lastLeft = host.scrollLeft;
          this.triggerEvent('scroll', detail);
          const horizontal = Boolean(this.data.scrollX) && !this.data.scrollY;
          const pos = horizontal ? host.scrollLeft : host.scrollTop;
          const max = horizontal ? host.scrollWidth - host.clientWidth : host.scrollHeight - host.clientHeight;
          const upper = pos <= Number(this.data.upperThreshold);
          const lower = max - pos <= Number(this.data.lowerThreshold);
          if (upper && !atUpper) this.triggerEvent('scrolltoupper', { direction: horizontal ? 'left' : 'top' });
          if (lower && !atLower) this.triggerEvent('scrolltolower', { direction: horizontal ? 'right' : 'bottom' });
          atUpper = upper;
          atLower = lower;
        },
        { passive: true },
      );
      // refresher: a wheel pull at the top starts it; the page ends it with refresher-triggered=false.
      let pulled = 0;
      host.addEventListener(
        'wheel',
        (event) => {
          if (!this.data.refresherEnabled || host.scrollTop > 0 || event.deltaY >= 0 || this.refreshing) return;
          pulled -= event.deltaY;
          if (pulled > 150) {
            pulled = 0;
            this.refreshing = true;
            reflect(host, 'refreshing', true);
            this.triggerEvent('refresherrefresh', {});
          }
        },
        { passive: true },
      );
    },
    sync() {
      const host = this.host;
      reflect(host, 'scroll-x', Boolean(this.data.scrollX));
      reflect(host, 'scroll-y', Boolean(this.data.scrollY));
      reflect(host, 'enable-flex', Boolean(this.data.enableFlex));
      reflect(host, 'hide-scrollbar', !this.data.showScrollbar);
      if (this.refreshing && !this.data.refresherTriggered) {
        this.refreshing = false;
        reflect(host, 'refreshing', false);
      } else if (this.data.refresherTriggered && !this.refreshing) {
        this.refreshing = true;
        reflect(host, 'refreshing', true);
      }
      const behavior: ScrollBehavior = this.data.scrollWithAnimation ? 'smooth' : 'auto';
      const apply = () => {
        const top = this.data.scrollTop;
        const left = this.data.scrollLeft;
        if (top !== '' && top !== null && top !== undefined && top !== this.appliedTop) {
          this.appliedTop = top;
          host.scrollTo({ top: Number(top), behavior });
        }
        if (left !== '' && left !== null && left !== undefined && left !== this.appliedLeft) {
          this.appliedLeft = left;
          host.scrollTo({ left: Number(left), behavior });
        }
        const into = str(this.data.scrollIntoView);
        if (into && into !== this.appliedInto) {
          this.appliedInto = into;
          const target = host.querySelector(`#${CSS.escape(into)}`);
          if (target) {
            const hostRect = host.getBoundingClientRect();
            const rect = target.getBoundingClientRect();
            host.scrollTo({
              top: host.scrollTop + rect.top - hostRect.top,
              left: host.scrollLeft + rect.left - hostRect.left,
              behavior,
            });
          }
        }
      };
      // After the children of this update have rendered.
      setTimeout(apply, 0);
    },
  });

  defineBuiltin('swiper-item', { properties: { itemId: { type: String, value: '' } } });

  defineBuiltin('swiper', {
    template: '<div class="wxb-swiper__track"><slot/></div>',
    properties: {
      indicatorDots: { type: Boolean, value: false },
      indicatorColor: { type: String, value: 'rgba(0, 0, 0, .3)' },
      indicatorActiveColor: { type: String, value: '#000000' },
      autoplay: { type: Boolean, value: false },
      current: { type: Number, value: 0 },
      interval: { type: Number, value: 5000 },
      duration: { type: Number, value: 500 },
      circular: { type: Boolean, value: false },
      vertical: { type: Boolean, value: false },
    },
    init() {
      this.index = 0;
      const dots = h('div', { class: 'wxb-swiper__dots', 'aria-hidden': 'true' });
      this.dots = dots;
      this.host.append(dots);
      // Drag with the mouse (or a finger) to change slides.
      let startX = 0;
      let startY = 0;
      let dragging = false;
      this.host.addEventListener('pointerdown', (e) => {
        startX = e.clientX;
        startY = e.clientY;
        dragging = true;
      });
      this.host.addEventListener('pointerup', (e) => {
        if (!dragging) return;
        dragging = false;
        const delta = this.data.vertical ? e.clientY - startY : e.clientX - startX;
        if (Math.abs(delta) > 40)
          (this.__go as (i: number, s: string) => void)((this.index as number) + (delta < 0 ? 1 : -1), 'touch');
      });
    },
    attached() {
      (this.__restartTimer as () => void)();
      setTimeout(() => (this.__render as () => void)(), 0);
    },
    detached() {
      if (this.timer) clearInterval(this.timer as ReturnType<typeof setInterval>);
    },
    sync() {
      const current = Number(this.data.current) || 0;
      if (current !== this.appliedCurrent) {
        this.appliedCurrent = current;
        this.index = current;
      }
      reflect(this.host, 'vertical', Boolean(this.data.vertical));
      (this.__restartTimer as () => void)();
      setTimeout(() => (this.__render as () => void)(), 0);
    },
    methods: {
      __count(this: Builtin) {
        return this.host.querySelectorAll(':scope > .wxb-swiper__track > wx-swiper-item').length;
      },
      __go(this: Builtin, target: number, source: string) {
        const count = (this.__count as () => number)();
        if (!count) return;
        let next = target;
        if (this.data.circular) next = (target + count) % count;
        else next = Math.max(0, Math.min(count - 1, target));
        if (next === this.index) return;
        this.index = next;
        (this.__render as () => void)();
        const item = this.host.querySelectorAll(':scope > .wxb-swiper__track > wx-swiper-item')[next] as
          HTMLElement | undefined;
        const itemId = str(instanceOf(item ?? null)?.data.itemId);
        this.triggerEvent('change', { current: next, currentItemId: itemId, source });
      },
      __render(this: Builtin) {
        const track = this.host.querySelector(':scope > .wxb-swiper__track') as HTMLElement | null;
        const count = (this.__count as () => number)();
        const index = Math.min(this.index as number, Math.max(0, count - 1));
        if (track) {
          track.style.transitionDuration = `${Number(this.data.duration) || 0}ms`;
          track.style.transform = this.data.vertical ? `translateY(-${index * 100}%)` : `translateX(-${index * 100}%)`;
        }
        const dots = this.dots as HTMLElement;
        dots.hidden = !this.data.indicatorDots;
        dots.replaceChildren(
          ...Array.from({ length: count }, (_, i) =>
            h('span', {
              class: 'wxb-swiper__dot',
              style: `background:${i === index ? str(this.data.indicatorActiveColor) : str(this.data.indicatorColor)}`,
            }),
          ),
        );
      },
      __restartTimer(this: Builtin) {
        if (this.timer) clearInterval(this.timer as ReturnType<typeof setInterval>);
        this.timer = undefined;
        if (!this.data.autoplay) return;
        this.timer = setInterval(
          () => {
            const count = (this.__count as () => number)();
            if (count > 1)
              (this.__go as (i: number, s: string) => void)(((this.index as number) + 1) % count, 'autoplay');
          },
          Number(this.data.interval) || 5000,
        );
      },
    },
  });
}
