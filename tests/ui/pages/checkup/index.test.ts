import { QUESTIONNAIRE_2026_1 } from '../../../../seed/checkup-questionnaire';
import type { CheckupQuestionnaire } from '../../../../miniprogram/shared/checkup';
import { profile } from '../../helpers/fixtures';
import { flush, renderPage, type View } from '../../helpers/render';
import { deviceStorage } from '../../helpers/storage';
import { fail, mockWx, ok, type Envelope } from '../../helpers/wx';
import { questionnaireView } from './fixtures';

const ROUTE = 'pages/checkup/index/index';

function mockCheckupWx(routes: Record<string, Envelope | ((d: Record<string, unknown>) => Envelope)> = {}) {
  const wx = mockWx({
    'user.login': ok(profile({ openid: 'o-ent' })),
    'checkup.questionnaire': ok(questionnaireView()),
    ...routes,
  });
  const extra = { redirectTo: jest.fn(), pageScrollTo: jest.fn() };
  Object.assign((globalThis as unknown as { wx: object }).wx, extra);
  // A fresh device each time (a test that keeps one installs its own storage after this).
  deviceStorage().install();
  return { ...wx, ...extra };
}

/** Taps option `index` (0 = the first) of every question on the current step. */
async function answerStep(view: View, index = 0) {
  const questions = view.data.questions as { options: unknown[] }[];
  let offset = 0;
  for (const q of questions) {
    await view.tap('.checkup-option', offset + Math.min(index, q.options.length - 1));
    offset += q.options.length;
  }
}

