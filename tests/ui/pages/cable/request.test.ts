import { flush, renderPage } from '../../helpers/render';
import { deferred, fail, mockWx, ok, type Envelope } from '../../helpers/wx';
import {
  MAKER_USCC,
  PHOTO,
  REPORT,
  REPORT_FOLDER,
  requestDoc,
  requesterView,
  tempUrl,
} from '../../helpers/cable-fixtures';

const ROUTE = 'pages/cable/request/index';
const ID = 'a1b2c3d4e5f6a1b2c3d4e5f6';

const FOLLOW_UP = {
  voucherCampaign: {
    campaignId: 'c-2026-2',
    title: '2026 年第二批广东省产品检测券（20000 份）',
    poolId: 'C1000',
    poolLabel: '电线电缆专用检测券',
    faceValue: 1000,
    closesAt: '2026-12-31T15:59:59.000Z',
  },
  complaint: {
    hotline: '12315',
    platform: '全国12315平台',
    url: 'https://www.12315.cn',
    miniProgram: '全国12315平台（微信小程序）',
    hint: '可凭本筛查报告拨打 12315 热线或登录全国12315平台投诉举报，也可申领电线电缆专用检测券做正式检测。',
  },
};

function extraWx() {
  const g = globalThis as unknown as { wx: Record<string, any> };
  g.wx.previewImage = jest.fn((o: { success?: () => void }) => o.success?.());
  g.wx.setClipboardData = jest.fn();
  g.wx.openDocument = jest.fn((o: { success?: () => void }) => o.success?.());
  g.wx.downloadFile = jest.fn((o: { success: (r: object) => void }) =>
    o.success({ tempFilePath: 'wxfile://tmp/report.pdf', statusCode: 200 }),
  );
  // Storage is private: someone else's file never goes through wx.cloud.downloadFile.
  g.wx.cloud.downloadFile = jest.fn();
  return g.wx;
}

async function open(view: Envelope | ((data: Record<string, unknown>) => Envelope), routes = {}) {
  const wx = mockWx({ 'cable.getRequest': view, ...routes });
  const more = extraWx();
  const page = await renderPage(ROUTE, { requestId: ID });
  return { wx, more, view: page };
}

describe('筛查申请详情 — states', () => {
  it('loads the request by id, showing loading first', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'cable.getRequest': () => answer.promise });
    const view = await renderPage(ROUTE, { requestId: ID });
    expect(view.text('.state-loading')).toBe('正在加载筛查申请');
    answer.resolve(ok(requesterView(requestDoc('submitted'))));
    await flush();
    expect(wx.calls()).toEqual([{ name: 'cable', data: { action: 'getRequest', requestId: ID } }]);
    expect(view.text('.status')).toBe('已提交');
    expect(view.text('.request-no')).toMatch(/^申请编号：DL\d{8}-A1B2C3$/);
    expect(view.text('.days')).toBe('已等待 3 天');
  });

  it('shows the server’s reason when the request cannot be found, and retries', async () => {
    let attempts = 0;
    const { wx, view } = await open(() =>
      ++attempts === 1 ? fail('NOT_FOUND', '筛查申请不存在') : ok(requesterView(requestDoc())),
    );
    expect(view.text('.state-error__text')).toBe('筛查申请不存在');
    await view.tap('#state >>> .state-retry');
    expect(wx.calls()).toHaveLength(2);
    expect(view.text('.status')).toBe('已提交');
  });

  it('says so when opened without a request id, without calling the cloud', async () => {
    const wx = mockWx();
    const view = await renderPage(ROUTE, {});
    expect(view.text('.state-error__text')).toBe('缺少申请编号，请从“我的筛查申请”进入');
    expect(wx.callFunction).not.toHaveBeenCalled();
  });
});

