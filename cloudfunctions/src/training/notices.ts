/**
 * Training messages to attendees, queued in the outbox (admin sendNotifications sends them as the
 * `trainingNotice` subscribe message): a seat from the waitlist, a cancelled session, the reminders the
 * day and the hour before. Each is written inside the transaction of the change it reports, and its
 * dedupeKey (unique) makes a repeated reminder a no-op.
 */
import { formatDateTime } from '../core/time';
import type { Database } from '../runtime/cloud';
import { isDuplicateKeyError, throwIfErrorReply, type Transaction } from '../runtime/db';
import type { SessionDoc, SignupDoc } from './documents';

export const ticketPage = (signupId: string) => `pages/training/ticket/index?signupId=${signupId}`;

export type TrainingNoticeKind = 'promoted' | 'sessionCancelled' | 'reminderDay' | 'reminderHour';

const STATUS: Record<TrainingNoticeKind, string> = {
  promoted: '报名成功',
  sessionCancelled: '已取消',
  reminderDay: '明天开课',
  reminderHour: '即将开始',
};

function note(kind: TrainingNoticeKind, session: SessionDoc, signup: SignupDoc): string {
  const where = session.format === 'online' ? '线上直播，入口在报名凭证页' : (session.venue ?? '');
  switch (kind) {
    case 'promoted':
      return `候补转为正式名额（${signup.attendee.name}），请按时参加`;
    case 'sessionCancelled':
      return `本场培训已取消：${session.cancelReason ?? ''}`;
    default:
      return `${signup.attendee.name}，${where}`;
  }
}

/** The outbox document of one message; `key` distinguishes repeatable events (a second promotion after a cancel). */
export function trainingNotice(
  db: Database,
  kind: TrainingNoticeKind,
  session: SessionDoc,
  signup: SignupDoc,
  key: string,
): Record<string, unknown> {
  return {
    dedupeKey: `training:${signup._id}:${kind}:${key}`,
    toOpenid: signup.ownerOpenid,
    template: 'trainingNotice',
    page: ticketPage(signup._id),
    data: {
      title: session.title,
      status: STATUS[kind],
      startAt: formatDateTime(session.startAt),
      note: note(kind, session, signup),
    },
    status: 'pending',
    createdAt: db.serverDate(),
    updatedAt: db.serverDate(),
  };
}

/** Queues messages inside a transaction (`t`), or directly (`db`) where no transaction is needed. */
export async function queueTrainingNotices(
  writer: Transaction | Database,
  db: Database,
  notices: { kind: TrainingNoticeKind; session: SessionDoc; signup: SignupDoc; key: string }[],
): Promise<void> {
  for (const n of notices) {
    throwIfErrorReply(
      await writer.collection('outbox').add({ data: trainingNotice(db, n.kind, n.session, n.signup, n.key) }),
    );
  }
}

/** Queues one message outside a transaction; an existing dedupeKey (sent already) is not an error. */
export async function queueOnce(db: Database, doc: Record<string, unknown>): Promise<boolean> {
  try {
    throwIfErrorReply(await db.collection('outbox').add({ data: doc }));
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
