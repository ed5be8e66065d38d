import type { z } from 'zod';
import { campaignIdInput } from './voucher';

/** `noticeStatus`: the result notices of one campaign ({ campaignId }). */
export const noticeStatusInput = campaignIdInput;

/**
 * The result notices of one campaign (admin/draw/notices.ts). Publishing starts a job that queues one
 * subscribe message per applicant in the outbox (`queueing`); the outbox timer sends them at a bounded rate.
 * Every count is of outbox messages (one per applicant, however many pools they applied for):
 * queued = sent + skipped + failed + pending.
 */
export interface NoticeStatusView {
  campaignId: string;
  /**
   * The queueing job: `none` before the results are published, `running` while applicants are still being
   * queued (`done` of `total` applicants), `done` once every applicant has a message.
   */
  queueing: { status: 'none' | 'running' | 'done'; done: number; total: number };
  /** Messages in the outbox for this campaign. */
  queued: number;
  /** Delivered to WeChat. */
  sent: number;
  /** Not sent: the applicant had not subscribed (WeChat errcode 43101). */
  skipped: number;
  /** Given up after repeated errors, or not sendable (template id not configured). */
  failed: number;
  /** Still to be sent (waiting, being sent, or retrying after an error). */
  pending: number;
  /** Messages the outbox timer sends per run at most (NOTICE_RATE in admin/actions/sendNotifications.ts). */
  perRun: number;
  /** Minutes between runs of the outbox timer. */
  runEveryMinutes: number;
}

/** Result notices after a campaign is published: queued, sent, skipped, failed. */
export interface AdminNoticeApi {
  noticeStatus: { input: z.input<typeof noticeStatusInput>; output: NoticeStatusView };
}
