import { z } from 'zod';
import { action } from '../../runtime/router';
import { closeDueCampaigns } from '../campaign-close';

export const closeDue = action({
  access: 'admin',
  input: z.object({}),
  async handler(_input, { caller, db, now }) {
    return closeDueCampaigns(db, caller, now);
  },
});