describe('progress and content', () => {
  it('shows what happened and the steps still ahead', async () => {
    const { view } = await open(ok(requesterView(requestDoc('accepted'))));
    expect(view.texts('.step__label')).toEqual(['已提交', '已受理', '已收样', '筛查中', '已完成']);
    const meta = view.texts('.step__meta');
    expect(meta).toHaveLength(2);
    expect(meta[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · 本人$/);
    expect(meta[1]).toContain('广东省电线电缆产品医院');
    expect(view.text('.step__note')).toBe('请于 3 个工作日内送样');
    expect(view.doms('.timeline__step_pending')).toHaveLength(3);
  });

  it('shows the cable, concerns, contact and pickup address', async () => {
    const { view } = await open(ok(requesterView(requestDoc())));
    expect(view.text('.cable__type')).toBe('型号：BV 铜芯聚氯乙烯绝缘电线（硬线）');
    expect(view.text('.cable__size')).toBe('规格：2.5 mm²');
    expect(view.texts('.concern')).toEqual(['导体偏细（截面“缩水”）', '导体电阻超标']);
    expect(view.text('.contact')).toBe('林晓雯 13800138000');
    expect(view.text('.pickup')).toBe('取样地址：广州市天河区体育西路 1 号');
    expect(view.doms('.photo__img')).toHaveLength(1);
  });

  it('shows and previews the photos from the server’s temp URLs', async () => {
    const { wx, view, more } = await open(ok(requesterView(requestDoc())));
    expect(view.data.r.photos.map((p: { src: string }) => p.src)).toEqual([tempUrl(PHOTO)]);
    await view.tap('.photo__img');
    expect(more.previewImage).toHaveBeenCalledWith(expect.objectContaining({ urls: [tempUrl(PHOTO)] }));
    // Fresh URLs: no reload before previewing.
    expect(wx.calls()).toHaveLength(1);
  });

  it('reloads the request for fresh URLs before previewing when they are about to expire', async () => {
    let reads = 0;
    const fresh = 'https://files.test/fresh.jpg';
    const { wx, view, more } = await open(() => {
      const answer = requesterView(requestDoc());
      // The first answer's URLs are already at their end; the second one's are new.
      return ok(
        ++reads === 1
          ? { ...answer, filesExpireIn: 0 }
          : { ...answer, photos: [{ url: fresh, kind: 'image' as const }] },
      );
    });
    await view.tap('.photo__img');
    expect(wx.calls()).toHaveLength(2);
    expect(more.previewImage).toHaveBeenCalledWith(expect.objectContaining({ urls: [fresh] }));
  });

  it('says so when a photo cannot be loaded from storage', async () => {
    const doc = requestDoc('submitted', {
      fields: { photos: [PHOTO, PHOTO.replace('p1.jpg', 'p2.jpg')] },
    });
    const { view } = await open(ok(requesterView(doc, { missingFiles: [PHOTO] })));
    expect(view.doms('.photo__img')).toHaveLength(1);
    expect(view.text('.photos-unavailable')).toBe('1 张照片暂时无法显示，请下拉刷新后重试。');
  });

  it('shows why a request was not accepted', async () => {
    const { view } = await open(ok(requesterView(requestDoc('rejected'))));
    expect(view.text('.status')).toBe('未受理');
    expect(view.text('.rejection__reason')).toBe('样品不属于电线电缆');
    expect(view.has('.cancel')).toBe(false);
    expect(view.has('.timeline__step_pending')).toBe(false);
  });
});

describe('result', () => {
  it('shows the verdict, findings and opens the PDF report', async () => {
    const { view, more } = await open(ok(requesterView(requestDoc('completed'))));
    expect(view.text('.verdict-tag')).toBe('不合格');
    expect(view.text('.result__hospital')).toContain('广东省电线电缆产品医院');
    expect(view.texts('.finding__item')).toEqual(['导体偏细（截面“缩水”）', '导体电阻超标']);
    expect(view.texts('.finding__outcome')).toEqual(['不符合', '存疑']);
    expect(view.text('.finding__detail')).toBe('实测截面 2.1 mm²');
    await view.tap('.open-report');
    expect(more.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: tempUrl(REPORT) }));
    expect(more.cloud.downloadFile).not.toHaveBeenCalled();
    expect(more.openDocument).toHaveBeenCalledWith(
      expect.objectContaining({ filePath: 'wxfile://tmp/report.pdf', fileType: 'pdf' }),
    );
    expect(view.has('.report-fallback')).toBe(false);
  });

  it('offers the download link to copy when the report cannot be opened', async () => {
    const { view, more } = await open(ok(requesterView(requestDoc('completed'))));
    more.downloadFile.mockImplementation((o: { fail: (e: object) => void }) => o.fail({ errMsg: 'fail' }));
    await view.tap('.open-report');
    expect(view.text('.report-url')).toBe(tempUrl(REPORT));
    await view.tap('.copy-report');
    expect(more.setClipboardData).toHaveBeenCalledWith({ data: tempUrl(REPORT) });
  });

  it('does not open an error page as the report (a refused download)', async () => {
    const { view, more } = await open(ok(requesterView(requestDoc('completed'))));
    more.downloadFile.mockImplementation((o: { success: (r: object) => void }) =>
      o.success({ tempFilePath: 'wxfile://tmp/error.json', statusCode: 403 }),
    );
    await view.tap('.open-report');
    expect(more.openDocument).not.toHaveBeenCalled();
    expect(view.has('.report-fallback')).toBe(true);
  });

  it('says the report is unavailable when storage no longer has it', async () => {
    const { view, more } = await open(ok(requesterView(requestDoc('completed'), { missingFiles: [REPORT] })));
    await view.tap('.open-report');
    expect(more.downloadFile).not.toHaveBeenCalled();
    expect(view.text('.report-unavailable')).toBe('报告文件暂时无法读取，请下拉刷新后重试，或联系产品医院。');
    expect(view.has('.report-fallback')).toBe(false);
  });

  it('opens an image report in the image viewer', async () => {
    const image = `cloud://local.local-1300000000/${REPORT_FOLDER}/r-2.jpg`;
    const doc = { ...requestDoc('completed'), reportFileID: image };
    const { view, more } = await open(ok(requesterView(doc)));
    await view.tap('.open-report');
    expect(more.previewImage).toHaveBeenCalledWith(expect.objectContaining({ urls: [tempUrl(image)] }));
    expect(more.downloadFile).not.toHaveBeenCalled();
  });

  it('after a bad verdict offers the cable voucher and the 12315 channels', async () => {
    const { wx, view, more } = await open(ok(requesterView(requestDoc('completed'), { followUp: FOLLOW_UP })));
    expect(view.text('.voucher__pool')).toBe('电线电缆专用检测券 · 面额：1,000 元');
    expect(view.text('.voucher__closes')).toBe('申领截止：2026-12-31 23:59');
    await view.tap('.apply-voucher');
    expect(wx.navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/pages/voucher/campaign/index?campaignId=c-2026-2' }),
    );
    await view.tap('.call-hotline');
    expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '12315' }));
    await view.tap('.copy-url');
    expect(more.setClipboardData).toHaveBeenCalledWith({ data: 'https://www.12315.cn' });
    expect(view.text('.complaint__mini-program')).toBe('也可使用全国12315平台（微信小程序）投诉举报');
  });

  it('says when no cable voucher is open, and shows no follow-up for a clean verdict', async () => {
    const bad = await open(
      ok(requesterView(requestDoc('completed'), { followUp: { ...FOLLOW_UP, voucherCampaign: null } })),
    );
    expect(bad.view.has('.apply-voucher')).toBe(false);
    expect(bad.view.text('.no-voucher')).toContain('目前没有正在申领的电线电缆专用检测券');

    const clean = requestDoc('completed', {
      completion: { verdict: 'conforming', findings: [{ item: 'thin_conductor', outcome: 'pass', detail: '' }] },
    });
    const good = await open(ok(requesterView(clean)));
    expect(good.view.text('.verdict-tag')).toBe('未发现问题');
    expect(good.view.has('.follow-up')).toBe(false);
  });
});

