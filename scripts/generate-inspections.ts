/**
 * Deterministic generator of realistic synthetic red-list data: an enterprise registry across the
 * 21 Guangdong cities and published supervision-sampling results since 2011.
 *
 *   npx tsx scripts/generate-inspections.ts --out DIR [--enterprises 20000] [--seed 1] [--as-of 2025-10-31]
 *
 * writes DIR/enterprises.csv and DIR/inspections.csv (UTF-8 with BOM, import column names).
 * Each enterprise is given a profile (ten/five/three-year clean streak, recent failure, newcomer,
 * …) and records consistent with it, so with the defaults about 5,416 enterprises are listed at
 * 2025-10-31 (≈ 936 / 1,534 / 2,946). Everything derives from the seed: same input, same bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GUANGDONG_CITIES, USCC_ALPHABET, makeUscc } from '../cloudfunctions/src/core/uscc';
import {
  addDays,
  addYears,
  formatDateKey,
  fromDayNumber,
  requireDateKey,
  toDayNumber,
  type DateKey,
} from '../cloudfunctions/src/core/redlist/dates';
import { normalizeName } from '../cloudfunctions/src/core/redlist/normalize';
import { inspectionRowKey, type InspectionImportRecord } from '../cloudfunctions/src/core/redlist/import';
import type { InspectionLevel } from '../cloudfunctions/src/core/redlist/types';
import type { ProductCategory } from '../miniprogram/shared/product-categories';

// --- Seeded PRNG (cyrb128 → sfc32): fast, good enough, identical on every platform ------------

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: string | number) {
    [this.a, this.b, this.c, this.d] = cyrb128(String(seed));
    for (let i = 0; i < 15; i++) this.next();
  }
  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  /** A calendar date uniformly in [from, to]. */
  date(from: DateKey, to: DateKey): DateKey {
    return fromDayNumber(this.int(toDayNumber(from), toDayNumber(to)));
  }
}

// --- Word lists -----------------------------------------------------------------------------

interface CategorySpec {
  /** One of the shared list (miniprogram/shared/product-categories.ts); every one of them has a spec. */
  name: ProductCategory;
  weight: number;
  industries: readonly string[];
  products: readonly string[];
  specs: readonly string[];
  failedItems: readonly string[];
  /** Cities where this industry clusters (short names), weighted up. */
  clusters?: readonly string[];
}

