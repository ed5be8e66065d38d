/** The session rules the training pages and function share (miniprogram/shared/training.ts). */
import {
  averageRating,
  canCancel,
  canRate,
  canSignUp,
  checkInOpen,
  normalizeCertificateCode,
  sessionPhase,
  sessionTimesProblem,
  type SessionTimes,
} from '../../../miniprogram/shared/training';

const H = 3_600_000;
const T0 = Date.parse('2030-05-10T01:00:00Z'); // the start
const session = (overrides: Partial<SessionTimes> = {}): SessionTimes => ({
  status: 'scheduled',
  signupOpensAt: new Date(T0 - 10 * 24 * H),
  signupClosesAt: new Date(T0 - 24 * H),
  startAt: new Date(T0),
  endAt: new Date(T0 + 3 * H),
  ...overrides,
});

describe('training session rules', () => {
  test.each([
    [-11 * 24 * H, 'upcoming'],
    [-10 * 24 * H, 'signup'],
    [-24 * H - 1, 'signup'],
    [-24 * H, 'closed'],
    [0, 'ongoing'],
    [3 * H - 1, 'ongoing'],
    [3 * H, 'ended'],
  ])('at start %+d ms the session is %s', (offset, phase) => {
    expect(sessionPhase(session(), T0 + offset)).toBe(phase);
  });

  test('a called-off session is cancelled whatever the time, and nothing can be done with it', () => {
    const off = session({ status: 'cancelled' });
    expect(sessionPhase(off, T0 - 5 * 24 * H)).toBe('cancelled');
    expect(canSignUp(off, T0 - 5 * 24 * H)).toBe(false);
    expect(canCancel(off, T0 - 5 * 24 * H)).toBe(false);
    expect(checkInOpen(off, T0)).toBe(false);
    expect(canRate(off, T0 + 5 * H)).toBe(false);
  });

  test('sign up in the window, cancel until the start', () => {
    expect(canSignUp(session(), T0 - 2 * 24 * H)).toBe(true);
    expect(canSignUp(session(), T0 - 12 * H)).toBe(false);
    expect(canCancel(session(), T0 - 12 * H)).toBe(true);
    expect(canCancel(session(), T0 - 1)).toBe(true);
    expect(canCancel(session(), T0)).toBe(false);
  });

  test('check-in from an hour before the start until half an hour after the end', () => {
    expect(checkInOpen(session(), T0 - H - 1)).toBe(false);
    expect(checkInOpen(session(), T0 - H)).toBe(true);
    expect(checkInOpen(session(), T0 + 3.5 * H)).toBe(true);
    expect(checkInOpen(session(), T0 + 3.5 * H + 1)).toBe(false);
  });

  test('ratings from the end for 30 days', () => {
    expect(canRate(session(), T0 + 3 * H - 1)).toBe(false);
    expect(canRate(session(), T0 + 3 * H)).toBe(true);
    expect(canRate(session(), T0 + 3 * H + 30 * 24 * H)).toBe(true);
    expect(canRate(session(), T0 + 3 * H + 30 * 24 * H + 1)).toBe(false);
  });

  test('times that do not fit together are named', () => {
    expect(sessionTimesProblem(session())).toBe('');
    expect(sessionTimesProblem(session({ endAt: new Date(T0) }))).toBe('结束时间应晚于开始时间');
    expect(sessionTimesProblem(session({ signupClosesAt: new Date(T0 - 10 * 24 * H) }))).toBe(
      '报名截止时间应晚于报名开始时间',
    );
    expect(sessionTimesProblem(session({ signupClosesAt: new Date(T0 + 1) }))).toBe('报名截止时间不能晚于培训开始时间');
  });

  test('certificate codes as people type them; average ratings', () => {
    expect(normalizeCertificateCode(' zs-7k3m-9qxa-2bcd ')).toBe('ZS7K3M9QXA2BCD');
    expect(normalizeCertificateCode('ZS-OOIL-0000-0000')).toBe('ZS0011000000' + '00');
    expect(averageRating(0, 0)).toBeNull();
    expect(averageRating(14, 3)).toBe(4.7);
  });
});
