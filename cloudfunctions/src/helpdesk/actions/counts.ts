import { z } from 'zod';
import { count } from '../../runtime/db';
import { action } from '../../runtime/router';
import { CASES, EXPERTS, SERVED } from '../documents';

/**
 * Anyone (the home page): the help desk's public figures, computed live with three counts —
 * enterprises served (help_served: one document per USCC that opened a case or did a check-up),
 * problems solved (cases resolved) and experts on duty (active).
 */
export const counts = action({
  access: 'public',
  input: z.object({}),
  async handler(_input, { db }) {
    const [enterprisesServed, problemsSolved, experts] = await Promise.all([
      count(db.collection(SERVED)),
      count(db.collection(CASES).where({ status: 'resolved' })),
      count(db.collection(EXPERTS).where({ active: true })),
    ]);
    return { enterprisesServed, problemsSolved, experts };
  },
});
