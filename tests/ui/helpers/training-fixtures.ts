/** Contract-shaped answers of the training function for the training, organiser and admin pages. */
import type {
  ProgrammeView,
  RosterEntry,
  SessionAdminView,
  SessionSummary,
  SessionView,
  SignupView,
} from '../../../typings/api';

export function sessionSummary(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    sessionId: 's-1',
    title: '顺德家电企业质量管理体系认证实务',
    organiserName: '广东省质量技术培训中心',
    programmeId: 'p-1',
    programmeName: '2026 年中小微企业质量管理体系认证提升行动',
    format: 'onsite',
    formatLabel: '现场培训',
    city: '佛山市',
    cluster: '顺德家电产业集聚区',
    venue: '佛山市顺德区大良街道德和路 1 号',
    startAt: '2026-12-10T01:00:00.000Z',
    endAt: '2026-12-10T04:00:00.000Z',
    signupOpensAt: '2026-11-20T01:00:00.000Z',
    signupClosesAt: '2026-12-08T10:00:00.000Z',
    phase: 'signup',
    phaseLabel: '报名中',
    capacity: 60,
    confirmedCount: 12,
    waitlistCount: 0,
    seatsLeft: 48,
    fee: 'free',
    feeLabel: '免费',
    ...overrides,
  };
}

export function sessionAdmin(overrides: Partial<SessionAdminView> = {}): SessionAdminView {
  return {
    ...sessionSummary(),
    syllabus: '一、GB/T 19001 要求解读；二、内审实务；三、认证准备。',
    perEnterpriseLimit: 3,
    liveUrl: null,
    organiserId: 'org-1',
    code: null,
    cancelReason: null,
    checkedInCount: 0,
    ...overrides,
  };
}

export function rosterEntry(overrides: Partial<RosterEntry> = {}): RosterEntry {
  return {
    signupId: 'su-1',
    attendeeName: '陈建国',
    attendeePhone: '13912345678',
    enterpriseName: '佛山市顺德区美达电器有限公司',
    status: 'confirmed',
    statusLabel: '报名成功',
    waitlistPosition: null,
    checkedInAt: null,
    checkInMethodLabel: null,
    ...overrides,
  };
}

export function sessionView(overrides: Partial<SessionView> = {}): SessionView {
  return {
    ...sessionSummary(),
    syllabus: '一、GB/T 19001 要求解读；二、内审实务；三、认证准备。',
    perEnterpriseLimit: 3,
    liveUrl: null,
    cancelReason: null,
    mySignups: [],
    signupKinds: ['enterprise', 'person'],
    ...overrides,
  };
}

export function signupView(overrides: Partial<SignupView> = {}): SignupView {
  return {
    signupId: 'su-1',
    sessionId: 's-1',
    session: sessionSummary(),
    kind: 'enterprise',
    kindLabel: '企业报名',
    enterpriseName: '佛山市顺德区美达电器有限公司',
    attendee: { name: '陈建国', phone: '13912345678' },
    status: 'confirmed',
    statusLabel: '报名成功',
    waitlistPosition: null,
    checkInCode: 'YPTT1.0123456789abcdef01234567.abcdefghijklmnopqrstuv',
    checkInQrImage: 'data:image/png;base64,iVBORw0KGgo=',
    checkedInAt: null,
    checkInMethodLabel: null,
    certificateCode: null,
    rating: null,
    canCancel: true,
    canCheckInOnline: false,
    canRate: false,
    createdAt: '2026-12-01T01:00:00.000Z',
    ...overrides,
  };
}

export function programmeView(overrides: Partial<ProgrammeView> = {}): ProgrammeView {
  return {
    programmeId: 'p-1',
    name: '2026 年中小微企业质量管理体系认证提升行动',
    year: 2026,
    description: '不少于 8 场次专题培训，其中 4 场次产业集聚区现场培训',
    plannedSessions: 8,
    plannedOnSite: 4,
    heldSessions: 3,
    heldOnSite: 2,
    scheduledSessions: 7,
    scheduledOnSite: 4,
    sessions: [sessionSummary()],
    ...overrides,
  };
}