describe('red list', () => {
  const redlist = {
    uscc: MAKER_USCC,
    version: '2026-10',
    publishedAt: '2026-10-15T02:00:00.000Z',
    listed: true,
    tier: 'five' as const,
    tierLabel: '五年榜',
    years: 6,
    name: '东莞市粤星电线电缆有限公司',
  };

  it('shows a listed manufacturer’s tier', async () => {
    const { view } = await open(ok(requesterView(requestDoc(), { redlist })));
    expect(view.text('.redlist__listed')).toBe('已列入红榜：五年榜连续 6 年质量信用优良');
    expect(view.text('.redlist__version')).toBe('榜单版本：2026-10');
  });

  it('explains a manufacturer that is not listed, and a list not yet published', async () => {
    const notListed = await open(
      ok(
        requesterView(requestDoc(), {
          redlist: { ...redlist, listed: false, tier: null, tierLabel: null, years: null },
        }),
      ),
    );
    expect(notListed.view.text('.redlist__not-listed')).toContain('未列入不代表产品不合格');
    const none = await open(ok(requesterView(requestDoc(), { redlist: null })));
    expect(none.view.text('.redlist__none')).toBe('红榜尚未发布，暂无法查询该厂家。');
  });

  it('has no red-list section without a credit code', async () => {
    const doc = requestDoc('submitted', { fields: {} });
    const { view } = await open(ok(requesterView({ ...doc, cable: { ...doc.cable, manufacturerUscc: null } })));
    expect(view.has('.redlist')).toBe(false);
  });
});

