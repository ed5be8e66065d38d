import type { CableApi } from '../contract/cable';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { cancel } from './actions/cancel';
import { formOptions } from './actions/formOptions';
import { getRequest } from './actions/getRequest';
import { myRequests } from './actions/myRequests';
import { submit } from './actions/submit';

/** `cable`: free quick screening of wires and cables (电线电缆快速筛查) for consumers, enterprises and contractors. */
export const main = createFunction({
  formOptions,
  submit,
  myRequests,
  getRequest,
  cancel,
} satisfies ActionTableFor<CableApi>);
