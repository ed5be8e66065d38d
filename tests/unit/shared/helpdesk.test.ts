/**
 * The case state machine (miniprogram/shared/helpdesk.ts), cell by cell: every status × event × actor
 * against the table below, written out by hand (not derived from CASE_TRANSITIONS), so any change to
 * an allowed move shows here as a failing cell.
 */
import {
  CASE_EVENTS,
  CASE_STATUSES,
  caseEventsFor,
  caseTransition,
  isOpenCase,
  type CaseActor,
  type CaseEvent,
  type CaseStatus,
} from '../../../miniprogram/shared/helpdesk';

const ACTORS: CaseActor[] = ['enterprise', 'expert', 'admin', 'timer'];
const x = undefined;
type Row = [
  enterprise: CaseStatus | undefined,
  expert: CaseStatus | undefined,
  admin: CaseStatus | undefined,
  timer: CaseStatus | undefined,
];
const NONE: Row = [x, x, x, x];

/** status → event → the status after the move, per actor [enterprise, expert, admin, timer]; x: refused. */
const EXPECTED: Record<CaseStatus, Record<CaseEvent, Row>> = {
  open: {
    accept: [x, 'accepted', x, x],
    message: NONE,
    diagnose: NONE,
    proposeClose: NONE,
    confirmSolved: NONE,
    notSolved: NONE,
    rate: NONE,
    withdraw: ['withdrawn', x, x, x],
    reassign: [x, x, 'accepted', x],
    escalate: [x, x, 'open', 'open'],
  },
  accepted: {
    accept: NONE,
    message: ['accepted', 'accepted', 'accepted', x],
    diagnose: [x, 'accepted', x, x],
    proposeClose: [x, 'closing', x, x],
    confirmSolved: NONE,
    notSolved: NONE,
    rate: NONE,
    withdraw: ['withdrawn', x, x, x],
    reassign: [x, x, 'accepted', x],
    escalate: [x, x, 'accepted', 'accepted'],
  },
  closing: {
    accept: NONE,
    message: ['closing', 'closing', 'closing', x],
    diagnose: NONE,
    proposeClose: NONE,
    confirmSolved: ['resolved', x, x, x],
    notSolved: ['accepted', x, x, x],
    rate: NONE,
    withdraw: NONE,
    reassign: [x, x, 'accepted', x],
    escalate: NONE,
  },
  resolved: {
    accept: NONE,
    message: NONE,
    diagnose: NONE,
    proposeClose: NONE,
    confirmSolved: NONE,
    notSolved: NONE,
    rate: ['resolved', x, x, x],
    withdraw: NONE,
    reassign: NONE,
    escalate: NONE,
  },
  withdrawn: {
    accept: NONE,
    message: NONE,
    diagnose: NONE,
    proposeClose: NONE,
    confirmSolved: NONE,
    notSolved: NONE,
    rate: NONE,
    withdraw: NONE,
    reassign: NONE,
    escalate: NONE,
  },
};

const cells = CASE_STATUSES.flatMap((status) =>
  CASE_EVENTS.flatMap((event) => ACTORS.map((actor, i) => [status, event, actor, EXPECTED[status][event][i]] as const)),
);

describe('caseTransition, every cell', () => {
  test('the table covers every status, event and actor', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...CASE_STATUSES].sort());
    for (const status of CASE_STATUSES) expect(Object.keys(EXPECTED[status]).sort()).toEqual([...CASE_EVENTS].sort());
    expect(cells).toHaveLength(CASE_STATUSES.length * CASE_EVENTS.length * ACTORS.length);
  });

  test.each(cells)('%s + %s by %s → %s', (status, event, actor, expected) => {
    expect(caseTransition(status, event, actor)).toBe(expected);
  });
});

describe('caseEventsFor (the buttons a page shows)', () => {
  test.each(CASE_STATUSES.flatMap((status) => ACTORS.map((actor, i) => [status, actor, i] as const)))(
    '%s for %s',
    (status, actor, i) => {
      const expected = CASE_EVENTS.filter((event) => EXPECTED[status][event][i] !== undefined);
      expect(caseEventsFor(status, actor)).toEqual(expected);
    },
  );

  test('ended cases offer nothing but the rating', () => {
    expect(ACTORS.flatMap((a) => caseEventsFor('withdrawn', a))).toEqual([]);
    expect(ACTORS.flatMap((a) => caseEventsFor('resolved', a))).toEqual(['rate']);
  });
});

test('open cases are the ones holding capacity', () => {
  expect(CASE_STATUSES.filter(isOpenCase)).toEqual(['open', 'accepted', 'closing']);
});
