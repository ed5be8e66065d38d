import type { Database } from '../../../cloudfunctions/src/runtime/cloud';
import { isTransactionConflict, runInTransaction } from '../../../cloudfunctions/src/runtime/db';
import { AppError } from '../../../cloudfunctions/src/runtime/errors';

/** A stand-in whose runTransaction fails as scripted (the retry policy is what is under test). */
function scripted(failures: unknown[]) {
  let calls = 0;
  const db = {
    async runTransaction(fn: (t: unknown) => Promise<unknown>) {
      const failure = failures[calls++];
      if (failure) throw failure;
      return fn({});
    },
  } as unknown as Database;
  return { db, calls: () => calls };
}

const midTransactionConflict = Object.assign(
  new Error('collection.add:fail -501001 resource system error. 事务冲突 (database transaction conflict)'),
  {
    errCode: -501001,
    errMsg: 'collection.add:fail -501001 resource system error. 事务冲突：… (database transaction conflict)',
  },
);

describe('runInTransaction', () => {
  test('retries a conflict thrown from a write inside the transaction, then succeeds', async () => {
    const { db, calls } = scripted([midTransactionConflict, midTransactionConflict]);
    await expect(runInTransaction(db, async () => 'done', 5)).resolves.toBe('done');
    expect(calls()).toBe(3);
  });

  test('gives up after the given attempts with the conflict', async () => {
    const { db, calls } = scripted([midTransactionConflict, midTransactionConflict, midTransactionConflict]);
    await expect(runInTransaction(db, async () => 'done', 3)).rejects.toBe(midTransactionConflict);
    expect(calls()).toBe(3);
  });

  test('never retries other failures: domain errors and genuine duplicates reach the caller at once', async () => {
    const domain = new AppError('VOUCHER_ALREADY_REDEEMED', '该检测券已核销');
    const duplicate = {
      errCode: -501001,
      errMsg: 'collection.add:fail 唯一索引冲突 (DATABASE_DUPLICATE_WRITE): E11000 duplicate key',
    };
    for (const error of [domain, duplicate]) {
      const { db, calls } = scripted([error]);
      await expect(runInTransaction(db, async () => 'done')).rejects.toBe(error);
      expect(calls()).toBe(1);
    }
  });

  test('recognises the conflict however the SDK reports it', () => {
    expect(isTransactionConflict({ code: 'DATABASE_TRANSACTION_CONFLICT' })).toBe(true);
    expect(isTransactionConflict(midTransactionConflict)).toBe(true);
    expect(isTransactionConflict(new Error('WriteConflict'))).toBe(true);
    expect(isTransactionConflict(new Error('document does not exist'))).toBe(false);
    expect(isTransactionConflict(null)).toBe(false);
  });
});
