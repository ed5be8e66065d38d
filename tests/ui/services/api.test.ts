import { ApiError, call, toastError } from '../../../miniprogram/services/api';
import { fail, mockWx, ok, type Envelope } from '../helpers/wx';

describe('services/api call()', () => {
  it('sends the action with its input and returns the data', async () => {
    const wx = mockWx({ 'voucher.listCampaigns': ok({ items: [], page: 2, pageSize: 20, total: 0 }) });
    await expect(call('voucher', 'listCampaigns', { page: 2 })).resolves.toEqual({
      items: [],
      page: 2,
      pageSize: 20,
      total: 0,
    });
    expect(wx.calls()).toEqual([{ name: 'voucher', data: { action: 'listCampaigns', page: 2 } }]);
  });

  it('throws the function’s code and message', async () => {
    mockWx({ 'user.bindEnterprise': fail('ENTERPRISE_CLAIMED', '该企业已由其他微信账号绑定') });
    const error = await call('user', 'bindEnterprise', { uscc: 'x', name: 'y' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'ENTERPRISE_CLAIMED', message: '该企业已由其他微信账号绑定' });
  });

  it('turns a failed invocation into NETWORK, and a malformed reply into INTERNAL', async () => {
    const wx = mockWx();
    await expect(call('user', 'login', {})).rejects.toMatchObject({
      code: 'NETWORK',
      message: '网络异常，请检查网络后重试',
    });
    wx.callFunction.mockResolvedValueOnce({
      result: undefined as unknown as Envelope,
      errMsg: 'cloud.callFunction:ok',
      requestID: 'r',
    });
    await expect(call('user', 'login', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('services/api toastError()', () => {
  it('shows the server’s message, or a generic one for anything else', () => {
    const wx = mockWx();
    toastError(new ApiError('CONFLICT', '您已提交过该企业的复核申请'));
    expect(wx.showToast).toHaveBeenLastCalledWith({
      title: '您已提交过该企业的复核申请',
      icon: 'none',
      duration: 3000,
    });
    toastError(new Error('boom'));
    expect(wx.lastToast()).toBe('操作失败，请稍后重试');
  });
});
