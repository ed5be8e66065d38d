import { versionsInput } from '../../contract/redlist';
import { action } from '../../runtime/router';
import { versionView } from '../../services/redlist';
import { publishedVersions } from '../../services/redlist-versions';

export const versions = action({
  access: 'public',
  input: versionsInput,
  async handler(_input, { db }) {
    return (await publishedVersions(db)).map(versionView);
  },
});
