import { listEnterpriseVerificationsInput } from '../../contract/user';
import { fetchPage, list } from '../../runtime/db';
import { action } from '../../runtime/router';
import { BINDINGS, type BindingDoc } from '../../services/enterprise-binding';
import { tempFileUrls } from '../../services/files';
import type { EnterpriseDoc } from '../../services/documents';
import { verificationView, documentIds } from '../verification-views';

const PAGE_SIZE = 20;

/** The documents queue: waiting submissions oldest first; reviewed ones newest first. */
export const listEnterpriseVerifications = action({
  access: 'admin',
  input: listEnterpriseVerificationsInput,
  async handler({ status, page }, { db }) {
    const query = db.collection(BINDINGS).where({ reviewStatus: status });
    const order: [string, 'asc' | 'desc'][] =
      status === 'waiting'
        ? [
            ['documentsSubmittedAt', 'asc'],
            ['_id', 'asc'],
          ]
        : [
            ['reviewedAt', 'desc'],
            ['_id', 'asc'],
          ];
    const { docs, total } = await fetchPage<BindingDoc>(query, order, page, PAGE_SIZE);
    const usccs = [...new Set(docs.map((b) => b.uscc))];
    const [enterprises, urls] = await Promise.all([
      usccs.length
        ? list<EnterpriseDoc>(
            db
              .collection('enterprises')
              .where({ _id: db.command.in(usccs) })
              .limit(PAGE_SIZE),
          )
        : [],
      tempFileUrls(documentIds(docs), 3600),
    ]);
    const byId = new Map(enterprises.map((e) => [e._id, e]));
    return {
      items: docs.map((b) => verificationView(b, byId.get(b.uscc) ?? null, urls)),
      page,
      pageSize: PAGE_SIZE,
      total,
    };
  },
});
