/**
 * docs/console.md, executed: every console event it shows is sent to the local cloud as the CloudBase
 * console sends it (POST /admin functions.invokeFunction: no OPENID, no SOURCE), in the document's order,
 * and every answer must match the result the document shows under it. The document also has to cover
 * every admin action in code (cloudfunctions/src/<function>/actions/*.ts with `access: 'admin'`) and name
 * no action that does not exist.
 *
 * Markers in the document (explained in its last section):
 * - a ```json console <function>``` block is an event for that function's test panel;
 * - the next ```json result``` block is its answer (the test repeats the event while it answers `running`, as
 *   the document tells the admin to); a ```json result running``` block before it shows the answer of a call
 *   that has more to do (the test forces one with the local cloud's budget hooks); a running block alone is
 *   the whole example (the document continues the job with another event);
 * - a ```csv upload=<cloud path> bind=<name>``` block is a file the admin uploads to cloud storage first;
 * - `<!-- console-doc: <step> key=value … -->` is something outside the console that the example needs
 *   (applicants applying, a beacon round being produced, a user logging in): the test does it with SETUP.
 * In results, "<name>" (an identifier) binds the value the first time and must equal it afterwards (events
 * use it too); "<anything else>" is any value; an array ending in "..." is a prefix of the answer's array.
 * Writing an example: CONSOLE_DOC_PRINT=1 prints every answer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UNTOUCHED_CASE, type CaseDoc } from '../../../cloudfunctions/src/helpdesk/documents';
import { startTestCloud } from '../helpers/local-cloud';
import { USCCS, enterpriseUser, ok, personUser, registerEnterprise, type TestCloud } from '../voucher/fixtures';
import { advanceDrand, enterpriseApplication } from '../voucher/lifecycle';

const ROOT = path.resolve(__dirname, '../../..');
const DOC_PATH = path.join(ROOT, 'docs/console.md');
const FUNCTIONS_DIR = path.join(ROOT, 'cloudfunctions/src');

// ---------------------------------------------------------------------------------------------------------
// The document's steps

interface Block {
  info: string[];
  body: string;
  line: number;
}

type Step =
  | { kind: 'event'; fn: string; event: Record<string, unknown>; running?: unknown; result?: unknown; line: number }
  | { kind: 'upload'; cloudPath: string; bind: string; content: string; line: number }
  | { kind: 'setup'; name: string; args: Record<string, string>; line: number };

interface ParsedDoc {
  steps: Step[];
  /** Action names in `### \`name\`` headings. */
  headings: { name: string; line: number }[];
}

function parseDoc(text: string): ParsedDoc {
  const lines = text.split('\n');
  const items: ({ type: 'block'; block: Block } | { type: 'setup'; text: string; line: number })[] = [];
  const headings: { name: string; line: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(.*)$/.exec(lines[i]);
    if (fence) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
      if (i >= lines.length) throw new Error(`console.md:${start + 1}: unterminated code block`);
      items.push({
        type: 'block',
        block: { info: fence[1].trim().split(/\s+/), body: body.join('\n'), line: start + 1 },
      });
      continue;
    }
    const heading = /^###\s+`([A-Za-z]+)`/.exec(lines[i]);
    if (heading) headings.push({ name: heading[1], line: i + 1 });
    const setup = /^<!--\s*console-doc:\s*(.*?)\s*-->/.exec(lines[i]);
    if (setup) items.push({ type: 'setup', text: setup[1], line: i + 1 });
  }

  const steps: Step[] = [];
  const json = (block: Block) => {
    try {
      return JSON.parse(block.body);
    } catch (error) {
      throw new Error(`console.md:${block.line}: not JSON: ${(error as Error).message}`);
    }
  };
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (item.type === 'setup') {
      const [name, ...rest] = item.text.split(/\s+/);
      const args = Object.fromEntries(rest.map((kv) => kv.split('=', 2) as [string, string]));
      steps.push({ kind: 'setup', name, args, line: item.line });
      continue;
    }
    const { info, line } = item.block;
    if (info[0] === 'csv' && info.some((t) => t.startsWith('upload='))) {
      const opt = Object.fromEntries(info.slice(1).map((kv) => kv.split('=', 2) as [string, string]));
      if (!opt.upload || !opt.bind) throw new Error(`console.md:${line}: an upload block needs upload= and bind=`);
      steps.push({ kind: 'upload', cloudPath: opt.upload, bind: opt.bind, content: item.block.body + '\n', line });
      continue;
    }
    if (info[0] === 'json' && info[1] === 'result') throw new Error(`console.md:${line}: a result without an event`);
    if (info[0] !== 'json' || info[1] !== 'console') continue;
    const fn = info[2];
    if (!fn) throw new Error(`console.md:${line}: say which function: \`\`\`json console admin`);
    const event = json(item.block);
    let running: unknown;
    let result: unknown;
    for (k++; k < items.length; k++) {
      const next = items[k];
      if (next.type !== 'block' || next.block.info[0] !== 'json' || next.block.info[1] !== 'result') {
        k--; // not this event's: the outer loop takes it
        break;
      }
      if (next.block.info[2] === 'running') running = json(next.block);
      else {
        result = json(next.block);
        break;
      }
    }
    if (result === undefined && running === undefined) {
      throw new Error(`console.md:${line}: the event has no \`\`\`json result block after it`);
    }
    steps.push({ kind: 'event', fn, event, running, result, line });
  }
  return { steps, headings };
}

