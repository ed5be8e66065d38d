/**
 * WeChat's privacy authorisation (小程序隐私保护指引): the first time a page uses an API that
 * collects personal data (phone number button, photo picker), WeChat pauses it and fires
 * onNeedPrivacyAuthorization. The listener is global and last-registered-wins, so it is installed
 * once here and forwarded to the privacy popup of the page being shown (components/privacy-popup).
 */
type Resolve = (option: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;
type Listener = (resolve: Resolve, eventInfo?: { referrer?: string }) => void;

/** What a privacy popup does when a paused API needs the user's answer. */
export interface PrivacyPrompt {
  show(referrer: string): void;
}

let installed = false;
/** Resolvers of paused APIs: several can wait at once (e.g. two taps), all get the one answer. */
let waiting: Resolve[] = [];
const prompts: PrivacyPrompt[] = [];

function install(): void {
  if (installed || typeof wx.onNeedPrivacyAuthorization !== 'function') return;
  installed = true;
  // miniprogram-api-typings declares the listener as (res) => void; the documented one is (resolve, eventInfo).
  const onNeed = wx.onNeedPrivacyAuthorization as unknown as (listener: Listener) => void;
  onNeed((resolve, eventInfo) => {
    const prompt = prompts[prompts.length - 1];
    if (!prompt) {
      // No popup on this page: the API fails rather than wait for an answer no one can give.
      resolve({ event: 'disagree' });
      return;
    }
    waiting.push(resolve);
    // Tells WeChat the popup is on screen (allowed before the answer).
    resolve({ event: 'exposureAuthorization' });
    if (waiting.length === 1) prompt.show(eventInfo?.referrer ?? '');
  });
}

/** A popup registers while its page is shown; the most recent registration gets the prompts. */
export function registerPrompt(prompt: PrivacyPrompt): () => void {
  install();
  const index = prompts.indexOf(prompt);
  if (index >= 0) prompts.splice(index, 1);
  prompts.push(prompt);
  return () => {
    const at = prompts.indexOf(prompt);
    if (at >= 0) prompts.splice(at, 1);
  };
}

/** The user's answer, from the popup's buttons. `buttonId` is the agree button's id (WeChat checks it was tapped). */
export function answer(agreed: boolean, buttonId: string): void {
  const resolvers = waiting;
  waiting = [];
  for (const resolve of resolvers) resolve(agreed ? { buttonId, event: 'agree' } : { event: 'disagree' });
}

/** Whether the user still has to agree (false when the API is missing: old clients need no consent flow). */
export function needsAuthorization(): Promise<boolean> {
  return new Promise((resolve) => {
    if (typeof wx.getPrivacySetting !== 'function') return resolve(false);
    wx.getPrivacySetting({
      success: (res) => resolve(res.needAuthorization),
      fail: () => resolve(false),
    });
  });
}
