import { z } from 'zod';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { ORGANISERS, type OrganiserDoc } from '../documents';
import { organiserViewOf } from '../organisers';

/** Every organiser with its number of check-in staff, by name. */
export const listOrganisers = action({
  access: 'admin',
  input: z.object({}),
  async handler(_input, { db }) {
    const docs = await list<OrganiserDoc>(db.collection(ORGANISERS).where({}).orderBy('name', 'asc').limit(1000));
    return { items: await Promise.all(docs.map((d) => organiserViewOf(db, d))) };
  },
});
