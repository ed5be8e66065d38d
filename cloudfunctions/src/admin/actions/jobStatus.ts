import { jobStatusInput, type JobView } from '../../contract/voucher';
import { findById } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import type { JobDoc } from '../../services/documents';

export const jobStatus = action({
  access: 'admin',
  input: jobStatusInput,
  async handler({ jobId }, { db }): Promise<JobView> {
    const job = await findById<JobDoc>(db, 'jobs', jobId);
    if (!job) throw new AppError('NOT_FOUND', '任务不存在');
    return {
      jobId,
      kind: job.kind,
      status: job.status,
      progress: { done: job.done, total: job.total },
      message: job.message ?? null,
    };
  },
});
