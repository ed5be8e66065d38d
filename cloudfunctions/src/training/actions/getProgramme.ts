import { programmeIdInput } from '../../contract/training';
import { action } from '../../runtime/router';
import { loadProgramme, programmeViewOf } from '../programmes';

/** One programme for anyone: the plan (e.g. 8 sessions, 4 on site) against what was held, and its sessions. */
export const getProgramme = action({
  access: 'public',
  input: programmeIdInput,
  async handler({ programmeId }, { db, now }) {
    return programmeViewOf(db, await loadProgramme(db, programmeId), now);
  },
});
