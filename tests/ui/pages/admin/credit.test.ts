import { flush, renderPage } from '../../helpers/render';
import { ok } from '../../helpers/wx';
import { mockCreditWx, productDetail } from '../../helpers/credit-fixtures';

const { issuances: _, ...base } = productDetail();
const product = { ...base, uscc: '91440606722473344C', enterpriseCity: '佛山市' };

describe('产品信用赋码管理', () => {
  it('filters, revokes with a reason the user types, shows the change log and the figures', async () => {
    const wx = mockCreditWx(
      {
        'credit.adminProducts': ok({ items: [product], page: 1, pageSize: 20, total: 1 }),
        'credit.revokeProduct': (data: Record<string, unknown>) =>
          ok({ ...product, status: 'revoked', statusLabel: '已撤销', revokedReason: data.reason }),
        'credit.productAudit': ok({
          items: [
            {
              action: 'credit.issueCodes',
              actionLabel: '企业申请赋码',
              actor: '企业账号',
              note: '一物一码 2500 个，批号 PW',
              at: '2026-11-16 10:00',
            },
          ],
        }),
        'credit.creditStats': ok({
          byCategory: [{ key: '电线电缆', label: '电线电缆', products: 3, revoked: 1, codes: 2501, scans: 40 }],
          byCity: [{ key: '佛山市', label: '佛山市', products: 3, revoked: 1, codes: 2501, scans: 40 }],
          totals: { products: 3, revoked: 1, codes: 2501, scans: 40 },
        }),
      },
      { modalTexts: ['短', '2026 年省级监督抽查导体电阻不合格'] },
    );
    const view = await renderPage('pages/admin/credit/index');
    await flush();
    expect(view.text('.product__maker')).toBe('佛山市顺德区美达电器有限公司（佛山市）');
    await view.tap('.status__choice_revoked');
    await flush();
    expect(wx.calls().at(-1)?.data).toEqual({ action: 'adminProducts', page: 1, keyword: '', status: 'revoked' });
    await view.tap('.revoke');
    await flush();
    // The too-short reason was asked again with its problem as the title.
    expect(wx.showModal.mock.calls[1][0].title).toBe('撤销原因至少 4 个字');
    expect(wx.calls().at(-1)?.data).toEqual({
      action: 'revokeProduct',
      productId: 'p-1',
      reason: '2026 年省级监督抽查导体电阻不合格',
    });
    expect(view.text('.product__reason')).toBe('撤销原因：2026 年省级监督抽查导体电阻不合格');
    expect(view.has('.revoke')).toBe(false);
    await view.tap('.audit');
    await flush();
    expect(view.text('.audit-entry')).toBe('2026-11-16 10:00 企业账号 企业申请赋码：一物一码 2500 个，批号 PW');
    await view.tap('.tab_stats');
    await flush();
    expect(view.texts('.stats-row')).toEqual(['电线电缆：3 · 1 · 2,501 · 40', '佛山市：3 · 1 · 2,501 · 40']);
  });
});
