import { z } from 'zod';
import { action } from '../../runtime/router';
import { activeHospitals } from '../hospitals';

export const listHospitals = action({
  access: 'public',
  input: z.object({}),
  async handler(_input, { db }) {
    return activeHospitals(db);
  },
});