describe('质量体检 questionnaire', () => {
  it('shows one dimension a step with progress, and moves on only when the step is answered', async () => {
    const wx = mockCheckupWx();
    const view = await renderPage(ROUTE);
    expect(view.text('.page__title')).toBe(QUESTIONNAIRE_2026_1.title);
    expect(view.text('.checkup-enterprise')).toBe('体检企业：佛山市顺德区美达电器有限公司');
    expect(view.text('.checkup-step')).toBe('第 1 / 8 步 · 质量管理体系');
    expect(view.text('.checkup-answered')).toBe('已答 0 / 40 题');
    expect(view.texts('.checkup-question__title')[0]).toBe(`1. ${QUESTIONNAIRE_2026_1.questions[0].text}`);

    await view.tap('.checkup-option', 1);
    expect(view.text('.checkup-answered')).toBe('已答 1 / 40 题');
    expect(view.data.questions[0].options.map((o: { ariaLabel: string }) => o.ariaLabel.split('，').pop())).toEqual([
      '未选',
      '已选',
      '未选',
    ]);
    await view.tap('.checkup-next');
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '本步还有 4 道题未作答' }));
    expect(wx.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#q-QS02' }));
    expect(view.text('.checkup-step')).toBe('第 1 / 8 步 · 质量管理体系');

    await answerStep(view);
    await view.tap('.checkup-next');
    expect(view.text('.checkup-step')).toBe('第 2 / 8 步 · 标准');
    expect(view.texts('.checkup-question__title')[0]).toMatch(/^6\. /);
    await view.tap('.checkup-prev');
    expect(view.text('.checkup-step')).toBe('第 1 / 8 步 · 质量管理体系');
    expect(view.doms('.checkup-option_selected')).toHaveLength(5);
  });

  it('answers every step and submits once; the result page opens and the draft is gone', async () => {
    const submitted: Record<string, unknown>[] = [];
    const wx = mockCheckupWx({
      'checkup.submit': (data) => {
        submitted.push(data);
        return ok({ created: true, checkupId: 'chk-9' });
      },
    });
    const storage = deviceStorage();
    storage.install();
    const view = await renderPage(ROUTE);
    for (let step = 0; step < 8; step++) {
      await answerStep(view, step === 2 ? 9 : 0); // 计量: the last (worst) option of each question
      if (step < 7) await view.tap('.checkup-next');
    }
    expect(view.has('.checkup-next')).toBe(false);
    view.pageLifetime('hide'); // the app went to the background: the draft is written
    expect(storage.keys('draft:')).toEqual(['draft:checkup:o-ent']);
    await view.tap('.checkup-submit');
    await flush();
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ action: 'submit', version: '2026.1', clientRequestId: expect.any(String) });
    const answers = submitted[0].answers as Record<string, string>;
    expect(Object.keys(answers)).toHaveLength(40);
    expect(answers.ME01).toBe('c');
    expect(answers.QS01).toBe('a');
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/checkup/result/index?checkupId=chk-9' });
    expect(storage.keys('draft:')).toEqual([]);
  });

  it('keeps the answers as a draft: the next visit offers them back where the user left off', async () => {
    mockCheckupWx();
    const storage = deviceStorage();
    storage.install();
    const first = await renderPage(ROUTE);
    await answerStep(first);
    await first.tap('.checkup-next');
    await first.tap('.checkup-option', 0);
    first.pageLifetime('hide');
    expect(storage.keys('draft:checkup:')).toEqual(['draft:checkup:o-ent']);

    mockCheckupWx();
    storage.install();
    const again = await renderPage(ROUTE);
    expect(again.text('.draft-note__text')).toBe('已为你恢复上次未提交的内容');
    expect(again.text('.checkup-step')).toBe('第 2 / 8 步 · 标准');
    expect(again.text('.checkup-answered')).toBe('已答 6 / 40 题');

    await again.tap('.draft-note__clear');
    expect(again.text('.checkup-answered')).toBe('已答 0 / 40 题');
    expect(again.text('.checkup-step')).toBe('第 1 / 8 步 · 质量管理体系');
    expect(storage.keys('draft:')).toEqual([]);
  });

  it('a new questionnaire version at submit: reloads it, keeps the answers that fit, shows the open question', async () => {
    const v2: CheckupQuestionnaire = {
      ...QUESTIONNAIRE_2026_1,
      version: '2026.2',
      questions: QUESTIONNAIRE_2026_1.questions.map((q) =>
        q.code === 'ST03' ? { ...q, code: 'ST06', text: '企业是否参与了标准的制定或修订？' } : q,
      ),
    };
    let version = 1;
    const wx = mockCheckupWx({
      'checkup.questionnaire': () => ok(questionnaireView(version === 1 ? QUESTIONNAIRE_2026_1 : v2)),
      'checkup.submit': (data) => {
        if (data.version !== '2026.2') {
          version = 2;
          return { ok: false, code: 'QUESTIONNAIRE_CHANGED', message: '体检问卷已更新为 2026.2 版' };
        }
        return ok({ created: true, checkupId: 'chk-2' });
      },
    });
    const view = await renderPage(ROUTE);
    for (let step = 0; step < 8; step++) {
      await answerStep(view);
      if (step < 7) await view.tap('.checkup-next');
    }
    await view.tap('.checkup-submit');
    await flush();
    expect(wx.showToast).toHaveBeenLastCalledWith(
      expect.objectContaining({ title: '问卷已更新，请核对标出的新题目后再提交' }),
    );
    expect(view.text('.checkup-step')).toBe('第 2 / 8 步 · 标准');
    expect(view.text('.checkup-answered')).toBe('已答 39 / 40 题');
    expect(view.texts('.checkup-question__title')).toContain('8. 企业是否参与了标准的制定或修订？');
    expect(wx.redirectTo).not.toHaveBeenCalled();
  });

  it('says up front when the account cannot submit, with the way to bind', async () => {
    const wx = mockCheckupWx({
      'checkup.questionnaire': ok(
        questionnaireView(undefined, { enterprise: null, blockedReason: '质量体检以企业身份进行：请先绑定并验证企业' }),
      ),
    });
    const view = await renderPage(ROUTE);
    expect(view.text('.checkup-blocked')).toContain('质量体检以企业身份进行');
    await view.tap('.checkup-bind');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/user/enterprise/index' }));
  });

  it('shows an error with a retry', async () => {
    let attempts = 0;
    mockCheckupWx({
      'checkup.questionnaire': () => (++attempts === 1 ? fail('INTERNAL', '服务繁忙') : ok(questionnaireView())),
    });
    const view = await renderPage(ROUTE);
    expect(view.text('.state-error__text')).toBe('问卷加载失败');
    await view.tap('#state >>> .state-retry');
    await flush();
    expect(view.text('.checkup-step')).toBe('第 1 / 8 步 · 质量管理体系');
  });
});
