import {
  applyTransition,
  CABLE_STATUSES,
  calendarDaysBetween,
  checkTransition,
  daysWaiting,
  nextStatuses,
  staffScope,
  submittedEntry,
  type Actor,
  type ActorRole,
  type CableStatus,
  type TransitionInput,
  type WorkflowState,
} from '../../../cloudfunctions/src/core/cable/workflow';

/**
 * The spec's moves, written out independently of the module: "from>to" → who may make it.
 * Everything else must be refused.
 */
const SPEC: Record<string, ActorRole> = {
  'submitted>accepted': 'staff',
  'accepted>sample_received': 'staff',
  'sample_received>screening': 'staff',
  'screening>completed': 'staff',
  'submitted>rejected': 'staff',
  'accepted>rejected': 'staff',
  'submitted>cancelled': 'requester',
  'accepted>cancelled': 'requester',
};

/** The payload each target needs to pass on its own merits (so only the edge and role are under test). */
function payloadFor(to: CableStatus): TransitionInput {
  if (to === 'rejected') return { to, note: '样品不属于电线电缆' };
  if (to === 'completed') {
    return {
      to,
      verdict: 'non_conforming',
      findings: [{ item: 'conductor_resistance', outcome: 'fail', detail: '9.86 Ω/km' }],
      reportFileID: 'cloud://env.bucket/r.pdf',
    };
  }
  return { to };
}

const ROLES: ActorRole[] = ['requester', 'staff'];
const ALL = CABLE_STATUSES.flatMap((from) =>
  CABLE_STATUSES.flatMap((to) => ROLES.map((role) => [from, to, role] as const)),
);

describe('transition table (every from × to × role)', () => {
  test('covers 7 × 7 × 2 combinations', () => expect(ALL).toHaveLength(98));

  test.each(ALL)('%s → %s by %s', (from, to, role) => {
    const result = checkTransition(from, payloadFor(to), role);
    const who = SPEC[`${from}>${to}`];
    if (who === role) {
      expect(result).toEqual({ ok: true });
    } else if (who) {
      expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    } else {
      expect(result).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      if (!result.ok) expect(result.message.length).toBeGreaterThan(5);
    }
  });

  test('nextStatuses lists exactly the spec moves per role', () => {
    for (const from of CABLE_STATUSES) {
      for (const role of ROLES) {
        const expected = Object.entries(SPEC)
          .filter(([edge, who]) => edge.startsWith(`${from}>`) && who === role)
          .map(([edge]) => edge.split('>')[1])
          .sort();
        expect(nextStatuses(from, role).sort()).toEqual(expected);
      }
    }
  });

  test('messages say why: finished requests, cancelling after the sample arrived, same status', () => {
    const completed = checkTransition('completed', { to: 'screening' }, 'staff');
    expect(!completed.ok && completed.message).toContain('已完成');
    const late = checkTransition('sample_received', { to: 'cancelled' }, 'requester');
    expect(!late.ok && late.message).toContain('不能再撤销');
    const same = checkTransition('accepted', { to: 'accepted' }, 'staff');
    expect(!same.ok && same.message).toContain('已是');
    const skip = checkTransition('submitted', { to: 'screening' }, 'staff');
    expect(!skip.ok && skip.message).toContain('“已受理”');
  });
});

