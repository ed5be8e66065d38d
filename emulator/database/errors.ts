/**
 * Error codes the emulator answers with. The names are the real service's (docs.cloudbase.net/error-code and the
 * NoSQL HTTP API table); wx-server-sdk maps the ones it knows to errCodes (-502005 for a missing collection) and the
 * rest to -501001 with our message kept in errMsg — so messages carry the detail callers match on (e.g. "E11000").
 */
export type DbErrorCode =
  | 'INVALID_PARAM'
  | 'INVALID_ACTION'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'SYS_ERR';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

export function collectionNotExist(name: string): DbError {
  return new DbError('DATABASE_COLLECTION_NOT_EXIST', `集合 ${name} 不存在 (Db or Table not exist: ${name})`);
}