/** Product categories of SAMR / Guangdong supervision sampling, with typical products and failed items. */
export const CATEGORIES: readonly CategorySpec[] = [
  {
    name: '电线电缆',
    weight: 10,
    industries: ['电线电缆', '电缆', '线缆'],
    products: ['聚氯乙烯绝缘电线', '铜芯聚氯乙烯绝缘电缆', '交联聚乙烯绝缘电力电缆', '橡皮绝缘软电缆'],
    specs: ['BV 2.5mm²', 'BV 1.5mm²', 'BVR 4mm²', 'BVV 6mm²', 'RVV 300/500V 3×1.5mm²', 'YJV 0.6/1kV 3×16+1×10mm²'],
    failedItems: ['导体电阻', '绝缘厚度', '绝缘最薄处厚度', '护套厚度', '绝缘老化前抗张强度', '标志耐擦性'],
    clusters: ['广州', '东莞', '佛山'],
  },
  {
    name: '电动自行车',
    weight: 4,
    industries: ['电动车', '车业', '电动科技'],
    products: ['电动自行车'],
    specs: ['TDT1218Z', 'TDR2056Z', 'TDT0935Z', 'TDR1506Z', 'TDT2202Z'],
    failedItems: ['整车质量', '最高车速', '制动性能', '脚踏行驶能力', '电气安装和电气强度', '防篡改'],
    clusters: ['广州', '江门', '深圳'],
  },
  {
    name: '儿童玩具',
    weight: 8,
    industries: ['玩具', '玩具实业', '塑胶玩具'],
    products: ['塑胶玩具', '毛绒玩具', '电动玩具', '益智积木', '儿童滑板车'],
    specs: ['NO.8899', 'NO.3318', 'K-205', 'YT-66', '689-12'],
    failedItems: ['小零件', '锐利边缘', '增塑剂', '可迁移元素', '标识和使用说明', '噪声'],
    clusters: ['汕头', '东莞', '广州'],
  },
  {
    name: '家用电器',
    weight: 10,
    industries: ['电器', '电器制造', '家电'],
    products: ['电饭锅', '电风扇', '电磁炉', '电热水壶', '空气炸锅', '电暖器'],
    specs: ['MB-FB40S', 'FS40-13', 'C21-WT2118', 'SWF17E', 'KZ-J5501', 'NSB-200'],
    failedItems: [
      '输入功率和电流',
      '发热',
      '结构',
      '对触及带电部件的防护',
      '标志和说明',
      '电源连接和外部软线',
      '接地措施',
    ],
    clusters: ['佛山', '中山', '江门'],
  },
  {
    name: '服装',
    weight: 7,
    industries: ['服饰', '制衣', '服装'],
    products: ['针织T恤', '男式衬衫', '儿童服装', '羽绒服', '牛仔裤'],
    specs: ['170/92A', '165/88A', '175/96A', '110cm', 'XL'],
    failedItems: ['纤维含量', 'pH值', '耐摩擦色牢度', '使用说明', '甲醛含量'],
    clusters: ['广州', '东莞', '汕头', '佛山'],
  },
  {
    name: '化肥',
    weight: 3,
    industries: ['化肥', '肥业', '农资'],
    products: ['复合肥料', '有机肥料', '掺混肥料', '水溶肥料'],
    specs: ['15-15-15 40kg', '50kg', '25kg', '20-10-10 40kg'],
    failedItems: ['总养分', '水分', '氯离子含量', '粒度', '有机质的质量分数'],
    clusters: ['湛江', '茂名', '韶关'],
  },
  {
    name: '建筑用钢筋',
    weight: 3,
    industries: ['钢铁', '钢材', '金属制品'],
    products: ['热轧带肋钢筋', '热轧光圆钢筋'],
    specs: ['HRB400E Φ12', 'HRB400E Φ16', 'HRB500E Φ20', 'HPB300 Φ8'],
    failedItems: ['重量偏差', '屈服强度', '断后伸长率', '最大力总延伸率', '弯曲性能'],
    clusters: ['韶关', '阳江', '湛江', '广州'],
  },
  {
    name: '水泥',
    weight: 2,
    industries: ['水泥', '建材'],
    products: ['通用硅酸盐水泥'],
    specs: ['P·O 42.5', 'P·C 32.5R', 'P·O 52.5', 'P·O 42.5R'],
    failedItems: ['强度', '安定性', '凝结时间', '三氧化硫', '氯离子'],
    clusters: ['云浮', '清远', '肇庆'],
  },
  {
    name: '食品相关产品',
    weight: 6,
    industries: ['包装', '塑料制品', '纸品'],
    products: ['食品用塑料包装袋', '一次性塑料餐饮具', '纸杯', '不锈钢餐具'],
    specs: ['250ml', '20cm×30cm', '9oz', '180mm', '500ml'],
    failedItems: ['脱色试验', '总迁移量', '高锰酸钾消耗量', '荧光性物质', '重金属'],
    clusters: ['揭阳', '汕头', '东莞'],
  },
  {
    name: '灯具',
    weight: 6,
    industries: ['照明', '灯饰', '光电'],
    products: ['LED筒灯', 'LED吸顶灯', 'LED台灯', '嵌入式灯具'],
    specs: ['6W', '12W 220V', '18W', 'DL-0628', '24W'],
    failedItems: ['标记', '爬电距离和电气间隙', '接线端子', '防触电保护', '谐波电流', '无线电骚扰'],
    clusters: ['中山', '江门', '佛山'],
  },
  {
    name: '插头插座',
    weight: 5,
    industries: ['电器', '电工', '开关插座'],
    products: ['转换器', '移动式插座', '墙壁开关插座'],
    specs: ['10A 250V', '16A 250V', '3位 1.8m', '5位 3m'],
    failedItems: ['防触电保护', '接地措施', '拔出插头所需的力', '温升', '结构', '耐热'],
    clusters: ['深圳', '东莞', '佛山'],
  },
  {
    name: '电热水器',
    weight: 3,
    industries: ['电器', '热水器', '厨卫'],
    products: ['储水式电热水器', '快热式电热水器'],
    specs: ['60L 2000W', '50L 2000W', '80L 3000W', '5500W'],
    failedItems: ['泄漏电流和电气强度', '非正常工作', '防触电保护', '输入功率和电流', '标志和说明'],
    clusters: ['佛山', '中山'],
  },
  {
    name: '童鞋',
    weight: 3,
    industries: ['鞋业', '鞋材'],
    products: ['儿童运动鞋', '儿童皮鞋', '儿童凉鞋'],
    specs: ['28码', '32码', '25码', '210mm'],
    failedItems: ['耐折性能', '外底耐磨性能', '邻苯二甲酸酯', '甲醛', '鞋帮拉出强度'],
    clusters: ['东莞', '揭阳', '广州'],
  },
  {
    name: '纸巾',
    weight: 3,
    industries: ['纸业', '生活用纸'],
    products: ['抽取式面巾纸', '卷纸', '湿巾'],
    specs: ['3层×130抽', '4层 140g', '10片', '2层×200抽'],
    failedItems: ['细菌菌落总数', '可迁移性荧光增白剂', '横向吸液高度', '抗张指数'],
    clusters: ['东莞', '江门'],
  },
  {
    name: '安全帽',
    weight: 2,
    industries: ['劳保用品', '防护用品'],
    products: ['安全帽'],
    specs: ['ABS V型', 'PE 一字型', '玻璃钢'],
    failedItems: ['冲击吸收性能', '耐穿刺性能', '侧向刚性', '标识'],
  },
  {
    name: '消防产品',
    weight: 3,
    industries: ['消防设备', '消防器材'],
    products: ['手提式干粉灭火器', '消防应急照明灯具', '室内消火栓', '消防水带'],
    specs: ['MFZ/ABC4', 'MFZ/ABC2', 'DN65', '8-65-25'],
    failedItems: ['喷射性能', '充装量', '应急工作时间', '耐压性能', '标志'],
  },
  {
    name: '陶瓷砖',
    weight: 3,
    industries: ['陶瓷', '建陶'],
    products: ['陶瓷砖'],
    specs: ['800mm×800mm', '600mm×1200mm', '300mm×600mm'],
    failedItems: ['吸水率', '破坏强度', '断裂模数', '放射性'],
    clusters: ['佛山', '清远', '肇庆'],
  },
  {
    name: '家具',
    weight: 4,
    industries: ['家具', '家私'],
    products: ['办公椅', '实木床', '板式衣柜', '沙发'],
    specs: ['1800mm×2000mm', 'BGY-01', 'L2000', '1500mm×2000mm'],
    failedItems: ['甲醛释放量', '稳定性', '耐久性', '五金件'],
    clusters: ['佛山', '东莞'],
  },
  {
    name: '燃气灶具',
    weight: 2,
    industries: ['燃气具', '厨具'],
    products: ['家用燃气灶'],
    specs: ['JZT-2E', 'JZY-B208', 'JZT-Q3'],
    failedItems: ['热效率', '一氧化碳含量', '熄火保护装置', '气密性'],
    clusters: ['中山', '佛山'],
  },
  {
    name: '电源适配器',
    weight: 4,
    industries: ['电子', '电源科技'],
    products: ['手机充电器', '电源适配器'],
    specs: ['5V 2A', '9V 2A', '20V 3.25A', '12V 1A'],
    failedItems: ['防触电保护', '电气强度', '标记和说明', '无线电骚扰', '温升'],
    clusters: ['深圳', '东莞'],
  },
];

