/**
 * Certificates (结业证明) and ratings on the local cloud: only for attendees who checked in, once the
 * session has ended; anyone checks a code (as printed, in any case, with spaces), seeing the holder's name
 * masked; unknown, altered and called-off codes are not valid; nobody reads another's certificate.
 */
import { certificateCodeFor } from '../../../cloudfunctions/src/training/codes';
import { formatCertificateCode } from '../../../miniprogram/shared/training';
import { startTestCloud } from '../helpers/local-cloud';
import {
  docs,
  endedSession,
  failure,
  inHours,
  insertSession,
  insertSignups,
  ok,
  personUser,
  runningSession,
  signupDoc,
  training,
  trainingAsStranger,
  trainingState,
  useFunctionsSecret,
  type TestCloud,
} from './fixtures';

useFunctionsSecret();

describe('training certificates and ratings', () => {
  let cloud: TestCloud;
  let owner: string;
  let other: string;

  beforeAll(async () => {
    cloud = await startTestCloud();
    owner = await personUser(cloud, 'o-cert-owner', '13800000041');
    other = await personUser(cloud, 'o-cert-other', '13800000042');
  }, 60_000);
  afterAll(() => cloud?.stop());

  const call = (openid: string, action: string, payload: object = {}) => training(cloud, openid, action, payload);
  /** A sign-up of `owner` checked in at `sessionId`, with its certificate code as check-in stores it. */
  const attended = (sessionId: string, overrides = {}) => {
    const doc = signupDoc(sessionId, owner, {
      kind: 'enterprise',
      enterpriseName: '佛山市美达电器有限公司',
      attendee: { name: '欧阳娜娜', phone: '13800000041' },
      checkedInAt: inHours(-3),
      checkInMethod: 'scan',
      ...overrides,
    });
    return { ...doc, certificateCode: certificateCodeFor(doc._id) };
  };

  test('after the session: the owner gets the certificate, anyone verifies it with the name masked', async () => {
    const sessionId = await insertSession(cloud, endedSession('cert-ended'));
    const signup = attended(sessionId);
    await insertSignups(cloud, [signup]);
    const cert = ok(await call(owner, 'certificate', { signupId: signup._id }));
    const printed = formatCertificateCode(signup.certificateCode);
    expect(cert).toMatchObject({
      code: printed,
      holderName: '欧阳娜娜',
      enterpriseName: '佛山市美达电器有限公司',
      organiserName: '广东省质量技术培训中心',
      hours: 3,
      verifyPath: `pages/training/verify/index?code=${signup.certificateCode}`,
    });
    expect(ok(await call(owner, 'getSignup', { signupId: signup._id })).certificateCode).toBe(printed);

    for (const typed of [printed, printed.toLowerCase(), printed.replace(/-/g, ' '), signup.certificateCode]) {
      const check = ok(await trainingAsStranger(cloud, 'verifyCertificate', { code: typed }));
      expect(check).toMatchObject({
        valid: true,
        code: printed,
        holderName: '欧***',
        sessionTitle: expect.any(String),
      });
      expect(JSON.stringify(check)).not.toContain('13800000041');
      expect(JSON.stringify(check)).not.toContain('娜娜');
    }
  });

  test('unknown or altered codes, and a called-off session, are not valid', async () => {
    const sessionId = await insertSession(
      cloud,
      endedSession('cert-off', { status: 'cancelled', cancelReason: '暴雨' }),
    );
    const signup = attended(sessionId);
    await insertSignups(cloud, [signup]);
    const code = signup.certificateCode;
    const altered = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    for (const typed of [code, altered, 'ZS0000000000000']) {
      const check = ok(await trainingAsStranger(cloud, 'verifyCertificate', { code: typed.slice(0, 14) }));
      expect(check).toMatchObject({ valid: false, reason: expect.stringContaining('未查到') });
    }
    expect(failure(await trainingAsStranger(cloud, 'verifyCertificate', { code: 'hello' })).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  test('no certificate before the end, without a check-in, or for somebody else', async () => {
    const running = await insertSession(cloud, runningSession('cert-running'));
    const ended = await insertSession(cloud, endedSession('cert-absent'));
    const during = attended(running);
    const absent = signupDoc(ended, owner);
    await insertSignups(cloud, [during, absent]);
    expect(failure(await call(owner, 'certificate', { signupId: during._id }))).toMatchObject({
      code: 'SESSION_STATE',
      message: '培训结束后可领取结业证明',
    });
    expect(ok(await trainingAsStranger(cloud, 'verifyCertificate', { code: during.certificateCode })).valid).toBe(
      false,
    );
    expect(failure(await call(owner, 'certificate', { signupId: absent._id })).code).toBe('NOT_CONFIRMED');
    expect(failure(await call(other, 'certificate', { signupId: during._id }))).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: '报名记录不存在',
    });
  });

  test('attendees rate once, after the end, only when they came', async () => {
    const ended = await insertSession(cloud, endedSession('rate-ended'));
    const running = await insertSession(cloud, runningSession('rate-running'));
    const came = attended(ended);
    const early = attended(running);
    const absent = signupDoc(ended, owner);
    await insertSignups(cloud, [came, early, absent]);
    expect(ok(await call(owner, 'getSignup', { signupId: came._id })).canRate).toBe(true);
    const rated = ok(await call(owner, 'rateSession', { signupId: came._id, score: 5, comment: '案例很实用' }));
    expect(rated).toMatchObject({ rating: { score: 5, comment: '案例很实用' }, canRate: false });
    expect(failure(await call(owner, 'rateSession', { signupId: came._id, score: 1 })).code).toBe('ALREADY_RATED');
    expect((await docs(cloud, 'training_signups', { _id: came._id }))[0].rating.score).toBe(5);
    expect(failure(await call(owner, 'rateSession', { signupId: early._id, score: 4 })).code).toBe('SESSION_STATE');
    expect(failure(await call(owner, 'rateSession', { signupId: absent._id, score: 4 })).code).toBe('NOT_CONFIRMED');
    expect(failure(await call(other, 'rateSession', { signupId: came._id, score: 1 })).code).toBe('NOT_FOUND');
  });

  const BAD: [string, string, Record<string, unknown>][] = [
    ['rateSession', '评分', { signupId: 'x', score: 6 }],
    ['rateSession', '评价', { signupId: 'x', score: 3, comment: '长'.repeat(301) }],
    ['certificate', '报名记录', {}],
    ['checkInOnline', '报名记录', { signupId: '' }],
    ['verifyCertificate', '证书编号', { code: 'ZS-1' }],
  ];
  test.each(BAD)('%s refuses bad input naming %s, writing nothing', async (action, label, payload) => {
    const before = await trainingState(cloud);
    const res = failure(await call(owner, action, payload));
    expect(res.code).toBe('VALIDATION_FAILED');
    expect(res.message).toContain(label);
    expect(await trainingState(cloud)).toEqual(before);
  });
});