// ---------------------------------------------------------------------------------------------------------
// Matching answers against the document

const VARIABLE = /^<([A-Za-z_][A-Za-z0-9_]*)>$/;
const WILDCARD = /^<.+>$/;
const MORE = '...';

type Bindings = Map<string, unknown>;

/** Where `actual` differs from the documented `expected`, as messages with their JSON path; binds variables. */
function mismatches(expected: unknown, actual: unknown, bindings: Bindings, at = '$'): string[] {
  if (typeof expected === 'string') {
    const variable = VARIABLE.exec(expected);
    if (variable) {
      if (actual === undefined) return [`${at}: missing (documented as ${expected})`];
      const name = variable[1];
      if (!bindings.has(name)) {
        bindings.set(name, actual);
        return [];
      }
      return JSON.stringify(bindings.get(name)) === JSON.stringify(actual)
        ? []
        : [`${at}: ${JSON.stringify(actual)} is not ${expected} = ${JSON.stringify(bindings.get(name))}`];
    }
    if (WILDCARD.test(expected)) return actual === undefined ? [`${at}: missing (documented as ${expected})`] : [];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${JSON.stringify(actual)}`];
    const trimmed = expected[expected.length - 1] === MORE;
    const shown = trimmed ? expected.slice(0, -1) : expected;
    if (trimmed ? actual.length < shown.length : actual.length !== shown.length) {
      return [`${at}: ${actual.length} items, documented ${trimmed ? 'at least ' : ''}${shown.length}`];
    }
    return shown.flatMap((item, i) => mismatches(item, actual[i], bindings, `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    }
    const want = Object.keys(expected);
    const got = Object.keys(actual);
    const problems = [
      ...got.filter((key) => !want.includes(key)).map((key) => `${at}.${key}: in the answer, not in the document`),
      ...want.filter((key) => !got.includes(key)).map((key) => `${at}.${key}: in the document, not in the answer`),
    ];
    for (const key of want) {
      if (got.includes(key)) {
        problems.push(
          ...mismatches(
            (expected as Record<string, unknown>)[key],
            (actual as Record<string, unknown>)[key],
            bindings,
            `${at}.${key}`,
          ),
        );
      }
    }
    return problems;
  }
  return Object.is(expected, actual)
    ? []
    : [`${at}: ${JSON.stringify(actual)}, documented ${JSON.stringify(expected)}`];
}

/** The event with its "<name>" placeholders replaced by bound values. */
function substitute(value: unknown, bindings: Bindings, line: number): unknown {
  if (typeof value === 'string') {
    const variable = VARIABLE.exec(value);
    if (!variable) return value;
    if (!bindings.has(variable[1])) throw new Error(`console.md:${line}: ${value} is used before an answer binds it`);
    return bindings.get(variable[1]);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, bindings, line));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, bindings, line)]));
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// The admin actions in code