/** Categories a producer plausibly makes together (a second category is drawn from the same family). */
const FAMILIES: readonly (readonly string[])[] = [
  ['电线电缆', '插头插座', '电源适配器'],
  ['家用电器', '电热水器', '燃气灶具', '灯具', '插头插座'],
  ['儿童玩具', '童鞋', '服装'],
  ['建筑用钢筋', '水泥', '陶瓷砖'],
  ['食品相关产品', '纸巾'],
  ['安全帽', '消防产品'],
];

/** Districts (division code, name) per city short name; 东莞 and 中山 have none (towns instead). */
const DISTRICTS: Record<string, readonly (readonly [string, string])[]> = {
  广州: [
    ['440103', '荔湾区'],
    ['440105', '海珠区'],
    ['440106', '天河区'],
    ['440111', '白云区'],
    ['440112', '黄埔区'],
    ['440113', '番禺区'],
    ['440114', '花都区'],
    ['440115', '南沙区'],
    ['440118', '增城区'],
  ],
  韶关: [
    ['440203', '武江区'],
    ['440204', '浈江区'],
    ['440205', '曲江区'],
    ['440281', '乐昌市'],
  ],
  深圳: [
    ['440303', '罗湖区'],
    ['440304', '福田区'],
    ['440305', '南山区'],
    ['440306', '宝安区'],
    ['440307', '龙岗区'],
    ['440309', '龙华区'],
    ['440310', '坪山区'],
    ['440311', '光明区'],
  ],
  珠海: [
    ['440402', '香洲区'],
    ['440403', '斗门区'],
    ['440404', '金湾区'],
  ],
  汕头: [
    ['440507', '龙湖区'],
    ['440511', '金平区'],
    ['440513', '潮阳区'],
    ['440514', '潮南区'],
    ['440515', '澄海区'],
  ],
  佛山: [
    ['440604', '禅城区'],
    ['440605', '南海区'],
    ['440606', '顺德区'],
    ['440607', '三水区'],
    ['440608', '高明区'],
  ],
  江门: [
    ['440703', '蓬江区'],
    ['440704', '江海区'],
    ['440705', '新会区'],
    ['440781', '台山市'],
    ['440783', '开平市'],
    ['440784', '鹤山市'],
  ],
  湛江: [
    ['440802', '赤坎区'],
    ['440803', '霞山区'],
    ['440811', '麻章区'],
    ['440882', '雷州市'],
  ],
  茂名: [
    ['440902', '茂南区'],
    ['440904', '电白区'],
    ['440981', '高州市'],
    ['440982', '化州市'],
  ],
  肇庆: [
    ['441202', '端州区'],
    ['441203', '鼎湖区'],
    ['441204', '高要区'],
    ['441284', '四会市'],
  ],
  惠州: [
    ['441302', '惠城区'],
    ['441303', '惠阳区'],
    ['441322', '博罗县'],
    ['441323', '惠东县'],
  ],
  梅州: [
    ['441402', '梅江区'],
    ['441403', '梅县区'],
    ['441481', '兴宁市'],
  ],
  汕尾: [
    ['441502', '城区'],
    ['441521', '海丰县'],
    ['441581', '陆丰市'],
  ],
  河源: [
    ['441602', '源城区'],
    ['441625', '东源县'],
  ],
  阳江: [
    ['441702', '江城区'],
    ['441704', '阳东区'],
    ['441781', '阳春市'],
  ],
  清远: [
    ['441802', '清城区'],
    ['441803', '清新区'],
    ['441881', '英德市'],
  ],
  东莞: [],
  中山: [],
  潮州: [
    ['445102', '湘桥区'],
    ['445103', '潮安区'],
    ['445122', '饶平县'],
  ],
  揭阳: [
    ['445202', '榕城区'],
    ['445203', '揭东区'],
    ['445281', '普宁市'],
  ],
  云浮: [
    ['445302', '云城区'],
    ['445303', '云安区'],
    ['445381', '罗定市'],
  ],
};

