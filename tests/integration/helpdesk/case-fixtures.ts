/**
 * Fixtures of the case tests: experts inserted directly (not the seed), expert users bound to them,
 * verified enterprise users (voucher fixtures), valid payloads and uploads into the help-files folder.
 */
import type { ExpertDoc } from '../../../cloudfunctions/src/helpdesk/documents';
import { ownUploadFolder } from '../../../cloudfunctions/src/services/files';
import { resolvePlaceholders } from '../../../emulator/env';
import { PDF, PNG, uploadAs } from '../cable/fixtures';
import { enterpriseUser, failure, ok, USCCS, type TestCloud } from '../voucher/fixtures';

export { enterpriseUser, failure, ok, PDF, PNG, uploadAs, USCCS, type TestCloud };

let sequence = 0;
export const clientId = (label = 'case') => `${label}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;

/** An expert record as the import stores it; override any field. */
export function expertDoc(id: string, overrides: Partial<ExpertDoc> = {}): ExpertDoc {
  const now = new Date();
  return {
    _id: id,
    name: `专家${id.slice(-3)}`,
    title: '高级工程师',
    institution: '广东省产品质量监督检验研究院',
    hospitalId: null,
    city: '广州市',
    productCategories: ['电线电缆'],
    disciplines: ['testing', 'quality_management'],
    maxOpenCases: 5,
    openCases: 0,
    active: true,
    openid: null,
    resolvedCases: 0,
    starsTotal: 0,
    ratings: 0,
    importHash: `hash-${id}`,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  } as ExpertDoc;
}

/**
 * Inserts `doc` and makes `openid` its WeChat user: users.roles ['expert'] + expertId, experts.openid.
 * Answers the openid.
 */
export async function expertUser(cloud: TestCloud, doc: ExpertDoc, openid = `o-expert-${doc._id}`): Promise<string> {
  await cloud.db.insertMany('experts', [{ ...doc, openid }]);
  ok(await cloud.call('user', { action: 'login' }, openid));
  await cloud.db.update('users', { _id: openid }, { $set: { roles: ['expert'], expertId: doc._id } });
  return openid;
}

/** A complete, valid openCase payload (without `action`); override any field. */
export function validCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productCategory: '电线电缆',
    problemType: 'failed_sampling',
    title: '导体电阻抽检不合格',
    description: '省抽检中 BV 2.5 导体电阻超标，需要整改方案和复检建议。',
    failedItems: '导体电阻',
    files: [],
    urgency: 'normal',
    contact: { name: '陈建国', phone: '13912345678' },
    clientRequestId: clientId(),
    ...overrides,
  };
}

const SECRET = resolvePlaceholders('{{env.YPT_SERVER_SECRET}}');
/** The caller's help-files folder (what formOptions.uploadFolder names). */
export const helpFolderOf = (openid: string) => ownUploadFolder('help-files', openid, SECRET);

let uploads = 0;
/** A file uploaded by `openid` into their own help-files folder. */
export async function uploadHelpFile(cloud: TestCloud, openid: string, ext: 'png' | 'pdf' = 'png'): Promise<string> {
  const body = ext === 'pdf' ? PDF : Buffer.concat([PNG, Buffer.from(`#${++uploads}`)]);
  return uploadAs(cloud, openid, `${helpFolderOf(openid)}/f${++uploads}.${ext}`, body);
}

/** The `helpdesk` function as `openid`. */
export const helpdesk = (cloud: TestCloud, openid: string, action: string, payload: object = {}) =>
  cloud.call('helpdesk', { action, ...payload }, openid);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = Record<string, any>;
/** Stored documents, typed loosely for assertions. */
export const docs = async (cloud: TestCloud, collection: string, query: object = {}): Promise<Loose[]> =>
  (await cloud.db.find(collection, query)) as Loose[];

/** Snapshot of every collection a case action writes, to show a refused call wrote nothing. */
export async function caseState(cloud: TestCloud): Promise<Record<string, Loose[]>> {
  const names = ['help_cases', 'help_messages', 'help_case_holders', 'help_served', 'experts', 'outbox', 'audit_log'];
  const out: Record<string, Loose[]> = {};
  for (const name of names) out[name] = await docs(cloud, name);
  return out;
}

/** The queries (database.getDocument) on `experts` made while `run` runs: how routing reads the 专家库. */
export async function expertReads(cloud: TestCloud, run: () => Promise<unknown>): Promise<Loose[]> {
  const db = cloud.db as unknown as { handle(action: string, body: Record<string, unknown>): Promise<unknown> };
  const handle = db.handle.bind(db);
  const reads: Loose[] = [];
  const spy = jest.spyOn(db, 'handle').mockImplementation(async (action, body) => {
    if (action === 'database.getDocument' && body.collectionName === 'experts') reads.push(body);
    return handle(action, body);
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return reads;
}
