import { settlementReportInput, type SettlementRow } from '../../contract/hospital';
import { endOfShanghaiDay, startOfShanghaiDay } from '../../core/time';
import { list } from '../../runtime/db';
import { AppError } from '../../runtime/errors';
import { action } from '../../runtime/router';
import type { HospitalDoc } from '../../services/documents';

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/**
 * Redemptions per hospital in a date range (Asia/Shanghai calendar days, inclusive). Staff see their
 * own hospital; admins see every hospital and get a CSV for settlement with the hospitals.
 */
export const settlementReport = action({
  access: 'staff',
  input: settlementReportInput,
  async handler({ from, to, hospitalId }, { caller, db }) {
    if (from > to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期');
    const isStaff = !!caller.user?.roles?.includes('staff');
    const scope = caller.isAdmin ? hospitalId : isStaff ? caller.user!.hospitalId : undefined;
    if (!caller.isAdmin && hospitalId && hospitalId !== scope)
      throw new AppError('FORBIDDEN', '只能查看本院的核销数据');
    const _ = db.command;
    const $ = db.command.aggregate;
    const match: Record<string, unknown> = {
      status: 'redeemed',
      'redemption.redeemedAt': _.gte(startOfShanghaiDay(from)).and(_.lte(endOfShanghaiDay(to))),
    };
    if (scope) match['redemption.hospitalId'] = scope;
    const res = (await db
      .collection('vouchers')
      .aggregate()
      .match(match)
      .group({
        _id: '$redemption.hospitalId',
        count: $.sum(1),
        totalFee: $.sum('$redemption.fee'),
        totalOffset: $.sum('$redemption.offset'),
      })
      .sort({ _id: 1 })
      .end()) as { list: { _id: string; count: number; totalFee: number; totalOffset: number }[] };
    const hospitals = await list<HospitalDoc>(db.collection('hospitals').limit(100));
    const names = new Map(hospitals.map((h) => [h._id, h.name]));
    const rows: SettlementRow[] = res.list.map((r) => ({
      hospitalId: r._id,
      hospitalName: names.get(r._id) ?? r._id,
      count: r.count,
      totalFee: Math.round(r.totalFee * 100) / 100,
      totalOffset: Math.round(r.totalOffset * 100) / 100,
    }));
    const csv = caller.isAdmin
      ? [
          '医院编号,医院名称,核销张数,服务费用合计(元),抵扣金额合计(元)',
          ...rows.map((r) => [r.hospitalId, r.hospitalName, r.count, r.totalFee, r.totalOffset].map(csvCell).join(',')),
        ].join('\n') + '\n'
      : null;
    return { from, to, rows, csv };
  },
});