const TOWNS: Record<string, readonly string[]> = {
  东莞: ['长安镇', '虎门镇', '厚街镇', '塘厦镇', '常平镇', '大朗镇', '松山湖'],
  中山: ['古镇镇', '小榄镇', '东凤镇', '南头镇', '火炬开发区', '横栏镇'],
};

/** Relative weight of each city among manufacturers sampled (Pearl River Delta heavy). */
const CITY_WEIGHTS: Record<string, number> = {
  广州: 12,
  韶关: 1.5,
  深圳: 12,
  珠海: 2,
  汕头: 5,
  佛山: 14,
  江门: 4,
  湛江: 1.5,
  茂名: 1,
  肇庆: 2,
  惠州: 4,
  梅州: 1,
  汕尾: 0.6,
  河源: 1,
  阳江: 1.2,
  清远: 1.5,
  东莞: 13,
  中山: 6,
  潮州: 2,
  揭阳: 3,
  云浮: 0.8,
};

const BRAND_CHARS = Array.from(
  new Set(
    Array.from(
      '美华宏达盛鑫源兴富丰利泰安康永恒佳信德嘉瑞祥隆昌荣新力通远星海天金银汇凯越博创联顺和益邦科光明辉锦威耀雅诚志腾豪宝骏粤南方正立建群雄伟俊亿万惠升东弘栢朗',
    ),
  ),
);
const SUFFIXES: readonly (readonly [string, number])[] = [
  ['有限公司', 10],
  ['实业有限公司', 3],
  ['科技有限公司', 3],
  ['股份有限公司', 1],
  ['有限责任公司', 1],
  ['制品厂', 0.5],
];
const ROADS = [
  '工业大道',
  '兴业路',
  '科技路',
  '创业路',
  '环镇路',
  '民营工业园',
  '工业园一路',
  '振华路',
  '新城大道',
  '富民路',
];

/** Other provinces whose producers are sampled in Guangdong markets (never listed). */
const OTHER_PROVINCES: readonly (readonly [string, string, string])[] = [
  ['430102', '湖南省', '长沙市'],
  ['350203', '福建省', '厦门市'],
  ['330106', '浙江省', '杭州市'],
  ['360102', '江西省', '南昌市'],
  ['450103', '广西壮族自治区', '南宁市'],
  ['320583', '江苏省', '昆山市'],
];

/** Simplified → traditional for the characters our names use (used to fake HK/TW-style rows). */
const TRADITIONAL: Record<string, string> = Object.fromEntries(
  Array.from(
    '广廣东東华華电電线線缆纜实實业業顺順区區门門庆慶头頭关關远遠阳陽云雲兴興丰豐荣榮银銀汇匯凯凱创創联聯辉輝锦錦诚誠腾騰宝寶骏駿粤粵伟偉亿億万萬达達责責车車动動饰飾装裝农農资資钢鋼铁鐵属屬纸紙灯燈开開热熱厨廚卫衛劳勞护護设設备備气氣适適湾灣禅禪乐樂县縣镇鎮龙龍岗崗罗羅园園台臺发發机機织織纺紡贸貿环環节節莲蓮鸿鴻丽麗济濟',
  ).reduce<[string, string][]>((pairs, ch, i, all) => (i % 2 === 0 ? [...pairs, [ch, all[i + 1]]] : pairs), []),
);

export function toTraditional(text: string): string {
  return Array.from(text, (c) => TRADITIONAL[c] ?? c).join('');
}

// --- Profiles ---------------------------------------------------------------------------------

type Profile = 'ten' | 'five' | 'three' | 'recentFail' | 'newcomer' | 'onlyFail' | 'failLast' | 'nonGuangdong';

/** Per 20,000 enterprises: 936 / 1,534 / 2,946 listed (the October 2025 figures), the rest not. */
const PROFILE_WEIGHTS: readonly (readonly [Profile, number])[] = [
  ['ten', 936],
  ['five', 1534],
  ['three', 2946],
  ['recentFail', 6300],
  ['newcomer', 4100],
  ['onlyFail', 900],
  ['failLast', 2600],
  ['nonGuangdong', 684],
];

