import { buildNameIndex, matchByName } from '../cloudfunctions/src/core/redlist/names';
import { normalizeName } from '../cloudfunctions/src/core/redlist/normalize';
import { inspectionRowKey } from '../cloudfunctions/src/core/redlist/import';
import { calendarDate } from '../cloudfunctions/src/core/time';
import { inspectionDocOf, type InspectionDoc } from '../cloudfunctions/src/services/redlist';
import { generateDataset, type GeneratedInspection } from '../scripts/generate-inspections';
import { insertMany, readAll, type SeedContext } from './client';
import { DEMO_ENTERPRISE } from './identities';

/** The generated registry (asOf: the seeding day). */
export const DEMO_DATASET = { enterprises: 8000, seed: 'ypt-demo-redlist' } as const;
const CHUNK = 5000;
/** The first version: the October 2025 list; the second is evaluated as of today. */
export const FIRST_AS_OF = '2025-10-31';

/** The demo enterprise's own sampling history: a failure in 2018, clean since May 2019 (五年榜 in both versions). */
function demoEnterpriseHistory(): GeneratedInspection[] {
  const base = {
    uscc: DEMO_ENTERPRISE.uscc,
    enterpriseName: DEMO_ENTERPRISE.name,
    productCategory: '家用电器',
    specModel: 'MD-FB40A',
    level: 'provincial' as const,
    authority: '广东省市场监督管理局',
  };
  const dates: [string, 'pass' | 'fail', string][] = [
    ['2016-04-12', 'pass', '电饭锅'],
    ['2018-09-03', 'fail', '电饭锅'],
    ['2019-05-10', 'pass', '电饭锅'],
    ['2020-06-18', 'pass', '电热水壶'],
    ['2021-08-25', 'pass', '电饭锅'],
    ['2022-11-02', 'pass', '电风扇'],
    ['2024-03-14', 'pass', '电饭锅'],
    ['2025-07-09', 'pass', '电热水壶'],
  ];
  return dates.map(([sampledAt, result, productName]) => {
    const year = sampledAt.slice(0, 4);
    const record: GeneratedInspection = {
      ...base,
      productName,
      batch: `${year}0101`,
      sampledAt,
      result,
      failedItems: result === 'fail' ? '输入功率和电流' : '',
      announcement: `广东省市场监督管理局关于${year}年家用电器产品质量省级监督抽查情况的通告（${year}年第1期）`,
    };
    record.rowKey = inspectionRowKey(record);
    return record;
  });
}

async function evaluate(callFunction: SeedContext['callFunction'], asOf: string): Promise<void> {
  for (let call = 0; call < 20; call++) {
    const res = (await callFunction('admin', { action: 'evaluateRedlist', asOf })) as {
      ok: boolean;
      data?: { status: string };
      code?: string;
      message?: string;
    };
    if (!res?.ok) throw new Error(`seed: evaluateRedlist ${asOf} failed: ${res?.code} ${res?.message}`);
    if (res.data?.status === 'done') return;
  }
  throw new Error(`seed: evaluateRedlist ${asOf} did not finish`);
}

/**
 * Red-list demo: ~8,000 generated enterprises (registry) and their ~70,000 published sampling
 * results written straight into the collections, then two versions evaluated by the admin
 * function (2025-10-31 and today), so the lookup has entries, exits and tier changes to show.
 * Enterprises already seeded (the vouchers demo) keep their documents; generated ones whose USCC or
 * name clashes with them are left out.
 */
export async function seedRedlist({ db, callFunction }: SeedContext): Promise<void> {
  const today = calendarDate(new Date());
  const data = generateDataset({ ...DEMO_DATASET, asOf: today });

  const existing = await readAll<{ _id: string; name: string; formerNames?: string[] }>(db, 'enterprises');
  const takenIds = new Set(existing.map((e) => e._id));
  const takenNames = new Set(existing.flatMap((e) => [e.name, ...(e.formerNames ?? [])].map(normalizeName)));
  const kept = data.enterprises.filter(
    (e) => !takenIds.has(e.uscc) && ![e.name, ...e.formerNames].some((n) => takenNames.has(normalizeName(n))),
  );
  const keptIds = new Set(kept.map((e) => e.uscc));

  const now = new Date();
  for (let i = 0; i < kept.length; i += CHUNK) {
    await insertMany(
      db,
      'enterprises',
      kept.slice(i, i + CHUNK).map((e) => ({
        _id: e.uscc,
        name: e.name,
        nameKey: normalizeName(e.name),
        formerNames: e.formerNames,
        formerNameKeys: e.formerNames.map(normalizeName),
        city: e.city,
        address: e.address,
        ownerOpenid: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
  }

  // Rows published without a USCC are matched by name, as importInspections does.
  const index = buildNameIndex(kept);
  const docs: (InspectionDoc & { createdAt: Date; updatedAt: Date })[] = [];
  for (const r of [...data.inspections, ...demoEnterpriseHistory()]) {
    let uscc = r.uscc;
    if (!uscc) {
      const match = matchByName(index, r.enterpriseName);
      uscc = 'uscc' in match ? match.uscc : undefined;
    }
    if (!uscc || (!keptIds.has(uscc) && uscc !== DEMO_ENTERPRISE.uscc)) continue;
    docs.push({ ...inspectionDocOf(r, uscc, 'seed', 0), createdAt: now, updatedAt: now });
  }
  for (let i = 0; i < docs.length; i += CHUNK) await insertMany(db, 'inspections', docs.slice(i, i + CHUNK));

  await evaluate(callFunction, FIRST_AS_OF);
  if (today > FIRST_AS_OF) await evaluate(callFunction, today);
}
