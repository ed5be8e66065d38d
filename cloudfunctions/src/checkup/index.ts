import type { CheckupApi } from '../contract/checkup';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { get } from './actions/get';
import { mine } from './actions/mine';
import { questionnaire } from './actions/questionnaire';
import { submit } from './actions/submit';

/** `checkup`: the quality check-up (质量体检) of a verified enterprise. */
export const main = createFunction({
  questionnaire,
  submit,
  mine,
  get,
} satisfies ActionTableFor<CheckupApi>);
