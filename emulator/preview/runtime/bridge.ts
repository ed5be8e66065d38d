/**
 * Mouse → touch. j-component (like WeChat) derives `tap` and `longpress` from touch events, so a
 * mouse press inside a page is replayed as touchstart / touchmove / touchend on the nearest
 * element rendered by exparser. Real touches (a phone, or DevTools touch emulation) are left
 * alone, and the compatibility mouse events that follow them are ignored.
 */

let lastRealTouch = 0;
let pressed: { target: HTMLElement } | null = null;
let beforePress: () => void = () => undefined;

function wxTarget(node: EventTarget | null, within: HTMLElement): HTMLElement | null {
  let el = node instanceof Element ? (node as HTMLElement) : null;
  while (el && within.contains(el)) {
    if (el.__wxElement) return el;
    el = el.parentElement;
  }
  return null;
}

function dispatch(type: string, target: HTMLElement, x: number, y: number): void {
  const touch = new Touch({
    identifier: 1,
    target,
    clientX: x,
    clientY: y,
    pageX: x + window.scrollX,
    pageY: y + window.scrollY,
  });
  const ended = type === 'touchend' || type === 'touchcancel';
  target.dispatchEvent(
    new TouchEvent(type, {
      bubbles: true,
      cancelable: true,
      composed: true,
      touches: ended ? [] : [touch],
      targetTouches: ended ? [] : [touch],
      changedTouches: [touch],
    }),
  );
}

/**
 * `onPress` runs before each replayed touchstart. j-component ignores a tap that starts within
 * 150 ms of a scroll (a finger stopping a fling); a mouse click has no fling, and a scroll just
 * before it (wheel, or a test scrolling the target into view) must not swallow the tap.
 */
export function installTouchBridge(pages: HTMLElement, onPress: () => void = () => undefined): void {
  beforePress = onPress;
  document.addEventListener(
    'touchstart',
    (e) => {
      if (e.isTrusted) lastRealTouch = Date.now();
    },
    { capture: true, passive: true },
  );
  document.addEventListener(
    'mousedown',
    (e) => {
      if (e.button !== 0 || Date.now() - lastRealTouch < 1000) return;
      const target = wxTarget(e.target, pages);
      if (!target) return;
      pressed = { target };
      beforePress();
      dispatch('touchstart', target, e.clientX, e.clientY);
    },
    true,
  );
  document.addEventListener(
    'mousemove',
    (e) => {
      if (pressed && e.buttons & 1) dispatch('touchmove', pressed.target, e.clientX, e.clientY);
    },
    true,
  );
  const release = (type: 'touchend' | 'touchcancel') => (e: MouseEvent) => {
    if (!pressed) return;
    const { target } = pressed;
    pressed = null;
    dispatch(type, target, e.clientX, e.clientY);
  };
  document.addEventListener('mouseup', release('touchend'), true);
  window.addEventListener('blur', () => {
    if (pressed) dispatch('touchcancel', pressed.target, 0, 0);
    pressed = null;
  });
}

/** A tap on `el` (keyboard activation of buttons). */
export function synthesizeTap(el: HTMLElement): void {
  const rect = el.getBoundingClientRect();
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  beforePress();
  dispatch('touchstart', el, x, y);
  dispatch('touchend', el, x, y);
}
