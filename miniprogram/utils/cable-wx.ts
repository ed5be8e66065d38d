/**
 * The wx calls the quick-screen pages share, as promises (callbacks underneath: they work on every
 * base library and in the tests' fake wx). Kept apart from utils/cable.ts, which stays pure so unit
 * tests can import it without a wx.
 */
import type { CableRequestView } from '../../typings/api';
import type { PageHelpers } from '../definitions/index';
import { ApiError } from '../services/api';
import { extensionOf } from './cable';

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

/** The request's photos in the image viewer, starting at the tapped one. */
export function previewPhotos(photos: string[], index: number): void {
  wx.previewImage({ urls: photos, current: photos[index] });
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

/**
 * Opens a stored report: images in the image viewer, documents downloaded and opened. Resolves to
 * false when the device cannot show it (the page then offers the fileID instead).
 */
export async function openStoredFile(fileID: string): Promise<boolean> {
  const ext = extensionOf(fileID);
  try {
    if (ext !== 'pdf') {
      await new Promise<void>((resolve, reject) =>
        wx.previewImage({ urls: [fileID], current: fileID, success: () => resolve(), fail: reject }),
      );
      return true;
    }
    const tempFilePath = await new Promise<string>((resolve, reject) =>
      wx.cloud.downloadFile({ fileID, success: (res) => resolve(res.tempFilePath), fail: reject }),
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
