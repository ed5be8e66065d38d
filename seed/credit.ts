/**
 * Product credit-code demo data (产品信用赋码), for the demo enterprise (美达电器):
 * - 电压力锅 (家用电器) with a batch code, scanned over the last 30 days in several cities (the scan chart);
 * - 电源线组件 (电线电缆) with 200 serial codes; unit 1 scanned by people in 7 cities (此码可能被复制),
 *   and its scan page links to the cable quick-screen form;
 * - 电热水壶 (家用电器) with a batch code, revoked by the regulator (through credit.revokeProduct, as the
 *   console) after a failed sampling.
 * Documents are written as the credit function writes them (codes from credit/codes.ts with the functions'
 * secret); every counter equals the scans behind it.
 */
import { calendarDate } from '../cloudfunctions/src/core/time';
import { creditCodeFor } from '../cloudfunctions/src/credit/codes';
import {
  CODES,
  ISSUANCES,
  PRODUCTS,
  SCAN_DAYS,
  type CodeDoc,
  type IssuanceDoc,
  type ProductDoc,
  type ScanDayDoc,
} from '../cloudfunctions/src/credit/documents';
import { Random } from '../scripts/generate-inspections';
import { functionsSecret, insertMany, type SeedContext } from './client';
import { DEMO_ENTERPRISE } from './identities';

const DAY = 24 * 3600_000;

interface Plan {
  id: string;
  product: Pick<ProductDoc, 'name' | 'brand' | 'model' | 'category' | 'standard' | 'cccNumber'>;
  kind: 'batch' | 'serial';
  batchNo: string;
  daysAgo: number;
  quantity: number;
  /** Scans per day over the last 30 days (batch code), spread over these cities. */
  dailyScans: number;
  cities: string[];
}

const PLANS: Plan[] = [
  {
    id: 'demo-cooker',
    product: {
      name: '智能电压力锅',
      brand: '美达',
      model: 'MD-YL50 5L 900W',
      category: '家用电器',
      standard: 'GB 4706.19-2008',
      cccNumber: '2024010718123456',
    },
    kind: 'batch',
    batchNo: 'YL50-20261105',
    daysAgo: 31,
    quantity: 3000,
    dailyScans: 6,
    cities: ['佛山市', '广州市', '深圳市', '东莞市', '未知地区'],
  },
  {
    id: 'demo-cord',
    product: {
      name: '电源线组件',
      brand: '美达',
      model: 'RVV 3×0.75mm² 1.5m',
      category: '电线电缆',
      standard: 'GB/T 5023.5-2008',
      cccNumber: '2023010105654321',
    },
    kind: 'serial',
    batchNo: 'PW-2026-11',
    daysAgo: 20,
    quantity: 200,
    dailyScans: 0,
    cities: ['佛山市', '广州市', '汕头市', '湛江市', '韶关市', '梅州市', '省外'],
  },
  {
    id: 'demo-kettle',
    product: {
      name: '电热水壶',
      brand: '美达',
      model: 'MD-K17 1.7L',
      category: '家用电器',
      standard: 'GB 4706.19-2008',
      cccNumber: null,
    },
    kind: 'batch',
    batchNo: 'K17-20260910',
    daysAgo: 80,
    quantity: 5000,
    dailyScans: 1,
    cities: ['佛山市'],
  },
];

