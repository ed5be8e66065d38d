import { flush, renderPage } from '../../helpers/render';
import { ok } from '../../helpers/wx';
import { issuance, mockCreditWx, productDetail, scanStats } from '../../helpers/credit-fixtures';

describe('产品（信用赋码）', () => {
  it('issues serial codes, calling continueIssue until done, with the same request id on every call', async () => {
    let continued = 0;
    const wx = mockCreditWx({
      'credit.getProduct': ok(productDetail({ issuances: [] })),
      'credit.scanStats': ok(scanStats()),
      'credit.issueCodes': ok(
        issuance({ issuanceId: 'iss-9', status: 'issuing', issuedCount: 1000, statusLabel: '生成中' }),
      ),
      'credit.continueIssue': () => {
        continued++;
        return ok(
          continued < 2
            ? issuance({ issuanceId: 'iss-9', status: 'issuing', issuedCount: 2000, statusLabel: '生成中' })
            : issuance({ issuanceId: 'iss-9' }),
        );
      },
    });
    const view = await renderPage('pages/credit/product/index', { productId: 'p-1' });
    await flush();
    expect(view.text('.no-issues')).toBe('还没有生成信用码');
    // Nothing is sent while the form has problems.
    await view.tap('.issue');
    expect(view.text('.batch-error')).toBe('请填写生产批号');
    expect(view.text('.quantity-error')).toBe('数量应为 1 到 10,000,000 的整数');
    await view.tap('.kind__choice_serial');
    expect(view.text('.quantity-error')).toBe('数量应为 1 到 100,000 的整数');
    await view.input('.batch-input', 'PW-2026-12');
    await view.trigger('.date', 'change', { value: '2026-12-01' });
    await view.input('.quantity-input', '2500');
    expect(wx.calls().filter((c) => c.data.action === 'issueCodes')).toEqual([]);
    await view.tap('.issue');
    await flush();
    const sent = wx.calls().filter((c) => /issueCodes|continueIssue/.test(String(c.data.action)));
    expect(sent.map((c) => c.data.action)).toEqual(['issueCodes', 'continueIssue', 'continueIssue']);
    expect(sent[0].data).toMatchObject({
      productId: 'p-1',
      kind: 'serial',
      batchNo: 'PW-2026-12',
      productionDate: '2026-12-01',
      quantity: 2500,
    });
    expect(String(sent[0].data.clientRequestId)).toMatch(/^i/);
    expect(wx.lastToast()).toBe('已生成 2,500 个信用码');
  });

  it('downloads a label file and opens it; lists one button per 1,000 codes', async () => {
    const wx = mockCreditWx({
      'credit.getProduct': ok(productDetail()),
      'credit.scanStats': ok(scanStats()),
      'credit.labels': ok({
        fileID: 'cloud://x/credit-labels/iss-1/2.pdf',
        url: 'https://tmp.example/2.pdf',
        part: 2,
        parts: 3,
        from: 1001,
        to: 2000,
      }),
    });
    const view = await renderPage('pages/credit/product/index', { productId: 'p-1' });
    await flush();
    expect(view.texts('.part')).toEqual(['第 1–1,000 号', '第 1,001–2,000 号', '第 2,001–2,500 号']);
    expect(view.text('.issuance__first')).toBe('首个码：7K3M-9QXA-2BCD');
    await view.tap('.part', 1);
    await flush();
    expect(wx.calls().at(-1)?.data).toEqual({ action: 'labels', issuanceId: 'iss-1', part: 2 });
    expect(wx.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: 'https://tmp.example/2.pdf' }));
    expect(wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ fileType: 'pdf', showMenu: true }));
    await view.tap('.view-scan');
    expect(wx.navigateTo.mock.calls.at(-1)?.[0].url).toBe('/pages/credit/scan/index?code=7K3M-9QXA-2BCD');
  });

  it('a revoked product shows the reason and offers neither edits nor new codes', async () => {
    mockCreditWx({
      'credit.getProduct': ok(productDetail({ status: 'revoked', statusLabel: '已撤销', revokedReason: '抽检不合格' })),
      'credit.scanStats': ok(scanStats()),
    });
    const view = await renderPage('pages/credit/product/index', { productId: 'p-1' });
    await flush();
    expect(view.text('.revoked')).toContain('撤销：抽检不合格');
    expect(view.has('.issue')).toBe(false);
    expect(view.has('.edit')).toBe(false);
  });
});
