import type { Database } from './cloud';

export interface AuditEntry {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  note?: string;
}

type Writer = { collection: Database['collection'] };

/** Appends one state change to audit_log; pass a transaction as `writer` to make it part of it. */
export async function audit(writer: Writer, db: Database, entry: AuditEntry): Promise<void> {
  await writer.collection('audit_log').add({ data: { ...entry, createdAt: db.serverDate() } });
}