// --- Output shapes ------------------------------------------------------------------------------

export interface GeneratedEnterprise {
  uscc: string;
  name: string;
  formerNames: string[];
  address: string;
  /** City full name (e.g. 佛山市), null for non-Guangdong enterprises. */
  city: string | null;
  /** Day of the rename when formerNames is not empty. */
  renamedAt?: string;
  productCategories: string[];
}

/** The import record's shape; the row key may be left for the importer to compute. */
export type GeneratedInspection = Omit<InspectionImportRecord, 'rowKey'> & { rowKey?: string };

export interface GenerateOptions {
  enterprises: number;
  seed?: string | number;
  /** Evaluation date the profiles aim at; no record is dated after it. Default 2025-10-31. */
  asOf?: string;
  /** Compute rowKey (import identity) per record; default true. */
  rowKeys?: boolean;
  /** Share of records published without USCC; default 0.05. */
  missingUsccRate?: number;
}

export interface Dataset {
  enterprises: GeneratedEnterprise[];
  inspections: GeneratedInspection[];
}

interface EnterpriseDraft extends GeneratedEnterprise {
  categories: CategorySpec[];
  cityShort: string | null;
  district: string | null;
  profile: Profile;
  rate: number;
}

const DATA_START: DateKey = 20110101;
const SCOPE_WORDS: Record<InspectionLevel, string> = {
  national: '国家',
  provincial: '省级',
  municipal: '市级',
  county: '',
};
const ALPHABET_CHARS = Array.from(USCC_ALPHABET);

class DatasetGenerator {
  private readonly rng: Random;
  private readonly end: DateKey;
  private readonly usedUscc = new Set<string>();
  private readonly usedNames = new Set<string>();
  private readonly usedRowKeys = new Set<string>();
  private readonly cityWeights = GUANGDONG_CITIES.map((c) => [c.shortName, CITY_WEIGHTS[c.shortName] ?? 1] as const);
  private readonly missingUsccRate: number;

  constructor(private readonly options: GenerateOptions) {
    this.rng = new Random(options.seed ?? 1);
    this.end = requireDateKey(options.asOf ?? '2025-10-31', 'asOf');
    this.missingUsccRate = options.missingUsccRate ?? 0.05;
  }

  private uscc(division: string): string {
    for (;;) {
      const r = this.rng;
      const base = r.chance(0.6)
        ? 'MA' + Array.from({ length: 6 }, () => r.pick(ALPHABET_CHARS)).join('')
        : String(r.int(10000000, 99999999));
      const code = makeUscc({ division, orgCode: base });
      if (!this.usedUscc.has(code)) {
        this.usedUscc.add(code);
        return code;
      }
    }
  }

  /** A company name unique after normalisation (so name matching is never ambiguous). */
  private companyName(city: string | null, district: string | null, category: CategorySpec, prefix?: string): string {
    const r = this.rng;
    for (;;) {
      const brand = r.pick(BRAND_CHARS) + r.pick(BRAND_CHARS);
      const industry = r.pick(category.industries);
      const suffix = r.weighted(SUFFIXES);
      let name: string;
      const form = r.next();
      if (prefix) name = `${prefix}${brand}${industry}${suffix}`;
      else if (!city) name = `${brand}${industry}${suffix}`;
      // County-level cities and counties name themselves (四会市…, 博罗县…); districts follow the city.
      else if (form < 0.55 && district) {
        name = /[市县]$/.test(district)
          ? `${district}${brand}${industry}${suffix}`
          : `${city}市${district}${brand}${industry}${suffix}`;
      } else if (form < 0.72) name = `广东${brand}${industry}${suffix}`;
      else if (form < 0.9 || !suffix.endsWith('有限公司')) name = `${city}市${brand}${industry}${suffix}`;
      // Registries spell brackets both ways.
      else name = r.chance(0.5) ? `${brand}${industry}（${city}）${suffix}` : `${brand}${industry}(${city})${suffix}`;
      const key = normalizeName(name);
      if (!this.usedNames.has(key)) {
        this.usedNames.add(key);
        return name;
      }
    }
  }

