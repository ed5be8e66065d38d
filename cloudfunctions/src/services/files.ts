/**
 * Files users upload for other users to see (cable photos for the hospital, the hospital's screening
 * report for the requester).
 *
 * Storage is PRIVATE (cloudfunctions/storage.json): a mini-program user reads only what they uploaded,
 * so a file reaches anyone else only as a signed temp URL the functions ask for (tempFileUrls), handed
 * out by a view that has already decided the caller may see the record. Because the server reads every
 * file, it must never be tricked into handing out somebody else's: each user uploads into a folder of
 * their own (ownUploadFolder), and an action accepts a fileID only from the caller's folder and only
 * when the file exists (acceptOwnUploads).
 */
import { getCloud } from '../runtime/cloud';
import { AppError } from '../runtime/errors';
import { keyedHash } from '../runtime/secrets';

/** The kinds of user uploads, each the top folder of its files. */
export type UploadArea = 'cable-photos' | 'cable-reports' | 'help-files' | 'credit-photos';

/**
 * `<area>/<pseudonym>`: where `openid` uploads files of one area. The pseudonym is a keyed hash, not
 * the openid itself, because temp URLs carry the path to other users (the hospital sees the requester's
 * photo URLs); it differs per area, so one user's folders cannot be linked to each other either.
 */
export function ownUploadFolder(area: UploadArea, openid: string, secret?: string): string {
  if (!openid) throw new AppError('UNAUTHENTICATED', '上传文件需要微信用户身份');
  return `${area}/${keyedHash('upload-folder', `${area}|${openid}`, secret).slice(0, 32)}`;
}

/**
 * Is `fileID` (`cloud://<env>.<bucket>/<path>`) a file inside `folder`? No empty, `.` or `..` segments
 * and no backslashes, so a path cannot step out of the folder.
 */
export function isInFolder(fileID: string, folder: string): boolean {
  const match = /^cloud:\/\/[^/\s]+\/([^\s?#\\]+)$/.exec(fileID);
  if (!match || !folder) return false;
  const segments = match[1].split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return false;
  const prefix = folder.split('/');
  return segments.length > prefix.length && prefix.every((p, i) => segments[i] === p);
}

interface TempFileReply {
  fileList?: { fileID: string; status: number; tempFileURL: string }[];
}

/**
 * Signed temporary download URLs, valid for `maxAge` seconds, of the given files: one getTempFileURL
 * call for all of them. Files missing from storage are absent from the map.
 */
export async function tempFileUrls(fileIDs: string[], maxAge: number): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  const unique = [...new Set(fileIDs)];
  if (!unique.length) return urls;
  const reply = (await getCloud().getTempFileURL({
    fileList: unique.map((fileID) => ({ fileID, maxAge })),
  })) as TempFileReply;
  for (const file of reply.fileList ?? []) {
    if (file.status === 0 && file.tempFileURL) urls.set(file.fileID, file.tempFileURL);
  }
  return urls;
}

/**
 * Refuses, with VALIDATION_FAILED, any of `files` that is not in the caller's own `folder` or is not in
 * storage (one getTempFileURL call for all of them). `label` names the file in the message. Answers the
 * files' temp URLs, valid `maxAge` seconds, so a view of what was just saved needs no second call.
 */
export async function acceptOwnUploads(
  files: { fileID: string; label: string }[],
  folder: string,
  maxAge = 60,
): Promise<Map<string, string>> {
  for (const { fileID, label } of files) {
    if (!isInFolder(fileID, folder)) {
      throw new AppError('VALIDATION_FAILED', `${label}不是由当前账号上传的文件，请重新上传`);
    }
  }
  const existing = await tempFileUrls(
    files.map((f) => f.fileID),
    maxAge,
  );
  for (const { fileID, label } of files) {
    if (!existing.has(fileID)) throw new AppError('VALIDATION_FAILED', `${label}文件不存在或已删除，请重新上传`);
  }
  return existing;
}
