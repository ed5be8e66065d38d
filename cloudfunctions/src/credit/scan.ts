/**
 * A scan: what the consumer sees of a code (product, maker, red-list badge, sampling, warnings) and the
 * count it leaves behind. The scanner stays anonymous: a keyed hash of (code, OPENID) tells a new scanner
 * from a returning one, and the enterprise only ever sees counts per day and city (scan-stats.ts).
 */
import dayjs from 'dayjs';
import {
  CODE_KIND_LABELS,
  CREDIT_LIMITS,
  formatCreditCode,
  isLikelyCopied,
  PLACE_UNKNOWN,
} from '../../../miniprogram/shared/credit';
import type { SamplingRecordView, ScanView, ScanWarning } from '../contract/credit';
import { calendarDate } from '../core/time';
import type { Database } from '../runtime/cloud';
import { findById, isDuplicateKeyError, list } from '../runtime/db';
import { keyedHash } from '../runtime/secrets';
import { redlistStatus } from '../services/cable';
import type { InspectionDoc } from '../services/redlist';
import { isSignedCreditCode } from './codes';
import {
  CODES,
  ISSUANCES,
  PRODUCTS,
  SCAN_DAYS,
  SCANNERS,
  type CodeDoc,
  type IssuanceDoc,
  type ProductDoc,
  type ScanDayDoc,
} from './documents';
import { photoLinks } from './views';

const LEVEL_LABELS: Record<string, string> = {
  national: '国家监督抽查',
  provincial: '省级监督抽查',
  municipal: '市级监督抽查',
  county: '县级监督抽查',
};
/** Sampling records shown on a scan. */
const SAMPLING_SHOWN = 10;
const CABLE_CATEGORY = '电线电缆';

const UNKNOWN_WARNING: ScanWarning = {
  code: 'unknown',
  title: '未查到此码，可能是假冒产品',
  text: '此码不是粤品通发放的产品信用码。请核对输入是否有误；如确认标签上的码无法查到，产品可能是假冒的，可拨打 12315 投诉举报。',
};

function unknownView(code: string): ScanView {
  return {
    code: formatCreditCode(code),
    found: false,
    warnings: [UNKNOWN_WARNING],
    product: null,
    maker: null,
    issue: null,
    sampling: [],
    scanCount: 0,
    revokedReason: null,
    cableScreenPath: null,
  };
}

function samplingView(r: InspectionDoc): SamplingRecordView {
  return {
    sampledAt: r.sampledAt,
    productName: r.productName,
    specModel: r.specModel,
    result: r.result,
    resultLabel: r.result === 'fail' ? '不合格' : '合格',
    failedItems: r.failedItems,
    levelLabel: LEVEL_LABELS[r.level] ?? '监督抽查',
    authority: r.authority,
  };
}

