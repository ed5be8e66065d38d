import { z } from 'zod';
import { drawInput } from '../../contract/voucher';
import { localOnly } from '../../runtime/jobs';
import { action } from '../../runtime/router';
import { runDraw } from '../draw/job';

export const draw = action({
  access: 'admin',
  input: drawInput.extend({
    // Test hooks, honoured only on the local cloud: a tiny time budget and a crash between write and checkpoint.
    budgetMs: z.number().int().min(1).max(50_000).meta({ title: '单次运行时长' }).optional(),
    faultAfterBatches: z.number().int().min(1).meta({ title: '故障注入批次' }).optional(),
  }),
  async handler({ campaignId, announced, budgetMs, faultAfterBatches }, { caller, db, now }) {
    return runDraw(db, caller, {
      campaignId,
      announced,
      now,
      budgetMs: localOnly() ? budgetMs : undefined,
      faultAfterBatches: localOnly() ? faultAfterBatches : undefined,
    });
  },
});