  private enterprise(): EnterpriseDraft {
    const r = this.rng;
    const profile = r.weighted(PROFILE_WEIGHTS);
    const primary = r.weighted(CATEGORIES.map((c) => [c, c.weight] as const));
    const categories = [primary];
    const family = FAMILIES.find((f) => f.includes(primary.name));
    if (family && r.chance(0.25)) {
      const second = CATEGORIES.find((c) => c.name === r.pick(family));
      if (second && second !== primary) categories.push(second);
    }
    let uscc: string;
    let name: string;
    let address: string;
    let cityShort: string | null = null;
    let district: string | null = null;
    let cityFull: string | null = null;
    if (profile === 'nonGuangdong') {
      const [division, province, city] = r.pick(OTHER_PROVINCES);
      uscc = this.uscc(division);
      name = this.companyName(null, null, primary, city);
      address = `${province}${city}${r.pick(ROADS)}${r.int(1, 300)}号`;
    } else {
      const clusters = new Set(primary.clusters ?? []);
      cityShort = r.weighted(this.cityWeights.map(([c, w]) => [c, clusters.has(c) ? w * 4 : w] as const));
      cityFull = `${cityShort}市`;
      const districts = DISTRICTS[cityShort];
      let division: string;
      let place: string;
      if (districts.length) {
        const [code, dname] = r.pick(districts);
        division = code;
        district = dname;
        place = dname;
      } else {
        division = GUANGDONG_CITIES.find((c) => c.shortName === cityShort)!.prefix + '00';
        place = r.pick(TOWNS[cityShort]);
      }
      uscc = this.uscc(division);
      name = this.companyName(cityShort, district, primary);
      address = `${r.chance(0.5) ? '广东省' : ''}${cityFull}${place}${r.pick(ROADS)}${r.int(1, 300)}号`;
    }
    const formerNames: string[] = [];
    let renamedAt: string | undefined;
    if (r.chance(0.1)) {
      formerNames.push(this.companyName(cityShort, district, primary));
      renamedAt = formatDateKey(r.date(20130101, addYears(this.end, -1)));
    }
    return {
      uscc,
      name,
      formerNames,
      address,
      city: cityFull,
      ...(renamedAt ? { renamedAt } : {}),
      productCategories: categories.map((c) => c.name),
      categories,
      cityShort,
      district,
      profile,
      // Inspections per year: most producers are sampled every year or two.
      rate: 0.35 + r.next() * 1.25,
    };
  }

  /** Sampling dates of passes in [from, to] at the enterprise's rate (from itself included when `first`). */
  private passDates(from: DateKey, to: DateKey, rate: number, first: boolean): DateKey[] {
    const out: DateKey[] = [];
    if (from > to) return out;
    if (first) out.push(from);
    let day = toDayNumber(from);
    const last = toDayNumber(to);
    for (;;) {
      day += Math.max(1, Math.round(this.rng.exponential(365 / rate)));
      if (day > last) break;
      out.push(fromDayNumber(day));
    }
    return out;
  }

  /** (date, fail?) pairs realising the enterprise's profile at the evaluation date. */
  private history(e: EnterpriseDraft): [DateKey, boolean][] {
    const r = this.rng;
    const E = this.end;
    const out: [DateKey, boolean][] = [];
    const pass = (d: DateKey) => out.push([d, false]);
    const fail = (d: DateKey) => out.push([d, true]);
    const cleanFrom = (s: DateKey) => {
      for (const d of this.passDates(s, E, e.rate, true)) pass(d);
    };
    /** Optional earlier history ending in a failure strictly before s (a same-day pass sometimes). */
    const before = (s: DateKey) => {
      if (!r.chance(0.5)) return;
      const f = addDays(s, -r.int(20, 700));
      if (f < DATA_START) {
        // Failures before 2011 are outside the data and must not count.
        if (r.chance(0.5)) fail(r.date(20080101, 20101231));
        return;
      }
      fail(f);
      if (r.chance(0.2)) pass(f);
      const h0 = r.date(DATA_START, f);
      for (const d of this.passDates(h0, addDays(f, -1), e.rate, true)) pass(d);
    };
    let profile = e.profile;
    if (profile === 'nonGuangdong') profile = r.pick(['ten', 'five', 'three'] as const);
    switch (profile) {
      case 'ten':
      case 'five':
      case 'three': {
        const [lo, hi] =
          profile === 'ten'
            ? [DATA_START, addYears(E, -10)]
            : profile === 'five'
              ? [addDays(addYears(E, -10), 1), addYears(E, -5)]
              : [addDays(addYears(E, -5), 1), addYears(E, -3)];
        const s = r.date(lo, hi);
        before(s);
        cleanFrom(s);
        break;
      }
      case 'recentFail': {
        const f = r.date(addYears(E, -3), E);
        const h0 = r.date(DATA_START, f);
        for (const d of this.passDates(h0, addDays(f, -1), e.rate, true)) pass(d);
        if (r.chance(0.3)) fail(r.date(h0, f));
        fail(f);
        if (r.chance(0.15)) pass(f);
        for (const d of this.passDates(f, E, e.rate, false)) pass(d);
        break;
      }
      case 'newcomer':
        cleanFrom(r.date(addDays(addYears(E, -3), 1), E));
        break;
      case 'onlyFail':
        fail(r.date(DATA_START, E));
        if (r.chance(0.4)) fail(r.date(DATA_START, E));
        break;
      case 'failLast': {
        const f = r.date(20120101, E);
        const h0 = r.date(DATA_START, f);
        for (const d of this.passDates(h0, addDays(f, -1), e.rate, true)) pass(d);
        fail(f);
        // The subtle case: a pass the same day as the last failure is not after it.
        if (r.chance(0.3)) pass(f);
        break;
      }
    }
    // Some producers also appear in pre-2011 results, which the rule ignores.
    if (r.chance(0.08)) {
      for (let i = r.int(1, 3); i > 0; i--) out.push([r.date(20080101, 20101231), r.chance(0.4)]);
    }
    return out;
  }

