import { defineComponent } from '../../definitions/index';
import { countdownParts, formatCountdown } from '../../utils/time';

const TEXT = { ended: '已截止' };

/** Interval ids per instance (kept off `data`: they are not rendered). */
const timers = new WeakMap<object, number>();

/**
 * Time left until `until` (an ISO instant), refreshed every second while the page is shown; fires
 * `end` once when it reaches zero.
 */
defineComponent({
  properties: {
    until: { type: String, value: '' },
    prefix: { type: String, value: '' },
  },
  data: { label: '', ended: false, text: TEXT },
  observers: {
    until() {
      this.setData({ ended: false });
      this.restart();
    },
  },
  lifetimes: {
    attached() {
      this.restart();
    },
    detached() {
      this.stop();
    },
  },
  pageLifetimes: {
    show() {
      this.restart();
    },
    hide() {
      this.stop();
    },
  },
  methods: {
    restart() {
      this.stop();
      if (!this.tick()) return;
      timers.set(this, setInterval(() => this.tick(), 1000) as unknown as number);
    },
    stop() {
      const timer = timers.get(this);
      if (timer !== undefined) clearInterval(timer);
      timers.delete(this);
    },
    /** Updates the label; false once the deadline has passed (and the timer is stopped). */
    tick(): boolean {
      const until = Date.parse(this.data.until);
      if (!Number.isFinite(until)) {
        this.setData({ label: '' });
        return false;
      }
      const parts = countdownParts(until, Date.now());
      if (parts.totalMs > 0) {
        this.setData({ label: formatCountdown(parts) });
        return true;
      }
      this.stop();
      if (!this.data.ended) {
        this.setData({ ended: true, label: TEXT.ended });
        this.triggerEvent('end');
      }
      return false;
    },
  },
});
