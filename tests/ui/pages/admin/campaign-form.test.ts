import { campaign } from '../../helpers/fixtures';
import { flush, renderPage } from '../../helpers/render';
import { mockWx, ok, type Envelope } from '../../helpers/wx';

type Routes = Parameters<typeof mockWx>[0];

function mockAdminWx(routes: Routes) {
  const wx = mockWx(routes);
  const extra = {
    setNavigationBarTitle: jest.fn(),
    redirectTo: jest.fn(),
    navigateBack: jest.fn(),
    pageScrollTo: jest.fn(),
  };
  Object.assign((globalThis as unknown as { wx: object }).wx, extra);
  return { ...wx, ...extra };
}

const refused = (fields: { path: string; label: string; message: string }[]): Envelope => ({
  ok: false,
  code: 'VALIDATION_FAILED',
  message: `${fields[0].label}：${fields[0].message}`,
  details: { fields },
});

async function fillNewForm(view: Awaited<ReturnType<typeof renderPage>>) {
  await view.input('.title', '2027 年第一批检测券');
  await view.trigger('.opens-date', 'change', { value: '2027-01-05' });
  await view.trigger('.opens-time', 'change', { value: '09:00' });
  await view.trigger('.closes-date', 'change', { value: '2027-01-20' });
  await view.trigger('.closes-time', 'change', { value: '17:30' });
  await view.trigger('.validity-picker', 'change', { value: '2027-12-31' });
  await view.input('.pool-id', 'G2000');
  await view.input('.pool-face', '2000');
  await view.input('.pool-quantity', '100');
}

