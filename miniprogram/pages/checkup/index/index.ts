import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { loadProfile } from '../../../services/session';
import { answersProblem, type CheckupQuestionnaire } from '../../../shared/checkup';
import type { QuestionnaireView } from '../../../../typings/api';
import { randomId } from '../../../utils/cable';
import { DRAFT_TEXT, openDraft, type Draft } from '../../../utils/draft';
import { fill } from '../../../utils/format';
import { openPage, PAGES, withQuery } from '../../../utils/nav';
import { CHECKUP_PAGES } from '../routes';

const TEXT = {
  loading: '正在加载体检问卷',
  failed: '问卷加载失败',
  intro: '共 {n} 道题，分 {steps} 步，约 10 分钟。如实作答即可，得分只有本企业能看到。',
  forEnterprise: '体检企业：{name}',
  step: '第 {step} / {steps} 步 · {label}',
  answered: '已答 {done} / {total} 题',
  question: '{n}. {text}',
  prev: '上一步',
  next: '下一步',
  submit: '提交体检',
  submitting: '正在提交…',
  history: '查看历次体检',
  bind: '去绑定企业',
  stepIncomplete: '本步还有 {n} 道题未作答',
  changed: '问卷已更新，请核对标出的新题目后再提交',
  draftRestored: DRAFT_TEXT.restored,
  draftClear: DRAFT_TEXT.clear,
  draftCleared: DRAFT_TEXT.cleared,
  optionLabel: '{option}，{state}',
  progressLabel: '{step}，{answered}',
  selected: '已选',
  notSelected: '未选',
};

/** What the draft keeps: the answers, where the user was, and the request id (a retried submit stays one check-up). */
interface CheckupDraft {
  version: string;
  answers: Record<string, string>;
  step: number;
  clientRequestId: string;
}

/** A step's questions as the page shows them: numbered, each option marked chosen or not. */
function stepQuestions(view: QuestionnaireView, step: number, answers: Answers) {
  const offset = view.dimensions.slice(0, step).reduce((n, d) => n + d.questions.length, 0);
  return view.dimensions[step].questions.map((q, i) => ({
    code: q.code,
    title: fill(TEXT.question, { n: offset + i + 1, text: q.text }),
    hint: q.hint ?? '',
    options: q.options.map((o) => {
      const selected = answers[q.code] === o.code;
      return {
        code: o.code,
        label: o.label,
        selected,
        ariaLabel: fill(TEXT.optionLabel, { option: o.label, state: selected ? TEXT.selected : TEXT.notSelected }),
      };
    }),
  }));
}

/** Each open questionnaire's draft (not page data: it is no view state). */
const drafts = new WeakMap<object, Draft<CheckupDraft>>();

type Answers = Record<string, string>;

/** The questionnaire as the scoring rule takes it (the steps' questions in order). */
function asQuestionnaire(view: QuestionnaireView): CheckupQuestionnaire {
  return { version: view.version, title: view.title, questions: view.dimensions.flatMap((d) => d.questions) };
}

/** Answers that still fit the questionnaire (after a new version: same question code, same option code). */
function fitting(view: QuestionnaireView, answers: Answers): Answers {
  const out: Answers = {};
  for (const question of asQuestionnaire(view).questions) {
    const code = answers[question.code];
    if (code && question.options.some((o) => o.code === code)) out[question.code] = code;
  }
  return out;
}

