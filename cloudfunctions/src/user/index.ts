import type { UserApi } from '../contract/user';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { bindEnterprise } from './actions/bindEnterprise';
import { login } from './actions/login';
import { profile } from './actions/profile';
import { requestEnterpriseReview } from './actions/requestEnterpriseReview';
import { submitEnterpriseDocuments } from './actions/submitEnterpriseDocuments';
import { summary } from './actions/summary';
import { verifyPhone } from './actions/verifyPhone';

/** `user`: login, profile, enterprise binding (and its verification) and phone verification for mini-program users. */
export const main = createFunction({
  login,
  profile,
  summary,
  bindEnterprise,
  requestEnterpriseReview,
  verifyPhone,
  submitEnterpriseDocuments,
} satisfies ActionTableFor<UserApi>);
