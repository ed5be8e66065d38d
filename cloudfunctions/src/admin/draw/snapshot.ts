import type { DrawEntry, PoolResult } from '../../core/draw/types';
import type { Database } from '../../runtime/cloud';
import { list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import type { ApplicationDoc } from '../../services/documents';

/** What a winner's voucher copies from its application (services/vouchers newVoucherDoc). */
export type WinnerApplication = Pick<
  ApplicationDoc,
  '_id' | 'applicantKey' | 'ownerOpenid' | 'applicantName' | 'applicantType'
>;

const PAGE = 1000;

/**
 * Where the snapshot is cut to be read in four streams side by side: the database's generated _ids start
 * with random hex digits, so each stream holds about a quarter (any other ids are still read, just less evenly).
 */
const STREAM_STARTS = ['', '4', '8', 'c'];

/**
 * Every application of a campaign as a draw entry, in _id order, paged by key (not by offset, which
 * degrades on large campaigns). Withdrawn applications are deleted while the window is open, so after
 * the close this is exactly the frozen snapshot. Only the entry's three fields are read: the other
 * fields a voucher needs are read for the winners alone (loadWinners). The streams overlap one page's
 * worth at most (a stream's last page runs into the next stream's ids, which it drops).
 */
export async function loadSnapshot(db: Database, campaignId: string): Promise<DrawEntry[]> {
  const streams = await Promise.all(
    STREAM_STARTS.map((from, i) => loadIdRange(db, campaignId, from, STREAM_STARTS[i + 1])),
  );
  return streams.flat();
}

/** The entries whose _id is at least `from` and below `until` (no upper end when absent), in _id order. */
async function loadIdRange(
  db: Database,
  campaignId: string,
  from: string,
  until: string | undefined,
): Promise<DrawEntry[]> {
  const _ = db.command;
  const entries: DrawEntry[] = [];
  let after: string | null = null;
  for (;;) {
    const idCondition: unknown = after !== null ? _.gt(after) : from ? _.gte(from) : null;
    const page: Pick<ApplicationDoc, '_id' | 'applicantKey' | 'poolIds'>[] = await list(
      db
        .collection('applications')
        .where(idCondition ? { campaignId, _id: idCondition } : { campaignId })
        .orderBy('_id', 'asc')
        .limit(PAGE)
        .field({ _id: true, applicantKey: true, poolIds: true }),
    );
    for (const a of page) {
      if (until !== undefined && a._id >= until) return entries;
      entries.push({ applicationId: a._id, applicantKey: a.applicantKey, poolIds: a.poolIds });
    }
    if (page.length < PAGE) return entries;
    after = page[page.length - 1]._id;
  }
}

/**
 * The applications of every winner of `result`, by id, read by id 1,000 at a time (a tenth of the
 * snapshot at most). A winner whose application is gone cannot be issued a voucher: the draw stops.
 */
export async function loadWinners(
  db: Database,
  campaignId: string,
  result: readonly PoolResult[],
): Promise<Map<string, WinnerApplication>> {
  const _ = db.command;
  const ids = [...new Set(result.flatMap((p) => p.winners))];
  const pages: string[][] = [];
  for (let i = 0; i < ids.length; i += PAGE) pages.push(ids.slice(i, i + PAGE));
  const found = await Promise.all(
    pages.map((slice) =>
      list<WinnerApplication>(
        db
          .collection('applications')
          .where({ campaignId, _id: _.in(slice) })
          .limit(PAGE)
          .field({ _id: true, applicantKey: true, ownerOpenid: true, applicantName: true, applicantType: true }),
      ),
    ),
  );
  const byId = new Map(found.flat().map((a) => [a._id, a]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing) throw new AppError('CONFLICT', `中签申领 ${missing} 已不存在，摇号已中止`);
  return byId;
}
