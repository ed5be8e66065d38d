import { z } from 'zod';
import { localOnly } from '../runtime/jobs';

/** Test hooks, honoured only on the local cloud: a tiny time budget and small batches force resumption. */
export const hooks = {
  budgetMs: z.number().int().min(1).max(50_000).meta({ title: '单次运行时长' }).optional(),
  batchSize: z.number().int().min(1).max(1000).meta({ title: '每批条数' }).optional(),
};

export const hooked = <T extends { budgetMs?: number; batchSize?: number }>(input: T) => ({
  budgetMs: localOnly() ? input.budgetMs : undefined,
  batchSize: localOnly() ? input.batchSize : undefined,
});
