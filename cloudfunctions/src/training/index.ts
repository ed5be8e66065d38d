import type { TrainingApi } from '../contract/training';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { adminSessions } from './actions/adminSessions';
import { bindTrainer } from './actions/bindTrainer';
import { cancelSession } from './actions/cancelSession';
import { cancelSignup } from './actions/cancelSignup';
import { certificate } from './actions/certificate';
import { checkIn } from './actions/checkIn';
import { checkInByName } from './actions/checkInByName';
import { checkInOnline } from './actions/checkInOnline';
import { getProgramme } from './actions/getProgramme';
import { getSession } from './actions/getSession';
import { getSignup } from './actions/getSignup';
import { importSessions } from './actions/importSessions';
import { listOrganisers } from './actions/listOrganisers';
import { listProgrammes } from './actions/listProgrammes';
import { listSessions } from './actions/listSessions';
import { mySignups } from './actions/mySignups';
import { rateSession } from './actions/rateSession';
import { remindAttendees } from './actions/remindAttendees';
import { roster } from './actions/roster';
import { saveOrganiser } from './actions/saveOrganiser';
import { saveProgramme } from './actions/saveProgramme';
import { saveSession } from './actions/saveSession';
import { signUp } from './actions/signUp';
import { trainerSessions } from './actions/trainerSessions';
import { trainingStats } from './actions/trainingStats';
import { trainingStatsCsv } from './actions/trainingStatsCsv';
import { verifyCertificate } from './actions/verifyCertificate';

/**
 * `training`: quality training (质量培训). Anyone browses programmes and sessions and checks a
 * certificate; enterprises sign up named staff and persons sign themselves up, seats allocated in
 * arrival order with a waitlist (training/seats.ts); organiser staff (`trainer`) check attendees in by
 * signed QR code or from the roster; attendees get a certificate and rate the session; admins run
 * programmes, sessions, imports and statistics. The session rules are miniprogram/shared/training.ts.
 */
export const main = createFunction(
  {
    // anyone
    listSessions,
    getSession,
    listProgrammes,
    getProgramme,
    verifyCertificate,
    // users: enterprises and persons
    signUp,
    mySignups,
    getSignup,
    cancelSignup,
    checkInOnline,
    certificate,
    rateSession,
    // trainers (organiser staff)
    trainerSessions,
    roster,
    checkIn,
    checkInByName,
    // admins
    saveProgramme,
    saveOrganiser,
    listOrganisers,
    bindTrainer,
    saveSession,
    cancelSession,
    adminSessions,
    importSessions,
    trainingStats,
    trainingStatsCsv,
    // timers
    remindAttendees,
  } satisfies ActionTableFor<TrainingApi>,
  { timers: { remindAttendees: 'remindAttendees' } },
);
