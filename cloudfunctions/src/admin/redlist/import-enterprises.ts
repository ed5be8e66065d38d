/**
 * `importEnterprises`: the enterprise registry (uscc, name, former names, address[, province]
 * [, contact phone]) into `enterprises` (_id = USCC). A renamed enterprise keeps its previous name as a
 * former name, so sampling results published under it still match; the binding fields (ownerOpenid,
 * claimants) are never touched. The contact phone is stored only as a keyed hash (contactPhoneKey), for
 * the automatic verification of bindings; a file without it keeps the stored one. Re-importing a file
 * changes nothing.
 */
import type { EnterpriseImportCounts } from '../../contract/redlist';
import { parseEnterpriseRows, type EnterpriseRecord } from '../../core/redlist/import';
import { normalizeName } from '../../core/redlist/normalize';
import { cityOfEnterprise } from '../../core/redlist/region';
import type { Database } from '../../runtime/cloud';
import { insertIdempotent, list } from '../../runtime/db';
import type { Caller } from '../../runtime/router';
import { contactPhoneKey } from '../../services/enterprise-binding';
import { runImport, type BatchOutcome, type ImportOptions } from './import-runner';
import type { EnterpriseDoc } from '../../services/documents';

type RegistryRecord = EnterpriseRecord;

const emptyCounts = (): EnterpriseImportCounts => ({ rows: 0, created: 0, updated: 0, unchanged: 0, bad: 0 });

const UPDATE_CONCURRENCY = 10;

/** Former names: the file's, the stored ones, and the stored current name if it changed; none equal to `name`. */
export function mergeFormerNames(name: string, ...lists: (readonly string[] | undefined)[]): string[] {
  const seen = new Set([normalizeName(name)]);
  const out: string[] = [];
  for (const list of lists) {
    for (const n of list ?? []) {
      const key = normalizeName(n);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      out.push(n);
    }
  }
  return out;
}

interface Desired {
  name: string;
  nameKey: string;
  formerNames: string[];
  formerNameKeys: string[];
  city: string | null;
  address: string | null;
  province: string | null;
  contactPhoneKey: string | null;
}

function desiredOf(record: RegistryRecord, stored: EnterpriseDoc | undefined): Desired {
  // A document a claim created holds only what a claimant typed: the registry replaces it, names included.
  const previous = stored?.registered === false ? undefined : stored;
  const formerNames = mergeFormerNames(
    record.name,
    record.formerNames,
    previous?.formerNames,
    previous ? [previous.name] : [],
  );
  return {
    name: record.name,
    nameKey: normalizeName(record.name),
    formerNames,
    formerNameKeys: formerNames.map(normalizeName),
    city: cityOfEnterprise(record.uscc, record),
    address: record.address ?? previous?.address ?? null,
    province: record.province ?? previous?.province ?? null,
    contactPhoneKey: record.contactPhone ? contactPhoneKey(record.contactPhone) : (previous?.contactPhoneKey ?? null),
  };
}

function same(previous: EnterpriseDoc, desired: Desired): boolean {
  if (previous.registered === false) return false;
  const current: Desired = {
    name: previous.name,
    nameKey: previous.nameKey,
    formerNames: previous.formerNames ?? [],
    formerNameKeys: previous.formerNameKeys ?? [],
    city: previous.city ?? null,
    address: previous.address ?? null,
    province: previous.province ?? null,
    contactPhoneKey: previous.contactPhoneKey ?? null,
  };
  return JSON.stringify(current) === JSON.stringify(desired);
}

async function writeBatch(
  db: Database,
  rows: { line: number; record: RegistryRecord; warnings: string[] }[],
): Promise<BatchOutcome<EnterpriseImportCounts>> {
  const _ = db.command;
  const existing = new Map(
    (
      await list<EnterpriseDoc>(
        db
          .collection('enterprises')
          .where({ _id: _.in(rows.map((r) => r.record.uscc)) })
          .limit(1000),
      )
    ).map((e) => [e._id, e]),
  );
  const created: object[] = [];
  const updates: { uscc: string; desired: Desired }[] = [];
  let unchanged = 0;
  for (const { record } of rows) {
    const previous = existing.get(record.uscc);
    const desired = desiredOf(record, previous);
    if (!previous) {
      created.push({
        _id: record.uscc,
        ...desired,
        ownerOpenid: null,
        createdAt: db.serverDate(),
        updatedAt: db.serverDate(),
      });
    } else if (same(previous, desired)) unchanged++;
    else updates.push({ uscc: record.uscc, desired });
  }
  await insertIdempotent(db, 'enterprises', created);
  for (let i = 0; i < updates.length; i += UPDATE_CONCURRENCY) {
    await Promise.all(
      updates.slice(i, i + UPDATE_CONCURRENCY).map(({ uscc, desired }) =>
        db
          .collection('enterprises')
          .doc(uscc)
          .update({
            data: {
              ...desired,
              formerNames: _.set(desired.formerNames),
              formerNameKeys: _.set(desired.formerNameKeys),
              registered: _.remove(),
              updatedAt: db.serverDate(),
            },
          }),
      ),
    );
  }
  const entries = rows.flatMap(({ line, record, warnings }) =>
    warnings.map((reason) => ({ line, kind: 'warning' as const, reason, name: record.name })),
  );
  return { counts: { created: created.length, updated: updates.length, unchanged }, entries };
}

export function importEnterprises(db: Database, caller: Pick<Caller, 'actor'>, options: ImportOptions) {
  return runImport<EnterpriseImportCounts, RegistryRecord>(
    db,
    caller,
    {
      kind: 'importEnterprises',
      jobPrefix: 'import-enterprises',
      emptyCounts,
      parse: (source) => parseEnterpriseRows(source),
      writeBatch: (rows) => writeBatch(db, rows),
      auditAction: 'admin.redlist.importEnterprises',
    },
    options,
  );
}
