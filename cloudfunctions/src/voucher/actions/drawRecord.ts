import { campaignIdInput } from '../../contract/voucher';
import { processingOrder } from '../../core/draw';
import { getCloud } from '../../runtime/cloud';
import { list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import { drawPoolsOf, getCampaignOrFail } from '../../services/campaigns';
import { assertPublished } from '../published-results';

export const drawRecord = action({
  access: 'public',
  input: campaignIdInput,
  async handler({ campaignId }, { db }) {
    const campaign = await getCampaignOrFail(db, campaignId);
    assertPublished(campaign);
    const fileID = campaign.recordFileID;
    if (!fileID) throw new AppError('NOT_FOUND', '摇号记录文件不存在');
    const secretDoc = (
      await list<{ secret: string }>(db.collection('campaign_secrets').where({ _id: campaignId }).limit(1))
    )[0];
    const temp = (await getCloud().getTempFileURL({ fileList: [fileID] })) as { fileList: { tempFileURL: string }[] };
    return {
      algorithm: 'draw-v1' as const,
      campaignId,
      cap: campaign.cap,
      pools: processingOrder(drawPoolsOf(campaign)),
      commitment: campaign.commitment!,
      // The secret is revealed only after publication: from then on anyone can check it against the commitment.
      secret: secretDoc?.secret ?? '',
      beacon: campaign.beacon!,
      snapshotHash: campaign.snapshotHash!,
      seed: campaign.seed!,
      resultDigest: campaign.resultDigest!,
      entryCount: campaign.snapshotCount ?? 0,
      recordFileID: fileID,
      recordUrl: temp.fileList?.[0]?.tempFileURL ?? '',
    };
  },
});
