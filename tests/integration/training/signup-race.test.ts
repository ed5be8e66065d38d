/**
 * Seats under a rush on the local cloud: 200 sign-ups at once for 50 seats give exactly 50 confirmed and
 * 150 waitlisted numbered 1…150 in arrival order, counters equal to the documents, nothing pending, lost or
 * doubled; a double-tapped request is one set of sign-ups; one enterprise's concurrent requests cannot
 * pass its limit.
 */
import { startTestCloud } from '../helpers/local-cloud';
import {
  clientId,
  docs,
  enterpriseUser,
  failure,
  insertSession,
  ok,
  personUser,
  sessionDoc,
  training,
  validSignUp,
  type Loose,
  type TestCloud,
} from './fixtures';

const RACERS = 200;
const SEATS = 50;
const phoneOf = (i: number) => `1350000${String(i).padStart(4, '0')}`;
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';
/** A person's name for racer i (names take no digits). */
const nameOf = (i: number) => `张${GIVEN[i % 20]}${GIVEN[Math.floor(i / 20) % 20]}`;

describe('training seats under a rush', () => {
  let cloud: TestCloud;
  const people: string[] = [];
  let ent: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    for (let i = 0; i < RACERS; i++) people.push(await personUser(cloud, `o-racer-${i}`, phoneOf(i)));
    ent = await enterpriseUser(cloud, 1);
  }, 300_000);
  afterAll(() => cloud?.stop());

  test(`${RACERS} people signing up at once for ${SEATS} seats: ${SEATS} confirmed, the rest waitlisted in order`, async () => {
    const sessionId = await insertSession(cloud, sessionDoc('race', { capacity: SEATS }));
    const replies = (await Promise.all(
      people.map((openid, i) =>
        training(
          cloud,
          openid,
          'signUp',
          validSignUp(sessionId, { kind: 'person', attendees: [{ name: nameOf(i), phone: phoneOf(i) }] }),
        ),
      ),
    )) as Loose[];
    expect(replies.filter((r) => !r.ok)).toEqual([]);
    const answered = replies.map((r) => r.data.signups[0]);
    expect(answered.filter((s: Loose) => s.status === 'confirmed')).toHaveLength(SEATS);
    expect(answered.filter((s: Loose) => s.status === 'waitlisted')).toHaveLength(RACERS - SEATS);

    const stored = await docs(cloud, 'training_signups', { sessionId });
    expect(stored).toHaveLength(RACERS);
    expect(new Set(stored.map((s) => s.ownerOpenid)).size).toBe(RACERS);
    expect(stored.filter((s) => s.status === 'pending')).toEqual([]);
    const waiting = stored.filter((s) => s.status === 'waitlisted').sort((a, b) => a.queueNo - b.queueNo);
    expect(waiting.map((s) => s.queueNo)).toEqual(Array.from({ length: RACERS - SEATS }, (_, i) => i + 1));
    // Every seat went before anyone waited: no confirmed sign-up was settled after a waitlisted one.
    const settledAt = (list: Loose[]) => list.map((x) => new Date(x.updatedAt).getTime());
    const confirmed = stored.filter((x) => x.status === 'confirmed');
    expect(Math.max(...settledAt(confirmed))).toBeLessThanOrEqual(Math.min(...settledAt(waiting)));
    const [session] = await docs(cloud, 'training_sessions', { _id: sessionId });
    expect(session).toMatchObject({
      confirmedCount: SEATS,
      waitlistCount: RACERS - SEATS,
      nextQueueNo: RACERS - SEATS + 1,
    });

    // The answers agree with the store: each racer's reply is its stored status.
    const byId = new Map(stored.map((s) => [s._id, s]));
    for (const s of answered) expect(byId.get(s.signupId)?.status).toBe(s.status);
    // Waitlist positions as the racers see them: 1…150.
    const positions = answered.filter((s: Loose) => s.status === 'waitlisted').map((s: Loose) => s.waitlistPosition);
    expect([...positions].sort((a, b) => a - b)).toEqual(Array.from({ length: RACERS - SEATS }, (_, i) => i + 1));
  }, 300_000);

  test('one request sent 5 times at once is one set of sign-ups', async () => {
    const sessionId = await insertSession(cloud, sessionDoc('double-tap'));
    const payload = validSignUp(sessionId, {
      attendees: [
        { name: '陈建国', phone: '13912345678' },
        { name: '李秀英', phone: '13912345679' },
      ],
      clientRequestId: clientId('tap'),
    });
    const replies = (await Promise.all(
      Array.from({ length: 5 }, () => training(cloud, ent, 'signUp', payload)),
    )) as Loose[];
    const ids = replies.map((r) =>
      ok(r)
        .signups.map((s: Loose) => s.signupId)
        .join(','),
    );
    expect(new Set(ids).size).toBe(1);
    expect(replies.filter((r) => r.data.created)).toHaveLength(1);
    expect(await docs(cloud, 'training_signups', { sessionId })).toHaveLength(2);
    const [session] = await docs(cloud, 'training_sessions', { _id: sessionId });
    expect(session.confirmedCount).toBe(2);
  }, 60_000);

  test("one enterprise's concurrent requests stop at its limit", async () => {
    const sessionId = await insertSession(cloud, sessionDoc('limit-race', { perEnterpriseLimit: 3 }));
    const replies = (await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        training(
          cloud,
          ent,
          'signUp',
          validSignUp(sessionId, { attendees: [{ name: nameOf(i), phone: `1370000000${i}` }] }),
        ),
      ),
    )) as Loose[];
    expect(replies.filter((r) => r.ok)).toHaveLength(3);
    expect(replies.filter((r) => !r.ok).map((r) => failure(r).code)).toEqual(Array(3).fill('ATTENDEE_LIMIT'));
    expect(await docs(cloud, 'training_signups', { sessionId })).toHaveLength(3);
    const [holder] = await docs(cloud, 'training_signup_holders', {});
    expect(holder.signupIds.length).toBeGreaterThan(0);
  }, 60_000);
});
