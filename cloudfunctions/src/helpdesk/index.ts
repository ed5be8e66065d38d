import type { HelpdeskApi } from '../contract/helpdesk';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { acceptCase } from './actions/acceptCase';
import { bindExpert } from './actions/bindExpert';
import { caseStats } from './actions/caseStats';
import { caseStatsCsv } from './actions/caseStatsCsv';
import { confirmClose } from './actions/confirmClose';
import { counts } from './actions/counts';
import { diagnose } from './actions/diagnose';
import { escalateOverdue } from './actions/escalateOverdue';
import { escalations } from './actions/escalations';
import { expertCases } from './actions/expertCases';
import { expertOffers } from './actions/expertOffers';
import { formOptions } from './actions/formOptions';
import { getCase } from './actions/getCase';
import { importExperts } from './actions/importExperts';
import { listExperts } from './actions/listExperts';
import { myCases } from './actions/myCases';
import { myOffers } from './actions/myOffers';
import { openCase } from './actions/openCase';
import { postMessage } from './actions/postMessage';
import { proposeClose } from './actions/proposeClose';
import { rateCase } from './actions/rateCase';
import { reassignCase } from './actions/reassignCase';
import { withdrawCase } from './actions/withdrawCase';

/**
 * `helpdesk`: the quality help desk (质量帮扶). Enterprises open problem cases (问诊) that are routed to
 * matching experts of the 专家库; the first expert to accept owns the case, answers in its thread,
 * records a diagnosis and an improvement plan, and proposes closing; admins import and bind experts,
 * work the escalation queue and read the statistics. The case's moves are miniprogram/shared/helpdesk.ts.
 */
export const main = createFunction(
  {
    // cases: enterprise (verified binding)
    formOptions,
    openCase,
    myCases,
    getCase,
    postMessage,
    confirmClose,
    rateCase,
    withdrawCase,
    // cases: expert
    expertOffers,
    expertCases,
    acceptCase,
    diagnose,
    proposeClose,
    // experts: admin
    importExperts,
    bindExpert,
    listExperts,
    // admin desk: public counts, failed-sampling offers, escalation, reassignment, statistics
    counts,
    myOffers,
    escalateOverdue,
    escalations,
    reassignCase,
    caseStats,
    caseStatsCsv,
  } satisfies ActionTableFor<HelpdeskApi>,
  { timers: { escalateOverdue: 'escalateOverdue' } },
);
