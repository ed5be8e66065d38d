/**
 * DEMO DATA, made up: the help desk's 专家库, ~720 experts spread over the 20 product categories, the 7
 * disciplines and the 21 cities (weighted toward 广州/深圳/佛山/东莞), working at the seeded product
 * hospitals, universities and testing institutes. The seed writes them the way an admin does: a CSV in
 * cloud storage imported by helpdesk.importExperts, then the demo-expert user bound by helpdesk.bindExpert.
 */
import { DISCIPLINES, type Discipline } from '../miniprogram/shared/helpdesk';
import { EXPERT_COLUMNS, type ExpertRow } from '../cloudfunctions/src/helpdesk/experts';
import { csvCell } from '../cloudfunctions/src/services/import-files';
import { GUANGDONG_CITY_NAMES } from '../miniprogram/shared/cities';
import { PRODUCT_CATEGORIES, isProductCategory, type ProductCategory } from '../miniprogram/shared/product-categories';
import { CATEGORIES, Random } from '../scripts/generate-inspections';
import { insertMany, type SeedContext } from './client';
import { DEMO_HOSPITALS } from './hospitals';

export const DEMO_EXPERT_COUNT = 720;
/** The record demo-expert answers for: 佛山, 家用电器, 检验检测 — first in line for the demo enterprise's cases. */
export const DEMO_EXPERT = {
  expertId: 'GDZJ-0001',
  name: '梁建明',
  title: '教授级高级工程师',
  institution: '广东省家用电器产品医院',
  city: '佛山市',
  productCategories: ['家用电器', '电热水器'] as ProductCategory[],
  disciplines: ['testing', 'quality_management', 'standards'] as Discipline[],
  maxOpenCases: 5,
  active: true,
};

/** A generated expert: what one row of the import file says. */
export type DemoExpert = ExpertRow;

/** Experts per city (relative): the Pearl River Delta manufacturing centres first. */
const CITY_WEIGHT: Record<string, number> = {
  广州市: 20,
  深圳市: 16,
  佛山市: 14,
  东莞市: 12,
  中山市: 5,
  珠海市: 4,
  江门市: 4,
  惠州市: 4,
  汕头市: 4,
  肇庆市: 2,
  揭阳市: 2,
  潮州市: 2,
  清远市: 2,
  湛江市: 2,
};

const UNIVERSITIES: Record<string, readonly string[]> = {
  广州市: ['华南理工大学', '广东工业大学', '中山大学', '华南农业大学', '广州大学'],
  深圳市: ['深圳大学', '南方科技大学', '哈尔滨工业大学（深圳）'],
  佛山市: ['佛山科学技术学院', '顺德职业技术学院'],
  东莞市: ['东莞理工学院', '广东科技学院'],
  中山市: ['电子科技大学中山学院'],
  珠海市: ['北京理工大学珠海学院', '中山大学珠海校区'],
  江门市: ['五邑大学'],
  汕头市: ['汕头大学'],
  湛江市: ['广东海洋大学'],
  茂名市: ['广东石油化工学院'],
  肇庆市: ['肇庆学院'],
  惠州市: ['惠州学院'],
  梅州市: ['嘉应学院'],
  韶关市: ['韶关学院'],
  潮州市: ['韩山师范学院'],
};

/** Provincial institutes (all in 广州 except where noted). */
const INSTITUTES: readonly (readonly [string, string])[] = [
  ['广东省标准化研究院', '广州市'],
  ['广东省计量科学研究院', '广州市'],
  ['广东产品质量监督检验研究院', '佛山市'],
  ['中国赛宝实验室', '广州市'],
  ['广东省质量监督检测中心', '广州市'],
  ['深圳市计量质量检测研究院', '深圳市'],
  ['东莞市质量监督检测中心', '东莞市'],
  ['广东省技术性贸易措施研究中心', '深圳市'],
];

const TITLES: readonly (readonly [string, number])[] = [
  ['高级工程师', 30],
  ['教授级高级工程师', 12],
  ['工程师', 14],
  ['研究员', 6],
  ['副研究员', 6],
  ['教授', 8],
  ['副教授', 8],
  ['高级经济师', 3],
  ['国家注册审核员', 5],
];

const SURNAMES =
  '李王张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚邵万覃武';
const GIVEN =
  '建国志明伟华丽敏静强军磊洋勇艳杰涛超明霞平刚桂英秀兰玉珍海燕小红文博宇翔子涵欣怡浩然思远嘉慧晓峰永健振华立新春梅国平卫东海涛振宇俊杰佳琪雅婷瑞雪';

const DISCIPLINE_WEIGHT: Record<Discipline, number> = {
  standards: 4,
  metrology: 2,
  testing: 6,
  certification: 3,
  quality_management: 5,
  process: 4,
  trade_measures: 2,
};

function personName(r: Random): string {
  const given = Array.from({ length: r.chance(0.7) ? 2 : 1 }, () => r.pick(Array.from(GIVEN))).join('');
  return r.pick(Array.from(SURNAMES)) + given;
}

function distinct<T>(first: T, pool: () => T, count: number): T[] {
  const out = [first];
  for (let tries = 0; out.length < count && tries < 20; tries++) {
    const next = pool();
    if (!out.includes(next)) out.push(next);
  }
  return out;
}

