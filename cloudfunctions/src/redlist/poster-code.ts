/**
 * The mini-program code on a red-list badge poster: one per enterprise, made once with WeChat's
 * wxacode.getUnlimited (unlimited in number, but rate-limited per mini-program: WeChat recommends
 * making codes ahead rather than per request) and kept in storage; every later poster reuses it.
 */
import { REDLIST_CODE_PAGE, redlistScene } from '../../../miniprogram/shared/redlist-code';
import { getCloud, type Database } from '../runtime/cloud';
import { findById } from '../runtime/db';
import { AppError } from '../runtime/errors';
import { tempFileUrls } from '../services/files';

/** Pixels: WeChat's default; sharp on a printed A5 poster, small enough to send (≈ 3–30 KB). */
export const CODE_WIDTH = 430;
/** A code larger than this is not a code WeChat drew: refused rather than stored. */
export const MAX_CODE_BYTES = 512 * 1024;
/** Seconds a poster's code URL stays valid (the page draws it at once). */
export const CODE_URL_SECONDS = 30 * 60;

export interface RedlistCodeDoc {
  _id: string;
  fileID: string;
  scene: string;
  page: string;
  width: number;
  createdAt: Date;
}

interface WxacodeReply {
  contentType?: string;
  buffer?: Buffer;
}

/** Asks WeChat for the code and stores it; the document is written only after the upload succeeded. */
async function makeCode(db: Database, uscc: string): Promise<RedlistCodeDoc> {
  const scene = redlistScene(uscc);
  let reply: WxacodeReply;
  try {
    reply = (await getCloud().openapi.wxacode.getUnlimited({
      scene,
      page: REDLIST_CODE_PAGE,
      width: CODE_WIDTH,
    })) as WxacodeReply;
  } catch (error) {
    // 45009 (rate limit), -1 (busy), 41030 (page not yet released): the user can only try again later.
    console.error(`wxacode.getUnlimited failed for ${uscc}:`, (error as { errCode?: unknown }).errCode ?? error);
    throw new AppError('INTERNAL', '小程序码暂时无法生成，请稍后再试');
  }
  const image = reply.buffer;
  if (!/^image\//.test(reply.contentType ?? '') || !Buffer.isBuffer(image) || !image.length) {
    throw new AppError('INTERNAL', '小程序码暂时无法生成，请稍后再试');
  }
  if (image.length > MAX_CODE_BYTES) throw new AppError('INTERNAL', '小程序码暂时无法生成，请稍后再试');
  const upload = (await getCloud().uploadFile({
    cloudPath: `redlist-codes/${uscc}.png`,
    fileContent: image,
  })) as { fileID: string };
  const doc: RedlistCodeDoc = {
    _id: uscc,
    fileID: upload.fileID,
    scene,
    page: REDLIST_CODE_PAGE,
    width: CODE_WIDTH,
    createdAt: new Date(),
  };
  const { _id, ...fields } = doc;
  // set(): two first posters at once both make the same code and the same document; either wins.
  await db.collection('redlist_codes').doc(_id).set({ data: fields });
  return doc;
}

/** The enterprise's code as a temporary URL: the stored one, or a new one when none (or its file is gone). */
export async function posterCodeUrl(db: Database, uscc: string): Promise<{ url: string; doc: RedlistCodeDoc }> {
  const stored = await findById<RedlistCodeDoc>(db, 'redlist_codes', uscc);
  if (stored?.fileID) {
    const url = (await tempFileUrls([stored.fileID], CODE_URL_SECONDS)).get(stored.fileID);
    if (url) return { url, doc: stored };
  }
  const doc = await makeCode(db, uscc);
  const url = (await tempFileUrls([doc.fileID], CODE_URL_SECONDS)).get(doc.fileID);
  if (!url) throw new AppError('INTERNAL', '小程序码暂时无法生成，请稍后再试');
  return { url, doc };
}
