import { trainingStatsInput } from '../../contract/training';
import { action } from '../../runtime/router';
import { trainingStatsOf } from '../stats';

/** Admins: what training achieved, per programme, city and cluster (sessions held). */
export const trainingStats = action({
  access: 'admin',
  input: trainingStatsInput,
  async handler(input, { db, now }) {
    return trainingStatsOf(db, input, now);
  },
});
