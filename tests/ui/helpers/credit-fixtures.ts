/** Fixtures and wx extras for the credit-code pages' tests. */
import type { IssuanceView, ProductDetailView, ScanStatsView, ScanView } from '../../../typings/api';
import { mockVoucherWx } from './voucher';

type Routes = Parameters<typeof mockVoucherWx>[0];

/**
 * mockVoucherWx plus location (`location`: where the phone is, null when the user declines), media,
 * downloads and documents. `modalTexts` are what the user types into successive editable modals.
 */
export function mockCreditWx(
  routes: Routes = {},
  options: {
    scan?: string | null;
    location?: { latitude: number; longitude: number } | null;
    modalTexts?: string[];
  } = {},
) {
  const wx = mockVoucherWx(routes, { scan: options.scan });
  const texts = [...(options.modalTexts ?? [])];
  wx.showModal.mockImplementation((o: { editable?: boolean; success?: (r: object) => void }) => {
    const answer = o.editable ? { confirm: texts.length > 0, content: texts.shift() ?? '' } : { confirm: true };
    o.success?.(answer);
    return Promise.resolve(answer);
  });
  const extra = {
    getLocation: jest.fn((o: { success?: (r: object) => void; fail?: (e: object) => void }) => {
      if (options.location) o.success?.(options.location);
      else o.fail?.({ errMsg: 'getLocation:fail auth deny' });
    }),
    chooseMedia: jest.fn((o: { success?: (r: object) => void }) =>
      o.success?.({ tempFiles: [{ tempFilePath: 'wxfile://tmp/photo-1.jpg', size: 1000 }] }),
    ),
    downloadFile: jest.fn((o: { success?: (r: object) => void }) =>
      o.success?.({ statusCode: 200, tempFilePath: 'wxfile://tmp/labels.pdf' }),
    ),
    openDocument: jest.fn((o: { success?: () => void }) => o.success?.()),
    previewImage: jest.fn(),
  };
  Object.assign((globalThis as unknown as { wx: object }).wx, extra);
  return { ...wx, ...extra };
}

export function scanView(overrides: Partial<ScanView> = {}): ScanView {
  return {
    code: '7K3M-9QXA-2BCD',
    found: true,
    warnings: [],
    product: {
      name: '电源线组件',
      brand: '美达',
      model: 'RVV 3×0.75mm²',
      category: '电线电缆',
      standard: 'GB/T 5023.5-2008',
      cccNumber: '2023010105654321',
      photoUrls: [],
    },
    maker: {
      name: '佛山市顺德区美达电器有限公司',
      uscc: '91440606722473344C',
      city: '佛山市',
      redlist: { listed: true, tierLabel: '五年榜', years: 6, version: '2026-11' },
    },
    issue: { kind: 'serial', kindLabel: '一物一码', batchNo: 'PW-2026-11', productionDate: '2026-11-14', serial: 1 },
    sampling: [
      {
        sampledAt: '2026-08-01',
        productName: '电源线',
        specModel: 'RVV',
        result: 'fail',
        resultLabel: '不合格',
        failedItems: '导体电阻',
        levelLabel: '省级监督抽查',
        authority: '广东省市场监督管理局',
      },
    ],
    scanCount: 8,
    revokedReason: null,
    cableScreenPath: '/pages/cable/submit/index?manufacturer=%E4%BD%9B&brand=%E7%BE%8E',
    ...overrides,
  };
}

export function issuance(overrides: Partial<IssuanceView> = {}): IssuanceView {
  return {
    issuanceId: 'iss-1',
    productId: 'p-1',
    kind: 'serial',
    kindLabel: '一物一码',
    batchNo: 'PW-2026-11',
    productionDate: '2026-11-14',
    quantity: 2500,
    codeCount: 2500,
    issuedCount: 2500,
    status: 'done',
    statusLabel: '已生成',
    firstCode: '7K3M-9QXA-2BCD',
    labelParts: 3,
    createdAt: '2026-11-16T02:00:00.000Z',
    ...overrides,
  };
}

export function productDetail(overrides: Partial<ProductDetailView> = {}): ProductDetailView {
  return {
    productId: 'p-1',
    name: '电源线组件',
    brand: '美达',
    model: 'RVV 3×0.75mm²',
    category: '电线电缆',
    standard: 'GB/T 5023.5-2008',
    cccNumber: null,
    photoUrls: [],
    photos: [],
    status: 'active',
    statusLabel: '正常',
    revokedReason: null,
    revokedAt: null,
    codeCount: 2500,
    scanCount: 18,
    createdAt: '2026-11-16T02:00:00.000Z',
    enterpriseName: '佛山市顺德区美达电器有限公司',
    issuances: [issuance()],
    ...overrides,
  };
}

export function scanStats(): ScanStatsView {
  const days = Array.from({ length: 30 }, (_, i) => ({
    key: `2026-11-${String(i + 1).padStart(2, '0')}`,
    label: '',
    count: i % 3,
  }));
  return {
    days,
    cities: [
      { key: '佛山市', label: '佛山市', count: 20 },
      { key: '省外', label: '省外', count: 9 },
    ],
    total: 29,
    chart: { categories: days.map((d) => d.key), series: [{ name: '扫码次数', data: days.map((d) => d.count) }] },
  };
}
