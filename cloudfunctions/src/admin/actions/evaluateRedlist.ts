import { evaluateRedlistInput, type EvaluateProgressView } from '../../contract/redlist';
import { action } from '../../runtime/router';
import { runEvaluation } from '../redlist/evaluate';
import { hooks, hooked } from '../redlist-hooks';

export const evaluateRedlist = action({
  access: 'admin',
  input: evaluateRedlistInput.extend(hooks),
  async handler(input, { caller, db, now }): Promise<EvaluateProgressView> {
    return runEvaluation(db, caller, { asOf: input.asOf, warningRule: input.warningRule, now, ...hooked(input) });
  },
});
