import { z } from 'zod';
import { action } from '../../runtime/router';
import { closeAllDue } from '../campaign-close';

export const closeDueCampaigns = action({
  access: 'admin',
  input: z.object({}),
  async handler(_input, { caller, db, now }) {
    return closeAllDue(db, caller, now);
  },
});
