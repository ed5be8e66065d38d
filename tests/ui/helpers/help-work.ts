/** Fixtures and wx extras for the help desk's work pages (experts' and admins'). */
import type { CaseStatsView, ExpertAdminView } from '../../../typings/api';
import { EXPERT } from './help-fixtures';
import { mockWx } from './wx';

type Routes = Parameters<typeof mockWx>[0];

export function expertAdmin(overrides: Partial<ExpertAdminView> = {}): ExpertAdminView {
  return {
    ...EXPERT,
    maxOpenCases: 5,
    openCases: 2,
    active: true,
    boundUser: null,
    resolvedCases: 12,
    averageStars: 4.6,
    ...overrides,
  };
}

export function caseStats(overrides: Partial<CaseStatsView> = {}): CaseStatsView {
  return {
    from: '2026-11-06',
    to: '2026-12-05',
    total: 42,
    byStatus: { open: 5, accepted: 10, closing: 3, resolved: 22, withdrawn: 2 },
    byCategory: [
      { key: '家用电器', count: 20 },
      { key: '电线电缆', count: 22 },
    ],
    byCity: [
      { key: '佛山市', count: 30 },
      { key: '广州市', count: 12 },
    ],
    byExpert: [
      { expertId: 'e-1', name: '陈建国', count: 9, resolved: 7, averageStars: 4.5 },
      { expertId: 'e-2', name: '林晓', count: 4, resolved: 1, averageStars: null },
    ],
    firstAnswerHours: { count: 37, median: 5.25, p90: 30 },
    resolutionHours: { count: 22, median: 100, p90: 336 },
    overdue: 4,
    ratings: { count: 20, average: 4.35, distribution: { '1': 0, '2': 1, '3': 2, '4': 6, '5': 11 } },
    ...overrides,
  };
}

/**
 * mockWx plus what these pages use beyond it: scrolling, the clipboard, choosing a chat file,
 * uploading it, downloading and sharing a file (shareFileMessage only when `share` is set: the web
 * preview has none).
 */
export function mockWorkWx(
  routes: Routes = {},
  options: { chosen?: { path: string; name: string } | null; uploadFails?: boolean; share?: boolean } = {},
) {
  const wx = mockWx(routes);
  const uploadFile = jest.fn((o: { cloudPath: string; success?: (r: object) => void; fail?: (e: object) => void }) => {
    if (options.uploadFails) o.fail?.({ errMsg: 'cloud.uploadFile:fail' });
    else o.success?.({ fileID: `cloud://env.bucket/${o.cloudPath}`, statusCode: 200 });
  });
  const extra = {
    pageScrollTo: jest.fn(),
    setClipboardData: jest.fn((o: { success?: () => void }) => o.success?.()),
    chooseMessageFile: jest.fn((o: { success?: (r: object) => void; fail?: (e: object) => void }) => {
      if (options.chosen) o.success?.({ tempFiles: [{ ...options.chosen, size: 2048, type: 'file', time: 0 }] });
      else o.fail?.({ errMsg: 'chooseMessageFile:fail cancel' });
    }),
    downloadFile: jest.fn((o: { success?: (r: object) => void }) =>
      o.success?.({ statusCode: 200, tempFilePath: 'wxfile://tmp/stats.csv' }),
    ),
    ...(options.share ? { shareFileMessage: jest.fn() } : {}),
  };
  const g = globalThis as unknown as { wx: { cloud: object } & Record<string, unknown> };
  Object.assign(g.wx, extra);
  if (!options.share) delete g.wx.shareFileMessage;
  Object.assign(g.wx.cloud, { uploadFile });
  return { ...wx, ...extra, uploadFile } as typeof wx &
    typeof extra & { uploadFile: typeof uploadFile; shareFileMessage?: jest.Mock };
}