function adminActionsInCode(): { fn: string; action: string }[] {
  const out: { fn: string; action: string }[] = [];
  for (const fn of readdirSync(FUNCTIONS_DIR)) {
    const dir = path.join(FUNCTIONS_DIR, fn, 'actions');
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const file of files.filter((f) => f.endsWith('.ts'))) {
      if (/access:\s*'admin'/.test(readFileSync(path.join(dir, file), 'utf8'))) {
        out.push({ fn, action: file.replace(/\.ts$/, '') });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// What happens outside the console

interface Context {
  cloud: TestCloud;
  bindings: Bindings;
}

const arg = (ctx: Context, args: Record<string, string>, key: string, line: number): string => {
  const raw = args[key];
  if (raw === undefined) throw new Error(`console.md:${line}: setup needs ${key}=`);
  return String(substitute(raw, ctx.bindings, line));
};

const SETUP: Record<string, (ctx: Context, args: Record<string, string>, line: number) => Promise<void>> = {
  /** Five applications, as voucher.apply stores them: three enterprises for G2000, one for G1000, one person for C1000. */
  async applicants({ cloud, bindings }, args, line) {
    const campaignId = arg({ cloud, bindings }, args, 'campaignId', line);
    const apps: Record<string, unknown>[] = [0, 1, 2].map((i) =>
      enterpriseApplication(campaignId, `o-doc-ent-${i}`, USCCS[i], ['G2000']),
    );
    apps.push(enterpriseApplication(campaignId, 'o-doc-ent-3', USCCS[3], ['G1000']));
    apps.push({
      ...enterpriseApplication(campaignId, 'o-doc-person', 'person:o-doc-person', ['C1000']),
      applicantType: 'person',
      applicantName: '陈一',
      uscc: null,
    });
    await cloud.db.insertMany('applications', apps);
  },
  /** The local drand test chain produces the campaign's pinned round (closesAt + 10 min). */
  async beacon(ctx, args, line) {
    const campaignId = arg(ctx, args, 'campaignId', line);
    const [campaign] = (await ctx.cloud.db.find('campaigns', { _id: campaignId })) as {
      beaconSource: { roundTime: string | Date };
    }[];
    const due = new Date(campaign.beaconSource.roundTime).getTime();
    await advanceDrand(ctx.cloud, Math.ceil((due - Date.now()) / 1000) + 60);
  },
  /** The holder of the campaign's voucher of `poolId` declines it in the mini-program. */
  async decline(ctx, args, line) {
    const campaignId = arg(ctx, args, 'campaignId', line);
    const poolId = arg(ctx, args, 'poolId', line);
    const [voucher] = (await ctx.cloud.db.find('vouchers', { campaignId, poolId })) as {
      _id: string;
      holderOpenid: string;
    }[];
    ok(await ctx.cloud.call('voucher', { action: 'declineVoucher', voucherId: voucher._id }, voucher.holderOpenid));
  },
  /** The user opens the mini-program once (users document created). */
  async login(ctx, args, line) {
    ok(await ctx.cloud.call('user', { action: 'login' }, arg(ctx, args, 'openid', line)));
  },
  /**
   * Enterprise 3 is verified by one account; a second account asks for a review of the binding
   * (user.requestEnterpriseReview): a pending claim.
   */
  async claim(ctx, args, line) {
    const claimant = arg(ctx, args, 'openid', line);
    await enterpriseUser(ctx.cloud, 3);
    ok(await ctx.cloud.call('user', { action: 'login' }, claimant));
    ok(
      await ctx.cloud.call(
        'user',
        {
          action: 'requestEnterpriseReview',
          uscc: USCCS[3],
          name: '测试企业3有限公司',
          note: '我是法定代表人，原经办人已离职',
        },
        claimant,
      ),
    );
  },
  /**
   * Enterprise 5's verified account registers a product (产品信用赋码) and issues one batch code for it;
   * the product's id is bound to `bind`.
   */
  async creditProduct(ctx, args, line) {
    const name = args.bind;
    if (!name) throw new Error(`console.md:${line}: setup needs bind=`);
    const openid = await enterpriseUser(ctx.cloud, 5);
    const product = ok(
      await ctx.cloud.call(
        'credit',
        {
          action: 'saveProduct',
          name: '聚氯乙烯绝缘电线',
          brand: '粤缆',
          model: 'BV 2.5mm²',
          category: '电线电缆',
          standard: 'GB/T 5023.3-2008',
        },
        openid,
      ),
    );
    ok(
      await ctx.cloud.call(
        'credit',
        {
          action: 'issueCodes',
          productId: product.productId,
          kind: 'batch',
          batchNo: 'B20261201',
          productionDate: '2026-12-01',
          quantity: 5000,
          clientRequestId: 'console-doc-credit-1',
        },
        openid,
      ),
    );
    ctx.bindings.set(name, product.productId);
  },
  /** A user binds enterprise 4 (registered, not yet verified) and submits the licence and the letter of authority. */
  async documents(ctx, args, line) {
    const openid = arg(ctx, args, 'openid', line);
    await registerEnterprise(ctx.cloud, 4);
    await personUser(ctx.cloud, openid, '13912345678');
    ok(await ctx.cloud.call('user', { action: 'bindEnterprise', uscc: USCCS[4], name: '测试企业4有限公司' }, openid));
    const proof = (file: string) =>
      ctx.cloud.cloud.storage.putAsUser(`enterprise-proofs/${openid}/${file}`, Buffer.from(`scan of ${file}`), openid);
    ok(
      await ctx.cloud.call(
        'user',
        {
          action: 'submitEnterpriseDocuments',
          licenceFileID: await proof('licence.jpg'),
          authorizationFileID: await proof('letter.pdf'),
        },
        openid,
      ),
    );
  },

  /**
   * Two help-desk cases submitted in November 2026, both past their first-answer deadline: one still open
   * (offered to GDZJ-0101 and GDZJ-0102), one accepted by GDZJ-0102 and not answered.
   */
  async cases({ cloud }) {
    const at = (iso: string) => new Date(iso);
    const base = (id: string, submitted: string, due: string): CaseDoc => ({
      _id: id,
      caseNo: `WZ20261102${id.slice(-4)}`,
      status: 'open',
      uscc: USCCS[5],
      enterpriseName: '测试企业5有限公司',
      city: '佛山市',
      ownerOpenid: 'o-doc-case-owner',
      contact: { name: '陈建国', phone: '13912345678' },
      productCategory: '电线电缆',
      problemType: 'failed_sampling',
      title: '导体电阻抽检不合格',
      description: '省抽检中导体电阻超标，需要整改方案。',
      failedItems: '导体电阻',
      offerId: null,
      files: [],
      urgency: 'normal',
      preferredCity: null,
      clientRequestId: `req-${id}`,
      ...UNTOUCHED_CASE,
      offeredTo: ['GDZJ-0101', 'GDZJ-0102'],
      submittedAt: at(submitted),
      firstAnswerDueAt: at(due),
      createdAt: at(submitted),
      updatedAt: at(submitted),
    });
    await cloud.db.insertMany('help_cases', [
      base('case-doc-0001', '2026-11-02T10:00:00+08:00', '2026-11-04T10:00:00+08:00'),
      {
        ...base('case-doc-0002', '2026-11-05T15:30:00+08:00', '2026-11-09T15:30:00+08:00'),
        status: 'accepted',
        expertId: 'GDZJ-0102',
        expertName: '李慧敏',
        acceptedAt: at('2026-11-06T09:00:00+08:00'),
      },
    ]);
    await cloud.db.update('experts', { _id: 'GDZJ-0102' }, { $set: { openCases: 1 } });
  },
};

// ---------------------------------------------------------------------------------------------------------

const doc = parseDoc(readFileSync(DOC_PATH, 'utf8'));
const inCode = adminActionsInCode();
const key = (fn: string, action: string) => `${fn}.${action}`;

describe('how answers are compared with the document', () => {
  test('same keys, equal literals, bound names, wildcards and trimmed lists', () => {
    const bound: Bindings = new Map();
    const shown = { ok: true, data: { id: '<id>', at: '<an ISO time>', items: [1, '...'] } };
    expect(mismatches(shown, { ok: true, data: { id: 'c1', at: 'x', items: [1, 2, 3] } }, bound)).toEqual([]);
    expect(bound.get('id')).toBe('c1');
    expect(mismatches('<id>', 'c2', bound)).toEqual(['$: "c2" is not <id> = "c1"']);
    expect(mismatches({ a: 1 }, { a: 1, b: 2 }, bound)).toEqual(['$.b: in the answer, not in the document']);
    expect(mismatches({ a: 1, b: '<any>' }, { a: 1 }, bound)).toEqual(['$.b: in the document, not in the answer']);
    expect(mismatches({ a: [1, 2] }, { a: [1] }, bound)).toEqual(['$.a: 1 items, documented 2']);
    expect(mismatches({ a: 'done' }, { a: 'running' }, bound)).toEqual(['$.a: "running", documented "done"']);
    expect(substitute({ campaignId: '<id>', n: ['<id>'] }, bound, 1)).toEqual({ campaignId: 'c1', n: ['c1'] });
    expect(() => substitute('<unbound>', bound, 7)).toThrow(
      'console.md:7: <unbound> is used before an answer binds it',
    );
  });
});

describe('docs/console.md covers the admin actions', () => {
  const documented = new Set(doc.steps.flatMap((s) => (s.kind === 'event' ? [key(s.fn, String(s.event.action))] : [])));

  test('every admin action in code has an executed example', () => {
    const missing = inCode.map((a) => key(a.fn, a.action)).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });

  test('every action the document names exists in code as an admin action', () => {
    const real = new Set(inCode.map((a) => key(a.fn, a.action)));
    const unknown = [...documented].filter((k) => !real.has(k));
    const names = new Set(inCode.map((a) => a.action));
    const headings = doc.headings.filter((h) => !names.has(h.name)).map((h) => `console.md:${h.line} ${h.name}`);
    expect([...unknown, ...headings]).toEqual([]);
  });

  test('the timers table lists the triggers of cloudbaserc.json', () => {
    const config = JSON.parse(readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')) as {
      functions: { name: string; triggers?: { name: string; type: string; config: string }[] }[];
    };
    const triggers = config.functions.flatMap((f) =>
      (f.triggers ?? []).filter((t) => t.type === 'timer').map((t) => `${f.name} ${t.name} ${t.config}`),
    );
    const text = readFileSync(DOC_PATH, 'utf8');
    const table = text.slice(text.indexOf('## Timers'), text.indexOf('## How this page is tested'));
    const rows = [...table.matchAll(/^\| `(\w+)`\s*\| `(\w+)`\s*\| `([^`]+)`/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(rows.sort()).toEqual(triggers.sort());
  });

  test('every admin action has its own heading', () => {
    const headed = new Set(doc.headings.map((h) => h.name));
    expect(inCode.filter((a) => !headed.has(a.action)).map((a) => a.action)).toEqual([]);
  });
});

describe('docs/console.md, run against the local cloud in its order', () => {
  let cloud: TestCloud;
  const bindings: Bindings = new Map();

  beforeAll(async () => {
    cloud = await startTestCloud();
  }, 60_000);
  afterAll(() => cloud?.stop());

  for (const step of doc.steps) {
    const title =
      step.kind === 'event'
        ? `console.md:${step.line} ${step.fn}.${String(step.event.action)}`
        : step.kind === 'upload'
          ? `console.md:${step.line} upload ${step.cloudPath}`
          : `console.md:${step.line} (${step.name})`;
    test(
      title,
      async () => {
        if (step.kind === 'upload') {
          bindings.set(step.bind, await cloud.cloud.storage.put(step.cloudPath, Buffer.from(step.content, 'utf8')));
          return;
        }
        if (step.kind === 'setup') {
          const run = SETUP[step.name];
          if (!run) throw new Error(`console.md:${step.line}: unknown setup step "${step.name}"`);
          await run({ cloud, bindings }, step.args, step.line);
          return;
        }
        const event = substitute(step.event, bindings, step.line) as Record<string, unknown>;
        // A documented `running` answer is real: the local cloud's budget hooks make the first call stop early.
        let answer = await cloud.admin<Record<string, any>>(
          step.fn,
          step.running === undefined ? event : { ...event, budgetMs: 1, batchSize: 1 },
        );
        if (step.running !== undefined) {
          if (process.env.CONSOLE_DOC_PRINT) console.log(title, 'running', JSON.stringify(answer, null, 2));
          expect(answer?.data?.status).toBe('running');
          expect(mismatches(step.running, answer, bindings)).toEqual([]);
          // Shown alone, the running answer is the example (the document continues the job with another event).
          if (step.result === undefined) return;
        }
        for (let calls = 0; answer?.ok && answer.data?.status === 'running'; calls++) {
          if (calls > 50) throw new Error(`console.md:${step.line}: still running after 50 calls`);
          answer = await cloud.admin(step.fn, event);
        }
        if (process.env.CONSOLE_DOC_PRINT) console.log(title, JSON.stringify(answer, null, 2)); // authoring aid
        expect(mismatches(step.result, answer, bindings)).toEqual([]);
      },
      30_000,
    );
  }
});
