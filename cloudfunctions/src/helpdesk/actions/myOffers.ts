import { z } from 'zod';
import { action } from '../../runtime/router';
import { verifiedCaller } from '../cases';
import { offersOf, offerViewOf } from '../offers';

/**
 * The caller's enterprise (verified binding only): its recent failed samplings the help desk offers to
 * help rectify, newest first, each with the case opened from it once there is one.
 */
export const myOffers = action({
  access: 'user',
  input: z.object({}),
  async handler(_input, { caller, db, now }) {
    const enterprise = await verifiedCaller(db, caller);
    return { items: (await offersOf(db, enterprise._id, now)).map(offerViewOf) };
  },
});
