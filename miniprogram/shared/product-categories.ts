/**
 * Product categories of Guangdong supervision sampling: the list the red list's inspections use
 * (scripts/generate-inspections.ts draws the demo data from it), the help desk's experts declare
 * specialties in, and an enterprise picks for a problem case.
 */
export const PRODUCT_CATEGORIES = [
  '电线电缆',
  '电动自行车',
  '儿童玩具',
  '家用电器',
  '服装',
  '化肥',
  '建筑用钢筋',
  '水泥',
  '食品相关产品',
  '灯具',
  '插头插座',
  '电热水器',
  '童鞋',
  '纸巾',
  '安全帽',
  '消防产品',
  '陶瓷砖',
  '家具',
  '燃气灶具',
  '电源适配器',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export const isProductCategory = (value: string): value is ProductCategory =>
  (PRODUCT_CATEGORIES as readonly string[]).includes(value);
