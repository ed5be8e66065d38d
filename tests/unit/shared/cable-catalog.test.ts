/** The cable catalogue (miniprogram/shared/cable-catalog.ts): what a quick-screen request may describe. */
import {
  // types and sizes
  CABLE_TYPES,
  CABLE_TYPE_CODES,
  CROSS_SECTIONS,
  crossSectionsFor,
  coresProblem,
  crossSectionProblem,
  constructionProblem,
  CROSS_SECTION_SERIES_MESSAGE,
  cableLine,
  // what a request names
  CABLE_CONCERNS,
  CABLE_CONCERN_CODES,
  PURCHASE_CHANNEL_CODES,
  FINDING_OUTCOMES,
  // files
  MAX_PHOTOS,
  PHOTO_EXTENSIONS,
  REPORT_EXTENSIONS,
  isFileIdWithExtension,
} from '../../../miniprogram/shared/cable-catalog';

describe('cable catalogue', () => {
  test('every type range lies on the standard series', () => {
    for (const type of CABLE_TYPE_CODES) {
      const sizes = crossSectionsFor(type);
      expect(sizes.length).toBeGreaterThan(0);
      expect(sizes[0]).toBe(CABLE_TYPES[type].crossSection[0]);
      expect(sizes[sizes.length - 1]).toBe(CABLE_TYPES[type].crossSection[1]);
      for (const s of sizes) expect(CROSS_SECTIONS).toContain(s);
    }
    expect(crossSectionsFor('RVB')).toEqual([0.5, 0.75, 1, 1.5, 2.5]);
    expect(CROSS_SECTION_SERIES_MESSAGE).toBe(`标称截面应为标准系列之一：${CROSS_SECTIONS.join('、')} mm²`);
  });

  test('construction limits: single-core building wire, two-core cords, power cables up to 5 cores', () => {
    expect(constructionProblem('BV', 1, 2.5)).toBeNull();
    expect(constructionProblem('BV', 2, 2.5)).toContain('1 芯');
    expect(constructionProblem('RVS', 2, 1.5)).toBeNull();
    expect(constructionProblem('RVS', 2, 4)).toContain('mm²');
    expect(constructionProblem('YJV', 5, 240)).toBeNull();
    expect(constructionProblem('YJV22', 1, 50)).not.toBeNull();
  });

  test('names the type, its construction and its range', () => {
    expect(coresProblem('BV', 2)).toBe('BV（铜芯聚氯乙烯绝缘电线（硬线））只有 1 芯');
    expect(coresProblem('YJV22', 1)).toBe('YJV22（铜芯交联聚乙烯绝缘钢带铠装聚氯乙烯护套电力电缆）只有 2–5 芯');
    expect(coresProblem('RVV', 5)).toBeNull();
    expect(crossSectionProblem('RVV', 240)).toBe('RVV 的标称截面为 0.5–35 mm²');
    expect(crossSectionProblem('RVV', 35)).toBeNull();
    // Cores are checked first: one problem at a time.
    expect(constructionProblem('BV', 2, 300)).toBe(coresProblem('BV', 2));
  });

  test('a cable in one line: type, size (cores only when more than one), brand', () => {
    expect(cableLine({ type: 'BV', cores: 1, crossSection: 2.5, brand: '粤星' })).toBe('BV 2.5mm² 粤星');
    expect(cableLine({ type: 'YJV', cores: 3, crossSection: 95, brand: '粤星' })).toBe('YJV 3×95mm² 粤星');
    expect(cableLine({ type: 'RVV', cores: 2, crossSection: 0.75 })).toBe('RVV 2×0.75mm²');
  });

  test('codes and labels of what a request names', () => {
    expect(CABLE_TYPE_CODES).toHaveLength(15);
    expect(CABLE_CONCERN_CODES).toEqual(Object.keys(CABLE_CONCERNS));
    expect(CABLE_CONCERNS.thin_conductor).toBe('导体偏细（截面“缩水”）');
    expect(PURCHASE_CHANNEL_CODES).toContain('online');
    expect(FINDING_OUTCOMES).toEqual({ pass: '符合', doubtful: '存疑', fail: '不符合' });
    expect(MAX_PHOTOS).toBe(9);
    expect(PHOTO_EXTENSIONS).toEqual(['jpg', 'jpeg', 'png', 'webp', 'heic']);
    expect(REPORT_EXTENSIONS).toEqual(['pdf', 'jpg', 'jpeg', 'png', 'webp']);
  });

  test.each([
    ['cloud://env.bucket/a/b.jpg', true],
    ['cloud://env.bucket/b.HEIC', true],
    ['cloud://env.bucket/b.gif', false],
    ['cloud://env.bucket/', false],
    ['cloud:///b.jpg', false],
    ['http://env.bucket/b.jpg', false],
    ['cloud://env.bucket/b c.jpg', false],
  ])('photo fileID %s → %s', (value, valid) => {
    expect(isFileIdWithExtension(value, PHOTO_EXTENSIONS)).toBe(valid);
  });
});
