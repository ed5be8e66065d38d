/**
 * The remindAttendees timer on the local cloud: attendees with a seat get the reminder the day before and
 * the hour before, each once however often the timer runs; the waitlisted and the cancelled get none; a
 * sign-up an interrupted call left pending gets its seat. A client cannot run the timer.
 */
import { startTestCloud } from '../helpers/local-cloud';
import { timer } from '../voucher/fixtures';
import {
  docs,
  failure,
  inHours,
  insertSession,
  ok,
  personUser,
  sessionDoc,
  training,
  validSignUp,
  type TestCloud,
} from './fixtures';

describe('training reminders', () => {
  let cloud: TestCloud;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    alice = await personUser(cloud, 'o-r-alice', '13800000021');
    bob = await personUser(cloud, 'o-r-bob', '13800000022');
  }, 60_000);
  afterAll(() => cloud?.stop());

  const fire = async () => ok(await timer(cloud, 'training', 'remindAttendees'));
  const reminders = async (openid: string) =>
    (await docs(cloud, 'outbox', { toOpenid: openid, template: 'trainingNotice' })).map((d) => d.data.status).sort();

  test('the day before and the hour before, once each, only for attendees with a seat', async () => {
    const tomorrow = await insertSession(
      cloud,
      sessionDoc('r-day', { capacity: 1, signupClosesAt: inHours(19), startAt: inHours(20), endAt: inHours(23) }),
    );
    const within = await insertSession(
      cloud,
      sessionDoc('r-hour', { signupClosesAt: inHours(0.4), startAt: inHours(0.5), endAt: inHours(3) }),
    );
    const far = await insertSession(cloud, sessionDoc('r-far', { startAt: inHours(72), endAt: inHours(75) }));
    const sign = (openid: string, sessionId: string, name: string, phone: string) =>
      training(cloud, openid, 'signUp', validSignUp(sessionId, { kind: 'person', attendees: [{ name, phone }] }));
    ok(await sign(alice, tomorrow, '王小丽', '13800000021'));
    ok(await sign(bob, tomorrow, '刘大伟', '13800000022')); // waitlisted: capacity 1
    ok(await sign(alice, within, '王小丽', '13800000021'));
    ok(await sign(alice, far, '王小丽', '13800000021'));

    const first = await fire();
    expect(first.queued).toBe(2);
    expect(await reminders(alice)).toEqual(['即将开始', '明天开课']);
    expect(await reminders(bob)).toEqual([]);
    const day = (await docs(cloud, 'outbox', { toOpenid: alice, 'data.status': '明天开课' }))[0];
    expect(day.page).toMatch(/^pages\/training\/ticket\/index\?signupId=/);

    expect((await fire()).queued).toBe(0);
    expect(await reminders(alice)).toHaveLength(2);
  });

  test('a sign-up left pending by an interrupted call is settled by the timer', async () => {
    const sessionId = await insertSession(cloud, sessionDoc('r-stale'));
    ok(
      await training(
        cloud,
        bob,
        'signUp',
        validSignUp(sessionId, { kind: 'person', attendees: [{ name: '刘大伟', phone: '13800000022' }] }),
      ),
    );
    const [signup] = await docs(cloud, 'training_signups', { sessionId });
    await cloud.db.update(
      'training_signups',
      { _id: signup._id },
      { $set: { status: 'pending', arrivedAt: inHours(-0.1) } },
    );
    await cloud.db.update('training_sessions', { _id: sessionId }, { $set: { confirmedCount: 0 } });
    await fire();
    expect((await docs(cloud, 'training_signups', { _id: signup._id }))[0].status).toBe('confirmed');
    expect((await docs(cloud, 'training_sessions', { _id: sessionId }))[0].confirmedCount).toBe(1);
  });

  test('a client cannot run the timer', async () => {
    expect(failure(await training(cloud, alice, 'remindAttendees', {})).code).toBe('FORBIDDEN');
  });
});
