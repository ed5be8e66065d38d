import { formatCertificateCode, hasEnded } from '../../../../miniprogram/shared/training';
import { verifyCertificateInput } from '../../contract/training';
import { findById, list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { PROGRAMMES, SESSIONS, SIGNUPS, type ProgrammeDoc, type SessionDoc, type SignupDoc } from '../documents';
import { certificateViewOf } from '../views';

const NOT_FOUND_REASON = '未查到该证书：请核对证书编号，或向培训主办单位咨询';

/**
 * Anyone checks a certificate by its code (as printed, any case, with spaces or dashes): valid when it
 * belongs to an attendee who checked in to a session that has ended and was not called off. The
 * holder's name is masked; an unknown code is an answer, not an error.
 */
export const verifyCertificate = action({
  access: 'public',
  input: verifyCertificateInput,
  async handler({ code }, { db, now }) {
    const shown = formatCertificateCode(code);
    const [signup] = await list<SignupDoc>(db.collection(SIGNUPS).where({ certificateCode: code }).limit(1));
    const session = signup ? await findById<SessionDoc>(db, SESSIONS, signup.sessionId) : null;
    if (!signup || !session || !signup.checkedInAt || session.status !== 'scheduled' || !hasEnded(session, now)) {
      return { valid: false as const, code: shown, reason: NOT_FOUND_REASON };
    }
    const programme = session.programmeId ? await findById<ProgrammeDoc>(db, PROGRAMMES, session.programmeId) : null;
    const { verifyPath: _path, ...view } = certificateViewOf(signup, session, programme?.name ?? null, 'public');
    return { valid: true as const, ...view };
  },
});