/**
 * The check-up questionnaire: one dimension a step, with progress; answers kept on the device as a draft
 * (utils/draft) until the check-up is submitted; the result page opens after a submit. A new questionnaire
 * version met at submit (QUESTIONNAIRE_CHANGED) reloads it, keeping the answers that still fit.
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    questionnaire: null as QuestionnaireView | null,
    introText: '',
    enterpriseText: '',
    blockedReason: '',
    step: 0,
    stepText: '',
    questions: [] as ReturnType<typeof stepQuestions>,
    answers: {} as Answers,
    answeredText: '',
    progressLabel: '',
    progress: 0,
    isLast: false,
    clientRequestId: '',
    draftRestored: false,
    submitting: false,
  },
  onLoad() {
    this.setData({ clientRequestId: randomId('k') });
    this.load();
  },
  onHide() {
    drafts.get(this)?.flush();
  },
  onUnload() {
    drafts.get(this)?.flush();
  },
  async load() {
    const view = await this.runLoad(() => call('checkup', 'questionnaire', {}));
    if (!view) return;
    this.show(view, this.data.answers);
    if (!drafts.has(this)) {
      const profile = await loadProfile().catch(() => null);
      const draft = openDraft<CheckupDraft>('checkup', profile?.openid ?? '');
      drafts.set(this, draft);
      const saved = draft.load();
      if (saved && Object.keys(saved.answers ?? {}).length) {
        const answers = fitting(view, saved.answers);
        this.setData({ clientRequestId: saved.clientRequestId || this.data.clientRequestId, draftRestored: true });
        this.show(view, answers, Math.min(saved.step ?? 0, view.dimensions.length - 1));
      }
    }
  },
  /** Puts a questionnaire (and answers, and a step) on the page. */
  show(view: QuestionnaireView, answers: Answers, atStep?: number) {
    const step = atStep ?? this.data.step;
    this.setData({
      questionnaire: view,
      introText: fill(TEXT.intro, { n: view.questionCount, steps: view.dimensions.length }),
      enterpriseText: view.enterprise ? fill(TEXT.forEnterprise, { name: view.enterprise.name }) : '',
      blockedReason: view.blockedReason ?? '',
    });
    this.goTo(Math.max(0, Math.min(step, view.dimensions.length - 1)), fitting(view, answers));
  },
  goTo(step: number, given?: Answers) {
    const answers = given ?? this.data.answers;
    const view = this.data.questionnaire;
    if (!view) return;
    const done = Object.keys(answers).length;
    this.setData({
      step,
      answers,
      questions: stepQuestions(view, step, answers),
      isLast: step === view.dimensions.length - 1,
      stepText: fill(TEXT.step, { step: step + 1, steps: view.dimensions.length, label: view.dimensions[step].label }),
      answeredText: fill(TEXT.answered, { done, total: view.questionCount }),
      progressLabel: fill(TEXT.progressLabel, {
        step: fill(TEXT.step, { step: step + 1, steps: view.dimensions.length, label: view.dimensions[step].label }),
        answered: fill(TEXT.answered, { done, total: view.questionCount }),
      }),
      progress: Math.round((done / view.questionCount) * 100),
    });
  },
  saveDraft() {
    const view = this.data.questionnaire;
    if (!view) return;
    drafts.get(this)?.save({
      version: view.version,
      answers: this.data.answers,
      step: this.data.step,
      clientRequestId: this.data.clientRequestId,
    });
  },
  onChoose(e: WechatMiniprogram.TouchEvent) {
    const { question, option } = e.currentTarget.dataset as { question: string; option: string };
    this.goTo(this.data.step, { ...this.data.answers, [question]: option });
    this.saveDraft();
  },
  /** The first unanswered question of the current step, scrolled to; true when the step is complete. */
  stepComplete(): boolean {
    const view = this.data.questionnaire;
    if (!view) return false;
    const missing = view.dimensions[this.data.step].questions.filter((q) => !this.data.answers[q.code]);
    if (!missing.length) return true;
    wx.showToast({ title: fill(TEXT.stepIncomplete, { n: missing.length }), icon: 'none' });
    wx.pageScrollTo({ selector: `#q-${missing[0].code}`, duration: 200 });
    return false;
  },
  onNext() {
    if (!this.stepComplete()) return;
    this.goTo(this.data.step + 1);
    this.saveDraft();
    wx.pageScrollTo({ scrollTop: 0, duration: 0 });
  },
  onPrev() {
    if (this.data.step === 0) return;
    this.goTo(this.data.step - 1);
    this.saveDraft();
    wx.pageScrollTo({ scrollTop: 0, duration: 0 });
  },
  onClearDraft() {
    drafts.get(this)?.clear();
    this.setData({ draftRestored: false, clientRequestId: randomId('k') });
    this.goTo(0, {});
    wx.showToast({ title: TEXT.draftCleared, icon: 'none' });
  },
  onBind() {
    openPage(PAGES.enterprise);
  },
  onHistory() {
    openPage(CHECKUP_PAGES.history);
  },
  async onSubmit() {
    const view = this.data.questionnaire;
    if (!view || this.data.submitting || !this.stepComplete()) return;
    const problem = answersProblem(asQuestionnaire(view), this.data.answers);
    if (problem) {
      wx.showToast({ title: problem, icon: 'none', duration: 3000 });
      return;
    }
    this.setData({ submitting: true });
    try {
      const { checkupId } = await call('checkup', 'submit', {
        version: view.version,
        answers: this.data.answers,
        clientRequestId: this.data.clientRequestId,
      });
      drafts.get(this)?.clear();
      wx.redirectTo({ url: withQuery(CHECKUP_PAGES.result, { checkupId }) });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'QUESTIONNAIRE_CHANGED') {
        await this.reloadChanged();
      } else {
        toastError(error);
      }
    } finally {
      this.setData({ submitting: false });
    }
  },
  /** A new version: the answers that still fit stay, and the first step with an open question is shown. */
  async reloadChanged() {
    try {
      const fresh = await call('checkup', 'questionnaire', {});
      const answers = fitting(fresh, this.data.answers);
      const step = Math.max(
        0,
        fresh.dimensions.findIndex((d) => d.questions.some((q) => !answers[q.code])),
      );
      this.show(fresh, answers, step);
      this.saveDraft();
      wx.showToast({ title: TEXT.changed, icon: 'none', duration: 3000 });
    } catch (error) {
      toastError(error);
    }
  },
});