  private authority(level: InspectionLevel, e: EnterpriseDraft, date: DateKey): string {
    // Market-regulation reform: SAMR from April 2018, Guangdong's bureaus from late 2018.
    const reformed = date >= 20181101;
    if (level === 'national') return date >= 20180410 ? '国家市场监督管理总局' : '国家质量监督检验检疫总局';
    if (level === 'provincial') return reformed ? '广东省市场监督管理局' : '广东省质量技术监督局';
    const city = e.cityShort ? `${e.cityShort}市` : '广东省';
    if (level === 'municipal' || !e.district) return `${city}${reformed ? '市场监督管理局' : '质量技术监督局'}`;
    const local = /[市县]$/.test(e.district) ? e.district : `${city}${e.district}`;
    return reformed ? `${local}市场监督管理局` : `${city}质量技术监督局${e.district}分局`;
  }

  private readonly announcements = new Map<string, Map<number, string>>();

  /** Interned: a publication repeats one announcement over many rows. */
  private announcement(level: InspectionLevel, authority: string, category: CategorySpec, date: DateKey): string {
    const year = Math.floor(date / 10000);
    const quarter = Math.floor((Math.floor(date / 100) % 100) / 4);
    const catIndex = CATEGORIES.indexOf(category);
    const no = 1 + ((catIndex * 7 + quarter * 3) % 40);
    // Authority names are unique per level, so (authority, category, year, no) identifies the text.
    let byAuthority = this.announcements.get(authority);
    if (!byAuthority) this.announcements.set(authority, (byAuthority = new Map()));
    const key = (catIndex * 10000 + year) * 100 + no;
    let text = byAuthority.get(key);
    if (text === undefined) {
      const scope = SCOPE_WORDS[level];
      text = `${authority}关于${year}年${category.name}产品质量${scope}监督抽查情况的通告（${year}年第${no}期）`;
      byAuthority.set(key, text);
    }
    return text;
  }

  private batch(sampled: DateKey): string {
    const r = this.rng;
    const produced = addDays(sampled, -r.int(7, 180));
    const kind = r.next();
    if (kind < 0.5) return formatDateKey(produced);
    if (kind < 0.8) return `${produced}${r.pick(['', 'A', 'B', '-01', '-02'])}`;
    return `B${String(produced).slice(2, 6)}${String(r.int(1, 999)).padStart(3, '0')}`;
  }

  /** Name as printed by the publisher: the name at that date, sometimes in HK/TW or full-width form. */
  private publishedName(e: EnterpriseDraft, date: DateKey, withoutUscc: boolean): string {
    const r = this.rng;
    const base = e.renamedAt && formatDateKey(date) < e.renamedAt ? e.formerNames[0] : e.name;
    if (!r.chance(withoutUscc ? 0.35 : 0.03)) return base;
    const variant = r.next();
    let printed: string;
    if (variant < 0.45) printed = toTraditional(base);
    else if (variant < 0.8) {
      // The other bracket width than the registry's, or a full-width space.
      if (base.includes('（')) printed = base.replace('（', '(').replace('）', ')');
      else if (base.includes('(')) printed = base.replace('(', '（').replace(')', '）');
      else printed = base.replace(/(有限|股份|制品)/, '\u3000$1');
    } else printed = base.replace(/^(.{2,4}?[市区])/, '$1 ');
    // Only use a variant the importer will recognise as the same name.
    return normalizeName(printed) === normalizeName(base) ? printed : base;
  }

  private records(e: EnterpriseDraft): GeneratedInspection[] {
    const r = this.rng;
    const out: GeneratedInspection[] = [];
    const history = this.history(e);
    for (const [date, failed] of history) {
      const count = r.chance(0.08) ? 2 : 1;
      for (let k = 0; k < count; k++) {
        // A second product the same day passes only if the first did (keeps the profile's rule outcome).
        const isFail = k === 0 ? failed : false;
        const category = r.pick(e.categories);
        const level = r.weighted<InspectionLevel>([
          ['national', 15],
          ['provincial', 40],
          ['municipal', 30],
          ['county', e.district ? 15 : 0],
        ]);
        const authority = this.authority(level, e, date);
        const withoutUscc = r.chance(this.missingUsccRate);
        const failedItems = isFail
          ? Array.from(
              new Set([r.pick(category.failedItems), ...(r.chance(0.3) ? [r.pick(category.failedItems)] : [])]),
            ).join('、')
          : '';
        const record: GeneratedInspection = {
          enterpriseName: this.publishedName(e, date, withoutUscc),
          productName: r.pick(category.products),
          productCategory: category.name,
          specModel: r.pick(category.specs),
          batch: this.batch(date),
          sampledAt: formatDateKey(date),
          level,
          authority,
          result: isFail ? 'fail' : 'pass',
          failedItems,
          announcement: this.announcement(level, authority, category, date),
        };
        // Set after the literal: a conditional spread is slow on hot paths.
        if (!withoutUscc) record.uscc = e.uscc;
        if (this.options.rowKeys !== false) {
          let key = inspectionRowKey(record);
          while (this.usedRowKeys.has(key)) {
            record.batch += r.pick(['A', 'B', 'C']);
            key = inspectionRowKey(record);
          }
          this.usedRowKeys.add(key);
          record.rowKey = key;
        }
        out.push(record);
      }
    }
    return out;
  }

