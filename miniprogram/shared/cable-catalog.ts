/**
 * What a cable quick-screen request may describe: cable types of the GB/T 5023 (IEC 60227, PVC-insulated
 * wires and cords up to 450/750 V) and GB/T 12706 (extruded-insulation power cables 1–35 kV) families, the
 * standard cross-section series, the concerns a requester can raise, how the cable was bought and what a
 * screening finds. Codes are stored; labels are shown.
 *
 * The one copy: the cloud functions validate and label with it (core/cable/catalog.ts re-exports it), the
 * mini-program checks forms and labels what no answer labels (findings a requester did not raise). Labels
 * the server sends (cable.formOptions, the request views) are read from its answer.
 */

export type CableFamily = 'GB/T 5023' | 'GB/T 12706';

export interface CableTypeSpec {
  label: string;
  family: CableFamily;
  conductor: 'copper' | 'aluminium';
  /** Inclusive range of conductor counts this construction is made with. */
  cores: readonly [number, number];
  /** Inclusive range (mm²) of the standard series this construction is made in. */
  crossSection: readonly [number, number];
}

/** Types the table below as specs while keeping its literal keys (`satisfies`, without the syntax). */
function cableTypes<T extends Record<string, CableTypeSpec>>(table: T): T {
  return table;
}

/**
 * Type → construction limits. The ranges are the ones the standards' tables (and common Chinese
 * practice, JB/T 8734) cover; a 240 mm² "RVB" or a 4-core "BV" does not exist, so such an entry is a typo.
 */
export const CABLE_TYPES = cableTypes({
  BV: {
    label: '铜芯聚氯乙烯绝缘电线（硬线）',
    family: 'GB/T 5023',
    conductor: 'copper',
    cores: [1, 1],
    crossSection: [0.5, 240],
  },
  BLV: {
    label: '铝芯聚氯乙烯绝缘电线',
    family: 'GB/T 5023',
    conductor: 'aluminium',
    cores: [1, 1],
    crossSection: [2.5, 240],
  },
  BVR: {
    label: '铜芯聚氯乙烯绝缘软电线',
    family: 'GB/T 5023',
    conductor: 'copper',
    cores: [1, 1],
    crossSection: [2.5, 70],
  },
  BVV: {
    label: '铜芯聚氯乙烯绝缘聚氯乙烯护套电线',
    family: 'GB/T 5023',
    conductor: 'copper',
    cores: [1, 5],
    crossSection: [0.75, 35],
  },
  BVVB: {
    label: '铜芯聚氯乙烯绝缘聚氯乙烯护套平型电线',
    family: 'GB/T 5023',
    conductor: 'copper',
    cores: [2, 3],
    crossSection: [0.75, 10],
  },
  RV: {
    label: '铜芯聚氯乙烯绝缘连接软电线',
    family: 'GB/T 5023',
    conductor: 'copper',
    cores: [1, 1],
    crossSection: [0.5, 25],
  },
  RVV: {
    label: '铜芯聚氯乙烯绝缘聚氯乙烯护套软电线',
    family: 'GB/T 5023',
    conductor: 'copper',
    cores: [1, 5],
    crossSection: [0.5, 35],
  },
  RVB: {
    label: '铜芯聚氯乙烯绝缘平型连接软电线',
    family: 'GB/T 5023',
    conductor: 'copper',
    cores: [2, 2],
    crossSection: [0.5, 2.5],
  },
  RVS: {
    label: '铜芯聚氯乙烯绝缘绞型连接软电线',
    family: 'GB/T 5023',
    conductor: 'copper',
    cores: [2, 2],
    crossSection: [0.5, 2.5],
  },
  VV: {
    label: '铜芯聚氯乙烯绝缘聚氯乙烯护套电力电缆',
    family: 'GB/T 12706',
    conductor: 'copper',
    cores: [1, 5],
    crossSection: [1.5, 240],
  },
  VLV: {
    label: '铝芯聚氯乙烯绝缘聚氯乙烯护套电力电缆',
    family: 'GB/T 12706',
    conductor: 'aluminium',
    cores: [1, 5],
    crossSection: [2.5, 240],
  },
  YJV: {
    label: '铜芯交联聚乙烯绝缘聚氯乙烯护套电力电缆',
    family: 'GB/T 12706',
    conductor: 'copper',
    cores: [1, 5],
    crossSection: [1.5, 240],
  },
  YJLV: {
    label: '铝芯交联聚乙烯绝缘聚氯乙烯护套电力电缆',
    family: 'GB/T 12706',
    conductor: 'aluminium',
    cores: [1, 5],
    crossSection: [2.5, 240],
  },
  YJV22: {
    label: '铜芯交联聚乙烯绝缘钢带铠装聚氯乙烯护套电力电缆',
    family: 'GB/T 12706',
    conductor: 'copper',
    // Steel-tape armour on a single AC core heats up (eddy currents): single-core armoured cables use other armour.
    cores: [2, 5],
    crossSection: [4, 240],
  },
  YJY: {
    label: '铜芯交联聚乙烯绝缘聚乙烯护套电力电缆',
    family: 'GB/T 12706',
    conductor: 'copper',
    cores: [1, 5],
    crossSection: [1.5, 240],
  },
} as const);

