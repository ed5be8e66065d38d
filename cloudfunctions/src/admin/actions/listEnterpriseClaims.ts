import { listEnterpriseClaimsInput } from '../../contract/admin';
import { fetchPage, list } from '../../runtime/db';
import { action } from '../../runtime/router';
import type { EnterpriseDoc } from '../../services/documents';
import { PAGE_SIZE, ClaimDoc, claimView } from '../claim-views';

export const listEnterpriseClaims = action({
  access: 'admin',
  input: listEnterpriseClaimsInput,
  async handler({ status, page }, { db }) {
    const query = db.collection('enterprise_claims').where({ status });
    const { docs: claims, total } = await fetchPage<ClaimDoc>(query, [['createdAt', 'asc']], page, PAGE_SIZE);
    const _ = db.command;
    const usccs = [...new Set(claims.map((c) => c.uscc))];
    const enterprises = usccs.length
      ? await list<EnterpriseDoc>(
          db
            .collection('enterprises')
            .where({ _id: _.in(usccs) })
            .limit(PAGE_SIZE),
        )
      : [];
    const byId = new Map(enterprises.map((e) => [e._id, e]));
    return { items: claims.map((c) => claimView(c, byId.get(c.uscc) ?? null)), page, pageSize: PAGE_SIZE, total };
  },
});
