/** Fixtures and wx extras for the voucher and hospital pages' tests. */
import type { ApplicationView, VoucherView } from '../../../typings/api';
import { mockWx } from './wx';

type Routes = Parameters<typeof mockWx>[0];

/**
 * mockWx plus the APIs these pages use beyond the shell's (modal answers, scan, clipboard,
 * subscribe messages, redirect). `modal` is what the user answers to each wx.showModal.
 */
export function mockVoucherWx(routes: Routes = {}, options: { modal?: boolean; scan?: string | null } = {}) {
  const wx = mockWx(routes);
  wx.showModal.mockImplementation((o: { success?: (r: object) => void }) =>
    o.success?.({ confirm: options.modal ?? true, cancel: !(options.modal ?? true) }),
  );
  const extra = {
    redirectTo: jest.fn(),
    navigateBack: jest.fn(),
    setNavigationBarTitle: jest.fn(),
    pageScrollTo: jest.fn(),
    requestSubscribeMessage: jest.fn((o: { complete?: () => void; fail?: (e: object) => void }) => {
      // As WeChat answers an unconfigured template id: fail, then complete.
      o.fail?.({ errMsg: 'requestSubscribeMessage:fail' });
      o.complete?.();
    }),
    scanCode: jest.fn((o: { success?: (r: object) => void; fail?: (e: object) => void }) => {
      if (options.scan === null || options.scan === undefined) o.fail?.({ errMsg: 'scanCode:fail cancel' });
      else o.success?.({ result: options.scan, scanType: 'QR_CODE' });
    }),
    setClipboardData: jest.fn((o: { success?: () => void }) => o.success?.()),
  };
  Object.assign((globalThis as unknown as { wx: object }).wx, extra);
  return { ...wx, ...extra };
}

export function application(overrides: Partial<ApplicationView> = {}): ApplicationView {
  return {
    applicationId: 'app-1',
    campaignId: 'c-2026-2',
    campaignTitle: '2026 年第二批广东省产品检测券（20000 份）',
    applicantType: 'enterprise',
    applicantName: '佛山市顺德区美达电器有限公司',
    poolIds: ['G2000', 'G5000'],
    services: ['ccc'],
    contact: { name: '陈志强', phone: '13912345678' },
    status: 'submitted',
    wonPoolIds: [],
    waitlist: [],
    submittedAt: '2026-06-30T02:00:00.000Z',
    ...overrides,
  };
}

export function voucher(overrides: Partial<VoucherView> = {}): VoucherView {
  return {
    voucherId: 'V0000000000000001',
    campaignId: 'c-2026-1',
    campaignTitle: '2026 年第一批广东省产品检测券',
    poolId: 'G5000',
    faceValue: 5000,
    status: 'issued',
    validUntil: '2027-01-31',
    holderName: '佛山市顺德区美达电器有限公司',
    services: ['ccc', 'commissioned'],
    redemption: null,
    qrPayload: 'YPT1.V0000000000000001.SIGNATURE',
    qrImage: 'data:image/png;base64,iVBORw0KGgo=',
    ...overrides,
  };
}