/** Counts the scan: the code's total and places, the product's total, the day-and-place counter. */
async function recordScan(
  db: Database,
  code: CodeDoc,
  product: ProductDoc,
  openid: string,
  place: string,
  now: Date,
): Promise<boolean> {
  const _ = db.command;
  let newScanner = true;
  try {
    await db.collection(SCANNERS).add({
      data: {
        _id: keyedHash('credit-scanner', `${code._id}|${openid}`).slice(0, 40),
        code: code._id,
        place,
        firstAt: now,
      },
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    newScanner = false;
  }
  const countsPlace = newScanner && place !== PLACE_UNKNOWN;
  const day = calendarDate(now);
  const dayId = `${product._id}|${day}|${place}`;
  await Promise.all([
    db
      .collection(CODES)
      .doc(code._id)
      .update({
        data: { scanCount: _.inc(1), lastScanAt: now, ...(countsPlace ? { places: _.addToSet(place) } : {}) },
      }),
    db
      .collection(PRODUCTS)
      .doc(product._id)
      .update({ data: { scanCount: _.inc(1) } }),
    bumpDay(db, dayId, { productId: product._id, uscc: product.uscc, category: product.category, day, place }),
  ]);
  return countsPlace;
}

/** Adds one to a day's counter, creating it on the day's first scan (two first scans: one adds, one retries). */
async function bumpDay(db: Database, id: string, fields: Omit<ScanDayDoc, '_id' | 'count'>): Promise<void> {
  const _ = db.command;
  for (let attempt = 0; attempt < 3; attempt++) {
    const reply = (await db
      .collection(SCAN_DAYS)
      .doc(id)
      .update({ data: { count: _.inc(1) } })) as { stats?: { updated?: number } };
    if (reply.stats?.updated) return;
    try {
      await db.collection(SCAN_DAYS).add({ data: { _id: id, ...fields, count: 1 } });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}

export async function scanCode(
  db: Database,
  code: string,
  scanner: { openid?: string; place: string },
  now: Date,
): Promise<ScanView> {
  // A made-up or mistyped code fails its signature: no database read.
  if (!isSignedCreditCode(code)) return unknownView(code);
  const stored = await findById<CodeDoc>(db, CODES, code);
  if (!stored) return unknownView(code);
  const [product, issue] = await Promise.all([
    findById<ProductDoc>(db, PRODUCTS, stored.productId),
    findById<IssuanceDoc>(db, ISSUANCES, stored.issuanceId),
  ]);
  if (!product || !issue) return unknownView(code);

  const since = dayjs(calendarDate(now)).subtract(CREDIT_LIMITS.failWindowMonths, 'month').format('YYYY-MM-DD');
  const [redlist, sampling, links, countsPlace] = await Promise.all([
    redlistStatus(db, product.uscc),
    list<InspectionDoc>(
      db
        .collection('inspections')
        .where({ uscc: product.uscc, productCategory: product.category })
        .orderBy('sampledAt', 'desc')
        .limit(SAMPLING_SHOWN),
    ),
    photoLinks([product]),
    scanner.openid ? recordScan(db, stored, product, scanner.openid, scanner.place, now) : Promise.resolve(false),
  ]);

  const warnings: ScanWarning[] = [];
  if (product.status === 'revoked') {
    warnings.push({
      code: 'revoked',
      title: '此产品的信用码已被撤销',
      text: `撤销原因：${product.revokedReason ?? '未说明'}。请谨慎购买和使用，如有疑问可拨打 12315 咨询。`,
    });
  }
  const failed = sampling.filter((r) => r.result === 'fail' && r.sampledAt >= since);
  if (failed.length) {
    const items = [...new Set(failed.flatMap((r) => r.failedItems.split(/[、，,；;]/).map((s) => s.trim())))]
      .filter(Boolean)
      .join('、');
    warnings.push({
      code: 'failedSampling',
      title: `生产企业近 ${CREDIT_LIMITS.failWindowMonths} 个月内有${product.category}抽检不合格`,
      text: `${failed[0].sampledAt} 抽检不合格${items ? `，不合格项目：${items}` : ''}。`,
    });
  }
  const places = new Set(stored.places);
  if (countsPlace) places.add(scanner.place);
  if (isLikelyCopied(issue.kind, places.size)) {
    warnings.push({
      code: 'copied',
      title: '此码可能被复制',
      text: `此码是一物一码，却已在 ${places.size} 个不同城市被扫描。请留意产品是否为正品，可向生产企业核实或拨打 12315。`,
    });
  }

  return {
    code: formatCreditCode(code),
    found: true,
    warnings,
    product: {
      name: product.name,
      brand: product.brand,
      model: product.model,
      category: product.category,
      standard: product.standard,
      cccNumber: product.cccNumber,
      photoUrls: product.photos.map((f) => links.get(f)).filter((u): u is string => !!u),
    },
    maker: {
      name: product.enterpriseName,
      uscc: product.uscc,
      city: product.enterpriseCity,
      redlist: redlist
        ? { listed: redlist.listed, tierLabel: redlist.tierLabel, years: redlist.years, version: redlist.version }
        : null,
    },
    issue: {
      kind: issue.kind,
      kindLabel: CODE_KIND_LABELS[issue.kind],
      batchNo: issue.batchNo,
      productionDate: issue.productionDate,
      serial: issue.kind === 'serial' ? stored.serial : null,
    },
    sampling: sampling.map(samplingView),
    scanCount: stored.scanCount + (scanner.openid ? 1 : 0),
    revokedReason: product.status === 'revoked' ? product.revokedReason : null,
    cableScreenPath:
      product.category === CABLE_CATEGORY
        ? `/pages/cable/submit/index?manufacturer=${encodeURIComponent(product.enterpriseName)}&brand=${encodeURIComponent(product.brand)}`
        : null,
  };
}