  *generate(): Generator<{ enterprise: GeneratedEnterprise; inspections: GeneratedInspection[] }> {
    for (let i = 0; i < this.options.enterprises; i++) {
      const draft = this.enterprise();
      const inspections = this.records(draft);
      const { categories: _c, cityShort: _s, district: _d, profile: _p, rate: _r, ...enterprise } = draft;
      yield { enterprise, inspections };
    }
  }
}

/** Streams enterprises with their records (for large benches without holding everything). */
export function* generateStream(options: GenerateOptions) {
  yield* new DatasetGenerator(options).generate();
}

/**
 * Generates a dataset. Inspections come in publication order (by sampling date, then rowKey-ish
 * stable order), not grouped by enterprise, like real result tables.
 */
export function generateDataset(options: GenerateOptions): Dataset {
  const enterprises: GeneratedEnterprise[] = [];
  const inspections: GeneratedInspection[] = [];
  for (const item of generateStream(options)) {
    enterprises.push(item.enterprise);
    for (const rec of item.inspections) inspections.push(rec);
  }
  if (inspections.length >= 2 ** 24) throw new RangeError('generateDataset: too many records; use generateStream');
  // Order by date, generation order within a day (deterministic); numeric keys sort much faster.
  const keys = new Float64Array(inspections.length);
  for (let i = 0; i < inspections.length; i++) {
    keys[i] = toDayNumber(requireDateKey(inspections[i].sampledAt)) * 2 ** 24 + i;
  }
  keys.sort();
  const ordered = Array.from(keys, (k) => inspections[k % 2 ** 24]);
  return { enterprises, inspections: ordered };
}

// --- CSV output -----------------------------------------------------------------------------------

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvLine = (cells: string[]) => cells.map(csvCell).join(',') + '\r\n';

const LEVEL_LABELS: Record<InspectionLevel, string> = {
  national: '国家',
  provincial: '省',
  municipal: '市',
  county: '县',
};

export function inspectionsCsv(inspections: Iterable<GeneratedInspection>): string {
  const parts = [
    '\ufeff' +
      csvLine([
        'uscc',
        'enterprise_name',
        'product_name',
        'product_category',
        'spec_model',
        'batch',
        'sampled_at',
        'level',
        'authority',
        'result',
        'failed_items',
        'announcement',
      ]),
  ];
  for (const r of inspections) {
    parts.push(
      csvLine([
        r.uscc ?? '',
        r.enterpriseName,
        r.productName,
        r.productCategory,
        r.specModel,
        r.batch,
        r.sampledAt,
        LEVEL_LABELS[r.level],
        r.authority,
        r.result === 'pass' ? '合格' : '不合格',
        r.failedItems,
        r.announcement,
      ]),
    );
  }
  return parts.join('');
}

export function enterprisesCsv(enterprises: Iterable<GeneratedEnterprise>): string {
  const parts = ['\ufeff' + csvLine(['uscc', 'name', 'former_names', 'address'])];
  for (const e of enterprises) parts.push(csvLine([e.uscc, e.name, e.formerNames.join('；'), e.address]));
  return parts.join('');
}

// --- CLI ------------------------------------------------------------------------------------------

function argValue(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const enterprises = Number(argValue(argv, '--enterprises') ?? 20000);
  const seed = argValue(argv, '--seed') ?? '1';
  const asOf = argValue(argv, '--as-of') ?? '2025-10-31';
  const out = argValue(argv, '--out');
  if (!out) {
    process.stderr.write(
      '用法：npx tsx scripts/generate-inspections.ts --out DIR [--enterprises N] [--seed S] [--as-of YYYY-MM-DD]\n',
    );
    return 2;
  }
  if (!Number.isInteger(enterprises) || enterprises < 1) {
    process.stderr.write('--enterprises 应为正整数\n');
    return 2;
  }
  try {
    requireDateKey(asOf, '--as-of');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const started = Date.now();
  const data = generateDataset({ enterprises, seed, asOf });
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'enterprises.csv'), enterprisesCsv(data.enterprises));
  await writeFile(path.join(out, 'inspections.csv'), inspectionsCsv(data.inspections));
  process.stdout.write(
    `已生成 ${data.enterprises.length} 家企业、${data.inspections.length} 条抽查记录 → ${out}（${Date.now() - started} ms）\n`,
  );
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