describe('cancelling', () => {
  it('cancels after confirmation and shows the new status', async () => {
    const cancelled = requesterView(requestDoc('cancelled'));
    const { wx, view } = await open(ok(requesterView(requestDoc('accepted'))), { 'cable.cancel': ok(cancelled) });
    wx.showModal.mockImplementation((o: { success: (r: object) => void }) => o.success({ confirm: true }));
    await view.tap('.cancel');
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤销筛查申请' }));
    expect(wx.calls()[1]).toEqual({ name: 'cable', data: { action: 'cancel', requestId: ID } });
    expect(view.text('.status')).toBe('已撤销');
    expect(view.has('.cancel')).toBe(false);
  });

  it('does nothing when the user changes their mind', async () => {
    const { wx, view } = await open(ok(requesterView(requestDoc('submitted'))));
    wx.showModal.mockImplementation((o: { success: (r: object) => void }) => o.success({ confirm: false }));
    await view.tap('.cancel');
    expect(wx.calls()).toHaveLength(1);
    expect(view.text('.status')).toBe('已提交');
  });

  it('is not offered once the sample is received', async () => {
    for (const status of ['sample_received', 'screening', 'completed'] as const) {
      const { view } = await open(ok(requesterView(requestDoc(status))));
      expect(view.has('.cancel')).toBe(false);
    }
  });

  it('toasts a refusal and shows where the request is now', async () => {
    let reads = 0;
    const { wx, view } = await open(
      () => ok(requesterView(requestDoc(++reads === 1 ? 'accepted' : 'sample_received'))),
      { 'cable.cancel': fail('INVALID_TRANSITION', '样品已送达产品医院（当前“已收样”），不能再撤销申请') },
    );
    wx.showModal.mockImplementation((o: { success: (r: object) => void }) => o.success({ confirm: true }));
    await view.tap('.cancel');
    expect(wx.lastToast()).toBe('样品已送达产品医院（当前“已收样”），不能再撤销申请');
    expect(view.text('.status')).toBe('已收样');
    expect(view.has('.cancel')).toBe(false);
  });
});
