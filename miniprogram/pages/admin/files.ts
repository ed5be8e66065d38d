/**
 * Handing a file the server made (a CSV or XLSX at a temporary URL) to an admin's phone: downloaded with
 * wx.downloadFile, then shared as a chat file (a chat, or 文件传输助手 to reach a computer). The 管理 pages
 * that export (帮扶统计, 导入与红榜, 数据看板) all hand files over this way.
 */
import { extensionOf } from '../../utils/cable';

type ShareFileMessage = (options: {
  filePath: string;
  fileName: string;
  success?: () => void;
  fail?: (e: unknown) => void;
}) => void;

/** wx.shareFileMessage where the base library has it (typings lag behind), else null. */
export function shareFileMessage(): ShareFileMessage | null {
  const share = (wx as unknown as { shareFileMessage?: ShareFileMessage }).shareFileMessage;
  return typeof share === 'function' ? share : null;
}

/** wx.downloadFile as a promise of the temp path. */
export function download(url: string): Promise<string> {
  return new Promise((resolve, reject) =>
    wx.downloadFile({
      url,
      success: (res) =>
        res.statusCode === 200 ? resolve(res.tempFilePath) : reject(new Error(`HTTP ${res.statusCode}`)),
      fail: reject,
    }),
  );
}

/**
 * Downloads the file at `url` and opens WeChat's share sheet for it as `fileName`; where sharing is not
 * possible or the download fails, says so with the page's own words (the page also offers the link).
 */
export async function shareDownload(
  url: string,
  fileName: string,
  text: { shareUnsupported: string; downloadFailed: string },
): Promise<void> {
  const share = shareFileMessage();
  if (!share) {
    wx.showToast({ title: text.shareUnsupported, icon: 'none' });
    return;
  }
  let filePath: string;
  try {
    filePath = await download(url);
  } catch {
    wx.showToast({ title: text.downloadFailed, icon: 'none' });
    return;
  }
  share({ filePath, fileName });
}

/** The table files the imports read (services/import-files.ts on the server). */
const TABLE_EXTENSIONS = ['csv', 'xlsx'];

/** Lets the admin pick one CSV/XLSX file from a chat (WeChat's only way to a phone's files); `then` gets it. */
export function chooseTableFile(then: (path: string, name: string) => void): void {
  wx.chooseMessageFile({
    count: 1,
    type: 'file',
    extension: TABLE_EXTENSIONS,
    success: (res) => {
      const file = res.tempFiles[0];
      if (file) then(file.path, file.name);
    },
  });
}

/** The chosen file's extension when it is a table file ('csv' / 'xlsx'), else null. */
export function tableExtension(path: string, name: string): string | null {
  const ext = extensionOf(name) || extensionOf(path);
  return TABLE_EXTENSIONS.includes(ext) ? ext : null;
}
