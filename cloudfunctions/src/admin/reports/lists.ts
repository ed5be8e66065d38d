/**
 * The admin lists as export rows (pure): applications of a campaign, its vouchers and redemptions, and
 * cable requests. Personal data is masked (core/privacy.ts): the export leaves the system, its reader is
 * not the person. Enterprise names and USCCs are public registry data and stay.
 */
import { REQUESTER_TYPES } from '../../../../miniprogram/shared/cable-catalog';
import { CABLE_STATUS_LABELS, VERDICTS } from '../../../../miniprogram/shared/cable-workflow';
import { SERVICE_TYPES } from '../../../../miniprogram/shared/services';
import { APPLICANT_TYPES, APPLICATION_STATUS_LABELS } from '../../../../miniprogram/shared/vouchers';
import type { ExportList, ReportCell } from '../../contract/admin-dashboard';
import type { Pool } from '../../contract/voucher';
import type { CableRequestDoc } from '../../core/cable/request';
import { maskPersonName, maskPhone } from '../../core/privacy';
import type { ApplicationDoc, VoucherDoc } from '../../services/documents';
import { poolName, VOUCHER_STATE_LABELS } from './figures';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/**
 * 'YYYY-MM-DD HH:mm' in Asia/Shanghai (UTC+8, no daylight saving since 1991): arithmetic, not a time-zone
 * library, because an export formats hundreds of thousands of instants.
 */
export function shanghaiMinute(value: Date | string | null | undefined): string {
  if (!value) return '';
  const t = new Date(value).getTime();
  if (Number.isNaN(t)) return '';
  const iso = new Date(t + SHANGHAI_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

const label = (labels: Record<string, string>, code: string | null | undefined) => (code ? (labels[code] ?? code) : '');

/** A holder's or applicant's name: persons masked, enterprises as registered. */
const holderName = (type: string, name: string) => (type === 'person' ? maskPersonName(name) : name);

export const LIST_COLUMNS: Record<ExportList, string[]> = {
  applicationList: [
    '申领编号',
    '申领类型',
    '申领人',
    '统一社会信用代码',
    '联系人',
    '联系电话',
    '城市',
    '申领券种',
    '状态',
    '提交时间',
  ],
  voucherList: ['券号', '券种', '面值（元）', '持券人', '持券人类型', '状态', '有效期至', '发放方式'],
  redemptionList: [
    '券号',
    '券种',
    '面值（元）',
    '持券人',
    '医院',
    '服务项目',
    '服务费（元）',
    '抵扣金额（元）',
    '核销时间',
    '备注',
  ],
  cableList: ['申请编号', '申请人类型', '城市', '状态', '结论', '检测医院', '提交时间', '完成时间'],
};

export const LIST_TITLES: Record<ExportList, string> = {
  applicationList: '申领名单',
  voucherList: '检测券名单',
  redemptionList: '核销记录',
  cableList: '电线电缆快检申请',
};

/** The fields each list reads (the actions project exactly these). */
export const LIST_FIELDS: Record<ExportList, Record<string, true>> = {
  applicationList: {
    _id: true,
    applicantType: true,
    applicantName: true,
    uscc: true,
    contact: true,
    city: true,
    poolIds: true,
    status: true,
    submittedAt: true,
  },
  voucherList: {
    _id: true,
    poolId: true,
    faceValue: true,
    holderName: true,
    applicantType: true,
    status: true,
    validUntilDate: true,
    issuedBy: true,
  },
  redemptionList: { _id: true, poolId: true, faceValue: true, holderName: true, applicantType: true, redemption: true },
  cableList: {
    _id: true,
    requestNo: true,
    requesterType: true,
    city: true,
    status: true,
    verdict: true,
    hospitalName: true,
    submittedAt: true,
    completedAt: true,
  },
};

type PoolNames = ReadonlyMap<string, string>;

export const poolNames = (pools: readonly Pick<Pool, 'poolId' | 'faceValue' | 'label'>[]): PoolNames =>
  new Map(pools.map((p) => [p.poolId, poolName(p)]));

export function applicationRow(a: ApplicationDoc, pools: PoolNames): ReportCell[] {
  return [
    a._id,
    label(APPLICANT_TYPES, a.applicantType),
    holderName(a.applicantType, a.applicantName),
    a.uscc ?? '',
    maskPersonName(a.contact?.name ?? ''),
    maskPhone(a.contact?.phone ?? ''),
    a.city ?? '',
    (a.poolIds ?? []).map((p) => pools.get(p) ?? p).join('、'),
    label(APPLICATION_STATUS_LABELS, a.status),
    shanghaiMinute(a.submittedAt),
  ];
}

export function voucherRow(v: VoucherDoc, pools: PoolNames): ReportCell[] {
  return [
    v._id,
    pools.get(v.poolId) ?? v.poolId,
    v.faceValue,
    holderName(v.applicantType, v.holderName),
    label(APPLICANT_TYPES, v.applicantType),
    label(VOUCHER_STATE_LABELS, v.status),
    v.validUntilDate,
    v.issuedBy === 'waitlist' ? '候补递补' : '摇号',
  ];
}

export function redemptionRow(v: VoucherDoc, pools: PoolNames): ReportCell[] {
  const r = v.redemption;
  return [
    v._id,
    pools.get(v.poolId) ?? v.poolId,
    v.faceValue,
    holderName(v.applicantType, v.holderName),
    r?.hospitalName ?? '',
    label(SERVICE_TYPES, r?.serviceType),
    r?.fee ?? 0,
    r?.offset ?? 0,
    shanghaiMinute(r?.redeemedAt),
    r?.note ?? '',
  ];
}

export function cableRow(c: CableRequestDoc): ReportCell[] {
  return [
    c.requestNo,
    label(REQUESTER_TYPES, c.requesterType),
    c.city,
    label(CABLE_STATUS_LABELS, c.status),
    label(VERDICTS, c.verdict),
    c.hospitalName ?? '',
    shanghaiMinute(c.submittedAt),
    shanghaiMinute(c.completedAt),
  ];
}
