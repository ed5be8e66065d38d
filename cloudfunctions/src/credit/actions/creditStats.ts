import { z } from 'zod';
import { action } from '../../runtime/router';
import { creditStatsOf } from '../stats';

/** Admins: products, codes and scans by category and city. */
export const creditStats = action({
  access: 'admin',
  input: z.object({}),
  async handler(_input, { db }) {
    return creditStatsOf(db);
  },
});
