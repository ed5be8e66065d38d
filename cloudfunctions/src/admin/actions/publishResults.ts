import { z } from 'zod';
import { campaignIdInput } from '../../contract/voucher';
import { localOnly } from '../../runtime/jobs';
import { action } from '../../runtime/router';
import { publishResults as publish } from '../draw/publish';

export const publishResults = action({
  access: 'admin',
  input: campaignIdInput.extend({
    // Test hooks, honoured only on the local cloud: a tiny time budget, small notice batches and a crash in the notice queue.
    budgetMs: z.number().int().min(1).max(50_000).meta({ title: '单次运行时长' }).optional(),
    faultAfterBatches: z.number().int().min(1).meta({ title: '故障注入批次' }).optional(),
    noticeBatch: z.number().int().min(1).max(1000).meta({ title: '通知批量' }).optional(),
  }),
  async handler({ campaignId, budgetMs, faultAfterBatches, noticeBatch }, { caller, db }) {
    return publish(db, caller, campaignId, {
      budgetMs: localOnly() ? budgetMs : undefined,
      noticeBatch: localOnly() ? noticeBatch : undefined,
      faultAfterBatches: localOnly() ? faultAfterBatches : undefined,
    });
  },
});
