import { z } from 'zod';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { PROGRAMMES, type ProgrammeDoc } from '../documents';
import { programmeViewOf } from '../programmes';

/** Every programme, newest year first, each with its plan against what was held. */
export const listProgrammes = action({
  access: 'public',
  input: z.object({}),
  async handler(_input, { db, now }) {
    const docs = await list<ProgrammeDoc>(
      db.collection(PROGRAMMES).where({}).orderBy('year', 'desc').orderBy('_id', 'asc').limit(100),
    );
    return { items: await Promise.all(docs.map((d) => programmeViewOf(db, d, now))) };
  },
});
