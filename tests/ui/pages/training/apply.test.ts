import { flush, renderPage } from '../../helpers/render';
import { sessionView, signupView } from '../../helpers/training-fixtures';
import { fail, mockWx, ok, type Envelope } from '../../helpers/wx';

function withRedirect() {
  const redirectTo = jest.fn();
  Object.assign((globalThis as unknown as { wx: object }).wx, { redirectTo, pageScrollTo: jest.fn() });
  return redirectTo;
}

describe('报名培训', () => {
  it('checks each attendee on the page, then signs up with one request id and opens the ticket', async () => {
    const sent: Record<string, unknown>[] = [];
    let answer: Envelope = fail('INTERNAL', '服务繁忙');
    const wx = mockWx({
      'training.getSession': ok(sessionView()),
      'training.signUp': (data) => {
        sent.push(data);
        return answer;
      },
    });
    const redirectTo = withRedirect();
    const view = await renderPage('pages/training/apply/index', { sessionId: 's-1' });
    await flush();
    expect(view.texts('.kind')).toEqual(['企业报名', '个人报名']);
    expect(view.text('.kind-hint')).toBe('为本企业员工报名，每家企业本场最多 3 人。');
    await view.tap('.add');
    await view.input('.attendee__name', '陈建国');
    await view.input('.attendee__phone', '139 1234 5678');
    const second = (field: string, value: string) =>
      view.instance.onInput({ currentTarget: { dataset: { index: 1, field } }, detail: { value } } as never);
    second('name', '李');
    second('phone', '12345');
    await view.tap('.submit');
    await flush();
    expect(sent).toEqual([]);
    expect(view.texts('.phone-error')).toEqual(['请输入 11 位手机号']);
    expect(view.texts('.name-error')).toHaveLength(1);

    second('name', '李秀英');
    second('phone', '13912345679');
    await view.tap('.submit');
    await flush();
    // The first try fails (the network, a busy server): the form keeps what was typed; the retry is the same request.
    answer = ok({ created: true, signups: [signupView({ signupId: 'su-9' })] });
    await view.tap('.submit');
    await flush();
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({
      action: 'signUp',
      sessionId: 's-1',
      kind: 'enterprise',
      attendees: [
        { name: '陈建国', phone: '13912345678' },
        { name: '李秀英', phone: '13912345679' },
      ],
      clientRequestId: expect.any(String),
    });
    expect(sent[1].clientRequestId).toBe(sent[0].clientRequestId);
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/training/ticket/index?signupId=su-9' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '报名成功' }));
  });

  it('without a verified enterprise or phone: says how to get one', async () => {
    const wx = mockWx({ 'training.getSession': ok(sessionView({ signupKinds: [] })) });
    withRedirect();
    const view = await renderPage('pages/training/apply/index', { sessionId: 's-1' });
    await flush();
    expect(view.has('.submit')).toBe(false);
    await view.tap('.bind');
    await view.tap('.phone');
    expect(wx.navigateTo.mock.calls.map(([o]) => o.url)).toEqual([
      '/pages/user/enterprise/index',
      '/pages/user/phone/index',
    ]);
  });
});
