/**
 * The wx calls the quick-screen pages share, as promises (callbacks underneath: they work on every
 * base library and in the tests' fake wx). Kept apart from utils/cable.ts, which stays pure so unit
 * tests can import it without a wx.
 */
import type { CableRequestView } from '../../typings/api';
import type { PageHelpers } from '../definitions/index';
import { ApiError } from '../services/api';
import { randomId } from './cable';

/** What a request detail page has for requestDetailLifecycle. */
interface RequestDetailPage {
  data: { requestId: string };
  runLoad: PageHelpers['runLoad'];
  setData(data: { requestId?: string; errorText?: string }): void;
  load(): Promise<void>;
  show(view: CableRequestView): void;
}

/**
 * The lifecycle the requester's and the staff's request pages share: the request named by
 * `?requestId=`, loaded through runLoad on open and on pull-down, then handed to the page's show().
 * A page opened without a requestId, or refused by the server, shows why in the error state (the
 * server's own sentence when it gave one).
 */
export function requestDetailLifecycle(
  text: { missing: string; failed: string },
  fetch: (requestId: string) => Promise<CableRequestView>,
) {
  return {
    onLoad(this: RequestDetailPage, query: Record<string, string | undefined>) {
      this.setData({ requestId: query.requestId ?? '' });
      this.load();
    },
    async onPullDownRefresh(this: RequestDetailPage) {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load(this: RequestDetailPage) {
      const { requestId } = this.data;
      const view = await this.runLoad(async () => {
        if (!requestId) throw new ApiError('NOT_FOUND', text.missing);
        try {
          return await fetch(requestId);
        } catch (error) {
          this.setData({ errorText: error instanceof ApiError ? error.message : text.failed });
          throw error;
        }
      });
      if (!requestId) this.setData({ errorText: text.missing });
      if (view) this.show(view);
    },
  };
}

/** A stored file as a view hands it out: a signed temporary URL from the server (null: unavailable). */
export type StoredFile = CableRequestView['photos'][number];

/** Leave a minute's margin: a URL about to expire may run out while the file downloads. */
const URL_MARGIN_MS = 60_000;

/** Until when (device clock) the temp URLs of a view just received can be used. */
export function filesFreshUntil(view: CableRequestView, receivedAt = Date.now()): number {
  return receivedAt + view.filesExpireIn * 1000 - URL_MARGIN_MS;
}

/** What a request detail page keeps of the last answer. */
interface ViewHolder {
  data: { r: { view: CableRequestView; filesFreshUntil: number } | null };
  load(): Promise<void>;
}

/**
 * The view to open files from: the current one while its temp URLs are fresh, else reloaded first (a
 * page can stay open longer than the URLs last). Null when there is no view.
 */
export async function viewWithFreshFiles(page: ViewHolder): Promise<CableRequestView | null> {
  const r = page.data.r;
  if (r && Date.now() < r.filesFreshUntil) return r.view;
  await page.load();
  return page.data.r?.view ?? null;
}

/** The photos that can be shown, in the image viewer, starting at the tapped one (index among them). */
export function previewPhotos(photos: StoredFile[], index: number): void {
  const urls = photos.map((p) => p.url).filter((url): url is string => !!url);
  if (urls.length) wx.previewImage({ urls, current: urls[index] ?? urls[0] });
}

/** wx.showModal as a promise of "confirmed?" (callbacks: works on every base library). */
export function confirmModal(options: {
  title: string;
  content: string;
  confirmText?: string;
  danger?: boolean;
}): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title: options.title,
      content: options.content,
      confirmText: options.confirmText ?? '确定',
      confirmColor: options.danger ? '#FA5151' : '#07C160',
      success: (res) => resolve(!!res.confirm),
      fail: () => resolve(false),
    });
  });
}

/**
 * Asks for a short text in WeChat's editable modal (its text box has the focus when it opens). While
 * `problemOf` names a problem with what was typed, the modal opens again with the text kept and the
 * problem as its title, so the user corrects it there. Resolves to the trimmed text; null when cancelled.
 */
export async function askText(
  title: string,
  placeholder: string,
  problemOf: (content: string) => string,
): Promise<string | null> {
  let content = '';
  let problem = '';
  for (;;) {
    const answer = await wx.showModal({
      title: problem || title,
      editable: true,
      placeholderText: placeholder,
      content,
    });
    if (!answer?.confirm) return null;
    content = answer.content ?? '';
    problem = problemOf(content);
    if (!problem) return content.trim();
  }
}

/** Uploads a local file to cloud storage and resolves to its fileID. */
export function uploadToCloud(cloudPath: string, filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.cloud.uploadFile({
      cloudPath,
      filePath,
      success: (res) => (res.fileID ? resolve(res.fileID) : reject(new Error('no fileID'))),
      fail: reject,
    });
  });
}

/** A local file on its way to storage: fileID is '' until it is uploaded. */
export interface PendingUpload {
  path: string;
  fileID: string;
}

/**
 * Uploads the files not uploaded yet, one at a time, into `folder` (the caller's own upload folder, the
 * only one the functions accept), each under a random name with `extensionOf(file)`. `onProgress` runs
 * before each upload and `onUploaded` after it with the fileID filled in, so a page can show progress and
 * keep what is done: a retry after a failure sends only the rest. Resolves to every fileID; any failure
 * (or no folder) rejects with a NETWORK ApiError saying `failedMessage`.
 */
export async function uploadPending<F extends PendingUpload>(
  pending: readonly F[],
  folder: string | null | undefined,
  options: {
    extensionOf: (file: F) => string;
    failedMessage: string;
    onProgress: (done: number, total: number) => void;
    onUploaded: (files: F[]) => void;
  },
): Promise<string[]> {
  const files = [...pending];
  for (let i = 0; i < files.length; i++) {
    if (files[i].fileID) continue;
    options.onProgress(i, files.length);
    try {
      if (!folder) throw new Error('no upload folder');
      const fileID = await uploadToCloud(`${folder}/${randomId()}.${options.extensionOf(files[i])}`, files[i].path);
      files[i] = { ...files[i], fileID };
      options.onUploaded([...files]);
    } catch {
      throw new ApiError('NETWORK', options.failedMessage);
    }
  }
  return files.map((f) => f.fileID);
}

/**
 * Opens a stored report from its temp URL: images in the image viewer, PDFs downloaded (wx.downloadFile:
 * the file is someone else's, so wx.cloud.downloadFile would be refused) and opened. Resolves to false
 * when it cannot be shown (the page then offers the link instead).
 */
export async function openStoredFile(file: StoredFile): Promise<boolean> {
  const url = file.url;
  if (!url) return false;
  try {
    if (file.kind !== 'pdf') {
      await new Promise<void>((resolve, reject) =>
        wx.previewImage({ urls: [url], current: url, success: () => resolve(), fail: reject }),
      );
      return true;
    }
    const tempFilePath = await new Promise<string>((resolve, reject) =>
      wx.downloadFile({
        url,
        success: (res) =>
          res.statusCode === 200 ? resolve(res.tempFilePath) : reject(new Error(`HTTP ${res.statusCode}`)),
        fail: reject,
      }),
    );
    await new Promise<void>((resolve, reject) =>
      wx.openDocument({
        filePath: tempFilePath,
        fileType: 'pdf',
        showMenu: true,
        success: () => resolve(),
        fail: reject,
      }),
    );
    return true;
  } catch {
    return false;
  }
}
