import { flush, renderPage } from '../../helpers/render';
import { ok } from '../../helpers/wx';
import { mockCreditWx, productDetail } from '../../helpers/credit-fixtures';

const MINE = { items: [], page: 1, pageSize: 20, total: 0, enterpriseName: '美达', uploadFolder: 'credit-photos/f1' };

describe('登记产品', () => {
  it('checks the fields as the server does, then saves and opens the product', async () => {
    const saved: Record<string, unknown>[] = [];
    const wx = mockCreditWx({
      'credit.myProducts': ok(MINE),
      'credit.saveProduct': (data: Record<string, unknown>) => {
        saved.push(data);
        return ok({ ...productDetail(), productId: 'p-new' });
      },
    });
    (globalThis as unknown as { wx: { cloud: object } }).wx.cloud = {
      ...(globalThis as unknown as { wx: { cloud: object } }).wx.cloud,
      uploadFile: jest.fn((o: { cloudPath: string; success: (r: object) => void }) =>
        o.success({ fileID: `cloud://env.b/${o.cloudPath}` }),
      ),
    };
    const view = await renderPage('pages/credit/product-form/index');
    await flush();
    await view.tap('.submit');
    expect(view.text('.name-error')).toBe('产品名称至少 2 个字');
    expect(view.text('.category-error')).toBe('请选择产品类别');
    expect(view.text('.standard-error')).toBe('执行标准应为标准编号，例如 GB/T 5023.3-2008');
    expect(saved).toEqual([]);
    await view.input('.name-input', '电源线组件');
    await view.input('.brand-input', '美达');
    await view.input('.model-input', 'RVV 3×0.75');
    await view.trigger('.category', 'change', { value: '0' });
    await view.input('.standard-input', 'gb/t 5023.5-2008');
    await view.input('.cccNumber-input', '123');
    expect(view.text('.cccNumber-error')).toBe('CCC 证书编号应为 16 位数字');
    await view.input('.cccNumber-input', '2023 0101 0565 4321');
    await view.tap('.add-photo');
    await view.tap('.submit');
    await flush();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      name: '电源线组件',
      category: '电线电缆',
      standard: 'gb/t 5023.5-2008',
      cccNumber: '2023010105654321',
    });
    expect((saved[0].photos as string[])[0]).toMatch(/^cloud:\/\/env\.b\/credit-photos\/f1\/.+\.jpg$/);
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/credit/product/index?productId=p-new' });
  });

  it('edits a product: the form is filled, and the server’s refusal shows under its field', async () => {
    mockCreditWx({
      'credit.myProducts': ok(MINE),
      'credit.getProduct': ok(productDetail({ cccNumber: '2023010105654321' })),
      'credit.saveProduct': {
        ok: false,
        code: 'VALIDATION_FAILED',
        message: '执行标准：执行标准应为标准编号，例如 GB/T 5023.3-2008',
        details: {
          fields: [{ path: 'standard', label: '执行标准', message: '执行标准应为标准编号，例如 GB/T 5023.3-2008' }],
        },
      },
    });
    const view = await renderPage('pages/credit/product-form/index', { productId: 'p-1' });
    await flush();
    expect(view.text('.category-value')).toBe('电线电缆');
    await view.tap('.submit');
    await flush();
    expect(view.text('.standard-error')).toBe('执行标准应为标准编号，例如 GB/T 5023.3-2008');
  });
});