describe('新建活动 / 编辑草稿 page', () => {
  it('checks the fields on the server’s rules, scrolls to the first problem, then creates the draft', async () => {
    const wx = mockAdminWx({ 'admin.createCampaign': ok({ campaignId: 'c-new' }) });
    const view = await renderPage('pages/admin/campaign-form/index');
    await flush();
    // Nothing typed yet: no message until the field is touched or the form is sent.
    expect(view.has('.title-error')).toBe(false);
    await view.tap('.submit');
    await flush();
    expect(wx.calls()).toEqual([]);
    expect(view.text('.title-error')).toBe('标题至少 2 个字');
    expect(view.text('.pool-id-error')).toBe('奖池编号只能是 1–16 位字母、数字、下划线或连字符');
    expect(view.text('.pool-face-error')).toBe('请填写面值（整数元）');
    expect(wx.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-title' }));
    expect(view.data.focusField).toBe('title');

    await fillNewForm(view);
    // Rules across fields, as the server words them (shared/campaign-rules.ts).
    await view.input('.pool-face', '6000');
    expect(view.text('.pool-face-error')).toBe('单张面值不能超过封顶金额');
    await view.input('.pool-face', '2000');
    await view.trigger('.closes-date', 'change', { value: '2027-01-01' });
    expect(view.text('.closes-error')).toBe('截止时间必须晚于开始时间');
    await view.trigger('.closes-date', 'change', { value: '2027-01-20' });
    expect(view.has('.closes-error')).toBe(false);

    // A second pool, then removed again; and one service less.
    await view.tap('.add-pool');
    expect(view.texts('.pool__title')).toEqual(['奖池 1', '奖池 2']);
    await view.tap('.pool__remove', 1);
    expect(view.texts('.pool__title')).toEqual(['奖池 1']);
    await view.tap('.service', 7);

    await view.tap('.submit');
    await flush();
    expect(wx.calls()).toEqual([
      {
        name: 'admin',
        data: {
          action: 'createCampaign',
          title: '2027 年第一批检测券',
          description: '',
          opensAt: '2027-01-05T09:00:00+08:00',
          closesAt: '2027-01-20T17:30:00+08:00',
          cap: 5000,
          voucherValidUntil: '2027-12-31',
          pools: [{ poolId: 'G2000', faceValue: 2000, quantity: 100, applicantTypes: ['enterprise'] }],
          services: [
            'ccc',
            'voluntary_cert',
            'energy_saving',
            'energy_label',
            'foreign_cert',
            'commissioned',
            'training',
          ],
          beaconSource: { type: 'drand', chain: 'quicknet' },
        },
      },
    ]);
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/admin/campaign/index?campaignId=c-new' });
  });

  it('shows the server’s refusal under the field it names and scrolls there', async () => {
    const wx = mockAdminWx({
      'admin.createCampaign': refused([
        { path: 'beaconSource.issue', label: '开奖期号', message: '开奖期号应写成“福彩3D 第2026335期”的形式' },
      ]),
    });
    const view = await renderPage('pages/admin/campaign-form/index');
    await flush();
    await fillNewForm(view);
    await view.tap('.beacon-type_announced');
    await view.input('.issue', '福彩3D 2026期');
    await view.trigger('.draw-date-picker', 'change', { value: '2027-01-19' });
    expect(view.text('.draw-date-error')).toBe('彩票开奖日期必须晚于申领截止日期');
    await view.trigger('.draw-date-picker', 'change', { value: '2027-01-21' });
    await view.tap('.submit');
    await flush();
    expect(wx.calls()[0].data.beaconSource).toEqual({
      type: 'announced',
      issue: '福彩3D 2026期',
      drawDate: '2027-01-21',
    });
    expect(view.text('.issue-error')).toBe('开奖期号应写成“福彩3D 第2026335期”的形式');
    expect(wx.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#field-issue' }));
    expect(view.data.focusField).toBe('issue');
    expect(wx.redirectTo).not.toHaveBeenCalled();
  });

  it('edits a draft: prefilled from campaignDetail, saved with updateCampaign; a published campaign cannot be edited', async () => {
    const draft = campaign({
      campaignId: 'c-1',
      status: 'draft',
      title: '草稿活动',
      opensAt: '2027-01-05T01:00:00.000Z',
      closesAt: '2027-01-20T09:30:00.000Z',
      pools: [{ poolId: 'C1000', faceValue: 1000, quantity: 50, applicantTypes: ['person'], label: '电线电缆专用券' }],
      services: ['ccc'],
    });
    const wx = mockAdminWx({
      'admin.campaignDetail': ok({
        campaign: draft,
        beaconChoice: { type: 'announced', issue: '福彩3D 第2027020期', drawDate: '2027-01-21' },
        applications: 0,
        pools: [],
        drawJob: null,
        overdue: false,
        nextActions: ['updateCampaign', 'openCampaign'],
      }),
      'admin.updateCampaign': (data) => ok({ ...draft, title: data.title }),
    });
    const view = await renderPage('pages/admin/campaign-form/index', { campaignId: 'c-1' });
    await flush();
    expect(view.data.form).toMatchObject({
      title: '草稿活动',
      opensDate: '2027-01-05',
      opensTime: '09:00',
      closesDate: '2027-01-20',
      closesTime: '17:30',
      beaconType: 'announced',
      issue: '福彩3D 第2027020期',
    });
    expect(view.text('.submit')).toBe('保存草稿');
    await view.input('.title', '草稿活动（改）');
    await view.tap('.submit');
    await flush();
    const update = wx.calls().find((c) => c.data.action === 'updateCampaign')!;
    expect(update.data).toMatchObject({
      campaignId: 'c-1',
      title: '草稿活动（改）',
      opensAt: '2027-01-05T09:00:00+08:00',
      pools: [{ poolId: 'C1000', label: '电线电缆专用券', faceValue: 1000, quantity: 50, applicantTypes: ['person'] }],
      services: ['ccc'],
      beaconSource: { type: 'announced', issue: '福彩3D 第2027020期', drawDate: '2027-01-21' },
    });
    expect(wx.navigateBack).toHaveBeenCalled();

    mockAdminWx({
      'admin.campaignDetail': ok({
        campaign: { ...draft, status: 'open' },
        beaconChoice: null,
        applications: 0,
        pools: [],
        drawJob: null,
        overdue: false,
        nextActions: ['closeCampaign'],
      }),
    });
    const open = await renderPage('pages/admin/campaign-form/index', { campaignId: 'c-1' });
    await flush();
    expect(open.text('.not-draft')).toBe('活动已发布，不能修改');
    expect(open.has('.submit')).toBe(false);
  });
});