export type CableType = keyof typeof CABLE_TYPES;
export const CABLE_TYPE_CODES = Object.keys(CABLE_TYPES) as [CableType, ...CableType[]];

/** Nominal cross-sections (mm²) of the standard series, GB/T 3956. */
export const CROSS_SECTIONS = [0.5, 0.75, 1, 1.5, 2.5, 4, 6, 10, 16, 25, 35, 50, 70, 95, 120, 150, 185, 240] as const;
export const CROSS_SECTION_SERIES_MESSAGE = `标称截面应为标准系列之一：${CROSS_SECTIONS.join('、')} mm²`;

/** Cross-sections of the series a cable type is made in. */
export function crossSectionsFor(type: CableType): number[] {
  const [min, max] = CABLE_TYPES[type].crossSection;
  return CROSS_SECTIONS.filter((s) => s >= min && s <= max);
}

/** Why a cable type is not made with this many cores, or null when it is. User-facing Chinese. */
export function coresProblem(type: CableType, cores: number): string | null {
  const spec: CableTypeSpec = CABLE_TYPES[type];
  if (cores >= spec.cores[0] && cores <= spec.cores[1]) return null;
  const range = spec.cores[0] === spec.cores[1] ? `${spec.cores[0]} 芯` : `${spec.cores[0]}–${spec.cores[1]} 芯`;
  return `${type}（${spec.label}）只有 ${range}`;
}

/** Why a cross-section is outside the range a cable type is made in, or null when it is inside. */
export function crossSectionProblem(type: CableType, crossSection: number): string | null {
  const [min, max] = CABLE_TYPES[type].crossSection;
  return crossSection >= min && crossSection <= max ? null : `${type} 的标称截面为 ${min}–${max} mm²`;
}

/** Why a (type, cores, cross-section) combination cannot exist, or null when it can. */
export function constructionProblem(type: CableType, cores: number, crossSection: number): string | null {
  return coresProblem(type, cores) ?? crossSectionProblem(type, crossSection);
}

/** What the requester suspects. */
export const CABLE_CONCERNS = {
  conductor_resistance: '导体电阻超标',
  thin_conductor: '导体偏细（截面“缩水”）',
  conductor_material: '导体材质（铜包铝、掺杂等）',
  insulation_thickness: '绝缘厚度不足',
  sheath_thickness: '护套厚度不足',
  insulation_material: '绝缘或护套材料（回收料、易老化开裂）',
  marking: '标志不清或与实物不符（型号、规格、厂名）',
  flame_retardancy: '阻燃性能',
  ccc_mark: '无 CCC 认证标志',
  length_shortfall: '长度不足',
  other: '其他问题',
} as const;
export type CableConcern = keyof typeof CABLE_CONCERNS;
export const CABLE_CONCERN_CODES = Object.keys(CABLE_CONCERNS) as [CableConcern, ...CableConcern[]];

export const PURCHASE_CHANNELS = {
  building_materials_market: '建材市场',
  hardware_store: '五金店',
  online: '网购平台',
  contractor_supplied: '装修公司或施工方提供',
  manufacturer_direct: '厂家直销',
  home_center: '家居建材卖场、超市',
  other: '其他渠道',
} as const;
export type PurchaseChannel = keyof typeof PURCHASE_CHANNELS;
export const PURCHASE_CHANNEL_CODES = Object.keys(PURCHASE_CHANNELS) as [PurchaseChannel, ...PurchaseChannel[]];

export const REQUESTER_TYPES = {
  consumer: '消费者（终端用户）',
  enterprise: '企业',
  contractor: '施工单位或装修公司',
} as const;
export type RequesterType = keyof typeof REQUESTER_TYPES;

export const SAMPLE_DELIVERY = { 'drop-off': '自行送样', pickup: '上门取样' } as const;
export type SampleDelivery = keyof typeof SAMPLE_DELIVERY;

/** Per-finding outcome recorded by the screening hospital. */
export const FINDING_OUTCOMES = { pass: '符合', doubtful: '存疑', fail: '不符合' } as const;
export type FindingOutcome = keyof typeof FINDING_OUTCOMES;

export const MAX_PHOTOS = 9;
/** Lower-case extensions of the photos a request may carry and of a screening report. */
export const PHOTO_EXTENSIONS: readonly string[] = ['jpg', 'jpeg', 'png', 'webp', 'heic'];
export const REPORT_EXTENSIONS: readonly string[] = ['pdf', 'jpg', 'jpeg', 'png', 'webp'];

/** `BV 2.5mm² 粤星`, `YJV 3×95mm² 粤星` (the cores only when more than one): a cable in one line. */
export function cableLine(cable: { type: CableType; cores: number; crossSection: number; brand?: string }): string {
  const size = `${cable.cores > 1 ? `${cable.cores}×` : ''}${cable.crossSection}mm²`;
  return [cable.type, size, cable.brand ?? ''].filter(Boolean).join(' ');
}

/** A storage fileID (`cloud://env.bucket/path.ext`) with one of the given extensions. */
export function isFileIdWithExtension(value: string, extensions: readonly string[]): boolean {
  const match = /^cloud:\/\/[^\s/]+\/[^\s]+\.([A-Za-z0-9]+)$/.exec(value);
  return !!match && extensions.includes(match[1].toLowerCase());
}
