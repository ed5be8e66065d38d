import { beaconSourceOf, type BeaconValue } from '../../core/draw/beacon';
import { processingOrder } from '../../core/draw/hashes';
import { DRAW_ALGORITHM, type DrawRecord } from '../../core/draw/types';
import { getCloud } from '../../runtime/cloud';
import { drawPoolsOf, pinnedBeaconOf } from '../../services/campaigns';
import type { DrawComputation } from './job';

/**
 * Uploads the full record of LOTTERY.md for a computed draw, secret included, and answers its fileID. Storage
 * is closed to clients; drawRecord hands out the link only once the campaign is published, which is when the
 * secret is revealed. The same computation gives the same file, so writing it again changes nothing.
 */
export async function uploadDrawRecord(c: DrawComputation, beacon: string, beaconValue: BeaconValue): Promise<string> {
  const { campaign } = c;
  const pinned = pinnedBeaconOf(campaign);
  if (!pinned) throw new Error(`campaign ${campaign._id} has no pinned beacon source`);
  const record: DrawRecord = {
    algorithm: DRAW_ALGORITHM,
    campaignId: campaign._id,
    cap: campaign.cap,
    pools: processingOrder(drawPoolsOf(campaign)),
    commitment: campaign.commitment!,
    secret: c.secret,
    beacon,
    snapshotHash: campaign.snapshotHash!,
    seed: c.seed,
    // What pins the beacon: anyone can check the source was fixed for this close and the value is genuine.
    closesAt: new Date(campaign.closesAt).toISOString(),
    closedAt: new Date(campaign.closedAt!).toISOString(),
    beaconSource: beaconSourceOf(pinned, beaconValue),
    entries: c.entries,
    result: c.result,
    resultDigest: c.digest,
  };
  const upload = (await getCloud().uploadFile({
    cloudPath: `draw-records/${campaign._id}.json`,
    fileContent: Buffer.from(JSON.stringify(record, null, 1)),
  })) as { fileID: string };
  return upload.fileID;
}
