import type { DrawEntry } from '../../core/draw/types';
import type { Database } from '../../runtime/cloud';
import { list } from '../../runtime/db';
import type { ApplicationDoc } from '../../services/documents';

export type SnapshotApplication = Pick<
  ApplicationDoc,
  '_id' | 'applicantKey' | 'poolIds' | 'ownerOpenid' | 'applicantName' | 'applicantType' | 'services'
>;

const PAGE = 1000;

/**
 * Every application of a campaign, in _id order, paged by key (not by offset, which degrades on large
 * campaigns). Withdrawn applications are deleted while the window is open, so after the close this is
 * exactly the frozen snapshot.
 */
export async function loadSnapshotApplications(db: Database, campaignId: string): Promise<SnapshotApplication[]> {
  const _ = db.command;
  const all: SnapshotApplication[] = [];
  let after = '';
  for (;;) {
    const page = await list<SnapshotApplication>(
      db
        .collection('applications')
        .where(after ? { campaignId, _id: _.gt(after) } : { campaignId })
        .orderBy('_id', 'asc')
        .limit(PAGE)
        .field({
          _id: true,
          applicantKey: true,
          poolIds: true,
          ownerOpenid: true,
          applicantName: true,
          applicantType: true,
          services: true,
        }),
    );
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page[page.length - 1]._id;
  }
}

export function toDrawEntries(apps: SnapshotApplication[]): DrawEntry[] {
  return apps.map((a) => ({ applicationId: a._id, applicantKey: a.applicantKey, poolIds: a.poolIds }));
}

export async function loadSnapshot(db: Database, campaignId: string): Promise<DrawEntry[]> {
  return toDrawEntries(await loadSnapshotApplications(db, campaignId));
}