export async function seedCredit(ctx: SeedContext): Promise<void> {
  const { db } = ctx;
  const secret = functionsSecret();
  const now = Date.now();
  const r = new Random('ypt-demo-credit');
  const products: ProductDoc[] = [];
  const issuances: IssuanceDoc[] = [];
  const codes: CodeDoc[] = [];
  const days = new Map<string, ScanDayDoc>();
  const audit: object[] = [];

  const count = (product: ProductDoc, at: number, place: string, n: number) => {
    const day = calendarDate(new Date(at));
    const id = `${product._id}|${day}|${place}`;
    const row = days.get(id) ?? {
      _id: id,
      productId: product._id,
      uscc: product.uscc,
      category: product.category,
      day,
      place,
      count: 0,
    };
    row.count += n;
    days.set(id, row);
    product.scanCount += n;
  };

  for (const plan of PLANS) {
    const created = new Date(now - plan.daysAgo * DAY);
    const product: ProductDoc = {
      _id: plan.id,
      uscc: DEMO_ENTERPRISE.uscc,
      enterpriseName: DEMO_ENTERPRISE.name,
      enterpriseCity: DEMO_ENTERPRISE.city,
      ...plan.product,
      photos: [],
      status: 'active',
      revokedReason: null,
      revokedAt: null,
      codeCount: 0,
      scanCount: 0,
      createdAt: created,
      updatedAt: created,
    };
    const issuanceId = `${plan.id}-issue-1`;
    const codeCount = plan.kind === 'batch' ? 1 : plan.quantity;
    issuances.push({
      _id: issuanceId,
      productId: plan.id,
      uscc: DEMO_ENTERPRISE.uscc,
      kind: plan.kind,
      batchNo: plan.batchNo,
      productionDate: calendarDate(new Date(created.getTime() - 2 * DAY)),
      quantity: plan.quantity,
      codeCount,
      issuedCount: codeCount,
      status: 'done',
      leaseUntil: 0,
      leaseHolder: null,
      firstCode: creditCodeFor(issuanceId, 1, 0, secret),
      createdAt: created,
      updatedAt: created,
    });
    product.codeCount = codeCount;
    for (let serial = 1; serial <= codeCount; serial++) {
      codes.push({
        _id: creditCodeFor(issuanceId, serial, 0, secret),
        productId: plan.id,
        issuanceId,
        serial,
        attempt: 0,
        scanCount: 0,
        places: [],
        lastScanAt: null,
      });
    }
    const first = codes[codes.length - codeCount];
    if (plan.kind === 'batch') {
      // Scans of the batch code over the last 30 days, a few a day.
      for (let d = 29; d >= 0; d--) {
        const at = now - d * DAY;
        if (at < created.getTime()) continue;
        for (const place of plan.cities) {
          const n = r.int(0, plan.dailyScans);
          if (!n) continue;
          count(product, at, place, n);
          first.scanCount += n;
          first.lastScanAt = new Date(at);
          if (place !== '未知地区' && !first.places.includes(place)) first.places.push(place);
        }
      }
    } else {
      // Unit 1: one scan each by people in seven places (a copied label); a few other units once, at home.
      plan.cities.forEach((place, i) => {
        const at = now - (6 - i) * DAY;
        count(product, at, place, 1);
        first.scanCount++;
        first.places.push(place);
        first.lastScanAt = new Date(at);
      });
      for (const unit of codes.slice(codes.length - codeCount + 1, codes.length - codeCount + 12)) {
        const at = now - r.int(0, 15) * DAY;
        count(product, at, '佛山市', 1);
        unit.scanCount = 1;
        unit.places = ['佛山市'];
        unit.lastScanAt = new Date(at);
      }
    }
    products.push(product);
    audit.push(
      {
        actor: 'user:demo-enterprise',
        action: 'credit.registerProduct',
        targetType: 'credit_product',
        targetId: plan.id,
        after: plan.product,
        createdAt: created,
      },
      {
        actor: 'user:demo-enterprise',
        action: 'credit.issueCodes',
        targetType: 'credit_product',
        targetId: plan.id,
        after: { issuanceId, kind: plan.kind, batchNo: plan.batchNo, codeCount },
        createdAt: new Date(created.getTime() + 600_000),
      },
    );
  }

  await insertMany(db, PRODUCTS, products);
  await insertMany(db, ISSUANCES, issuances);
  await insertMany(db, CODES, codes);
  await insertMany(db, SCAN_DAYS, [...days.values()]);
  await insertMany(db, 'audit_log', audit);
  const revoked = (await ctx.callFunction('credit', {
    action: 'revokeProduct',
    productId: 'demo-kettle',
    reason: '2026 年省级监督抽查该型号电热水壶“发热元件”项目不合格',
  })) as { ok: boolean };
  if (!revoked?.ok) throw new Error(`seed: credit.revokeProduct failed: ${JSON.stringify(revoked)}`);
}