describe('payload each move needs', () => {
  test('rejecting needs a reason', () => {
    expect(checkTransition('submitted', { to: 'rejected' }, 'staff')).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(checkTransition('accepted', { to: 'rejected', note: ' ' }, 'staff')).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  test('results only with completion', () => {
    expect(checkTransition('accepted', { to: 'sample_received', verdict: 'conforming' }, 'staff')).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(
      checkTransition('sample_received', { to: 'screening', reportFileID: 'cloud://e.b/r.pdf' }, 'staff'),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  test('completion needs a verdict and a report', () => {
    const { verdict: _v, ...noVerdict } = payloadFor('completed');
    expect(checkTransition('screening', noVerdict, 'staff')).toMatchObject({ code: 'VALIDATION_FAILED' });
    const { reportFileID: _r, ...noReport } = payloadFor('completed');
    expect(checkTransition('screening', noReport, 'staff')).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  const finding = (outcome: 'pass' | 'doubtful' | 'fail') => ({ item: 'marking' as const, outcome, detail: '' });
  test.each([
    ['conforming', [], true],
    ['conforming', [finding('pass')], true],
    ['conforming', [finding('doubtful')], false],
    ['conforming', [finding('fail')], false],
    ['suspected', [], false],
    ['suspected', [finding('pass')], false],
    ['suspected', [finding('doubtful')], true],
    ['suspected', [finding('fail')], true],
    ['non_conforming', [finding('doubtful')], false],
    ['non_conforming', [finding('pass'), finding('fail')], true],
  ] as const)('verdict %s with findings %j → accepted: %s', (verdict, findings, accepted) => {
    const result = checkTransition(
      'screening',
      { to: 'completed', verdict, findings: [...findings], reportFileID: 'cloud://e.b/r.pdf' },
      'staff',
    );
    expect(result.ok).toBe(accepted);
    if (!accepted) expect(result).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('staffScope: who sees what', () => {
  const req = (status: CableStatus, hospitalId: string | null, preferredHospitalId: string | null) => ({
    status,
    hospitalId,
    preferredHospitalId,
  });
  test('unassigned submitted requests: the preferred hospital, or every hospital when none was chosen', () => {
    expect(staffScope(req('submitted', null, 'gd-cable'), 'gd-cable')).toBe('candidate');
    expect(staffScope(req('submitted', null, 'gd-cable'), 'gd-appliance')).toBe('none');
    expect(staffScope(req('submitted', null, null), 'gd-appliance')).toBe('candidate');
  });
  test('assigned requests: only the assigned hospital, whatever was preferred', () => {
    for (const status of CABLE_STATUSES.filter((s) => s !== 'submitted')) {
      expect(staffScope(req(status, 'gd-cable', null), 'gd-cable')).toBe('assigned');
      expect(staffScope(req(status, 'gd-cable', 'gd-appliance'), 'gd-appliance')).toBe('none');
    }
  });
  test('an unassigned request that is no longer submitted (cancelled) is nobody’s', () => {
    expect(staffScope(req('cancelled', null, null), 'gd-cable')).toBe('none');
  });
});

describe('applyTransition', () => {
  const t0 = new Date('2026-07-01T02:00:00Z');
  const start: WorkflowState = {
    status: 'submitted',
    hospitalId: null,
    hospitalName: null,
    statusHistory: [submittedEntry('o-req', t0)],
  };
  const staff: Actor = { role: 'staff', openid: 'o-staff', hospitalId: 'gd-cable', hospitalName: '电缆医院' };
  const requester: Actor = { role: 'requester', openid: 'o-req', hospitalId: null, hospitalName: null };

  test('accepting assigns the request to the accepting hospital and appends history', () => {
    const at = new Date('2026-07-02T02:00:00Z');
    const patch = applyTransition(start, { to: 'accepted', note: ' 请送样 ' }, staff, at);
    expect(patch).toMatchObject({ status: 'accepted', hospitalId: 'gd-cable', hospitalName: '电缆医院' });
    expect(patch.statusHistory).toHaveLength(2);
    expect(patch.statusHistory[1]).toEqual({
      from: 'submitted',
      to: 'accepted',
      at,
      role: 'staff',
      actorOpenid: 'o-staff',
      hospitalId: 'gd-cable',
      hospitalName: '电缆医院',
      note: '请送样',
    });
    expect(patch.closedAt).toBeUndefined();
  });

  test('later moves keep the assignment; completion records the result and closes', () => {
    const accepted = { ...start, ...applyTransition(start, { to: 'accepted' }, staff, t0) };
    const other: Actor = { ...staff, hospitalId: 'gd-x', hospitalName: 'X' };
    const received = applyTransition(accepted, { to: 'sample_received' }, other, t0);
    expect(received.hospitalId).toBe('gd-cable');
    const done = applyTransition(
      { ...accepted, status: 'screening' },
      { to: 'completed', verdict: 'suspected', findings: [], reportFileID: 'cloud://e.b/r.pdf' },
      staff,
      t0,
    );
    expect(done).toMatchObject({
      verdict: 'suspected',
      reportFileID: 'cloud://e.b/r.pdf',
      completedAt: t0,
      closedAt: t0,
    });
  });

  test('a staff rejection of an unassigned request records the rejecting hospital; cancel does not assign', () => {
    const rejected = applyTransition(start, { to: 'rejected', note: '非电线电缆' }, staff, t0);
    expect(rejected).toMatchObject({ hospitalId: 'gd-cable', rejectionReason: '非电线电缆', closedAt: t0 });
    const cancelled = applyTransition(start, { to: 'cancelled', note: '退货了' }, requester, t0);
    expect(cancelled).toMatchObject({ hospitalId: null, cancelReason: '退货了', closedAt: t0 });
    expect(cancelled.statusHistory[1]).toMatchObject({ role: 'requester', hospitalId: null });
  });
});

describe('days waiting (calendar days, Asia/Shanghai)', () => {
  test('23:59 → 00:01 the next day is one day; same day is zero', () => {
    expect(calendarDaysBetween(new Date('2026-07-01T15:59:00Z'), new Date('2026-07-01T16:01:00Z'))).toBe(1);
    expect(calendarDaysBetween(new Date('2026-07-01T16:01:00Z'), new Date('2026-07-02T15:59:00Z'))).toBe(0);
  });
  test('open requests count to now, closed ones to when they closed', () => {
    const submittedAt = new Date('2026-07-01T02:00:00Z');
    const now = new Date('2026-07-11T02:00:00Z');
    expect(daysWaiting({ submittedAt }, now)).toBe(10);
    expect(daysWaiting({ submittedAt, closedAt: new Date('2026-07-04T02:00:00Z') }, now)).toBe(3);
  });
});