/**
 * The demo 专家库, deterministic: DEMO_EXPERT, then the generated ones (GDZJ-0002 …). The first ones
 * cover every city, category and discipline once, so none is left without an expert.
 */
export function generateExperts(count = DEMO_EXPERT_COUNT, seed = 'ypt-demo-experts'): DemoExpert[] {
  const r = new Random(seed);
  const cityWeights = GUANGDONG_CITY_NAMES.map((c) => [c, CITY_WEIGHT[c] ?? 1] as const);
  const categoryWeights = CATEGORIES.map((c) => [c.name, c.weight] as const);
  const disciplineCodes = Object.keys(DISCIPLINES) as Discipline[];
  const disciplineWeights = disciplineCodes.map((d) => [d, DISCIPLINE_WEIGHT[d]] as const);

  const experts: DemoExpert[] = [{ ...DEMO_EXPERT }];
  for (let i = 1; i < count; i++) {
    const k = i - 1;
    let city = k < GUANGDONG_CITY_NAMES.length ? GUANGDONG_CITY_NAMES[k] : r.weighted(cityWeights);
    const primary: ProductCategory =
      k < PRODUCT_CATEGORIES.length ? PRODUCT_CATEGORIES[k] : r.weighted(categoryWeights);
    const firstDiscipline = k < disciplineCodes.length ? disciplineCodes[k] : r.weighted(disciplineWeights);

    // Where they work: a product hospital of their category, a university or an institute of their city.
    let institution: string;
    const hospital = DEMO_HOSPITALS.find((h) => (h.specialties as readonly string[]).includes(primary));
    // The first 21 stay in their city (every city has experts): its university or its 检测所.
    const kind = k < GUANGDONG_CITY_NAMES.length ? 0.3 + r.next() * 0.35 + (UNIVERSITIES[city] ? 0 : 0.5) : r.next();
    if (hospital && kind < 0.3) {
      institution = hospital.name;
      city = hospital.city;
    } else if (kind < 0.65 && UNIVERSITIES[city]) {
      institution = r.pick(UNIVERSITIES[city]);
    } else if (kind < 0.8) {
      const [name, at] = r.pick(INSTITUTES);
      institution = name;
      city = at;
    } else {
      institution = `${city.replace(/市$/, '')}市质量计量监督检测所`;
    }
    const categories = distinct(
      primary,
      () => r.weighted(categoryWeights),
      r.weighted([
        [1, 5],
        [2, 4],
        [3, 1],
      ] as const),
    );
    const disciplines = distinct(
      firstDiscipline,
      () => r.weighted(disciplineWeights),
      r.weighted([
        [1, 3],
        [2, 5],
        [3, 2],
      ] as const),
    );
    experts.push({
      expertId: `GDZJ-${String(i + 1).padStart(4, '0')}`,
      name: personName(r),
      title: r.weighted(TITLES),
      institution,
      city,
      productCategories: categories.filter(isProductCategory),
      disciplines,
      maxOpenCases: r.weighted([
        [3, 3],
        [4, 2],
        [5, 4],
        [6, 1],
        [8, 1],
      ] as const),
      active: r.chance(0.95),
    });
  }
  return experts;
}

/** The experts as the import file an admin would upload (helpdesk/experts.ts EXPERT_COLUMNS). */
export function expertsCsv(experts: readonly DemoExpert[]): string {
  const lines = [EXPERT_COLUMNS.join(',')];
  for (const e of experts) {
    lines.push(
      [
        e.expertId,
        e.name,
        e.title,
        e.institution,
        e.city,
        e.productCategories.join('、'),
        e.disciplines.map((d) => DISCIPLINES[d]).join('、'),
        String(e.maxOpenCases),
        e.active ? '在岗' : '停用',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

interface Envelope<T> {
  ok: boolean;
  data?: T;
  code?: string;
  message?: string;
}

async function must<T>(callFunction: SeedContext['callFunction'], name: string, event: object): Promise<T> {
  const res = (await callFunction(name, event)) as Envelope<T>;
  if (!res?.ok)
    throw new Error(`seed: ${name}.${(event as { action: string }).action} failed: ${res?.code} ${res?.message}`);
  return res.data as T;
}

/** The 专家库 through helpdesk.importExperts, and demo-expert bound to DEMO_EXPERT through helpdesk.bindExpert. */
export async function seedHelpdeskExperts({ db, callFunction, uploadFile }: SeedContext): Promise<void> {
  const fileID = await uploadFile('imports/demo-experts.csv', Buffer.from(expertsCsv(generateExperts()), 'utf8'));
  const imported = await must<{ created: number; errors: { line: number; message: string }[] }>(
    callFunction,
    'helpdesk',
    { action: 'importExperts', fileID },
  );
  if (imported.errors.length) {
    throw new Error(`seed: experts import reported problems: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  }
  await insertMany(db, 'users', [{ _id: 'demo-expert', roles: [], phoneVerified: false, createdAt: new Date() }]);
  await must(callFunction, 'helpdesk', { action: 'bindExpert', expertId: DEMO_EXPERT.expertId, openid: 'demo-expert' });
}
