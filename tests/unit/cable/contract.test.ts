import {
  cableStatsInput,
  submitCableRequestInput,
  updateScreeningInput,
} from '../../../cloudfunctions/src/contract/cable';
import {
  CABLE_TYPE_CODES,
  CABLE_TYPES,
  constructionProblem,
  CROSS_SECTIONS,
  crossSectionsFor,
  isFileIdWithExtension,
} from '../../../cloudfunctions/src/core/cable/catalog';
import { BAD_INPUTS, validRequest } from '../../integration/cable/fixtures';

const paths = (input: unknown) => {
  const parsed = submitCableRequestInput.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('submit input', () => {
  test('a complete request parses; city and USCC are normalised, defaults filled', () => {
    const parsed = submitCableRequestInput.parse(
      validRequest({
        city: '佛山',
        cable: { ...(validRequest().cable as object), manufacturerUscc: '91440300 192317458f' },
      }),
    );
    expect(parsed.city).toBe('佛山市');
    expect(parsed.cable.manufacturerUscc).toBe('91440300192317458F');
    expect(parsed).toMatchObject({ description: '', organization: '', pickupAddress: '' });
  });

  test('an empty USCC means "not given"', () => {
    const parsed = submitCableRequestInput.parse(
      validRequest({ cable: { ...(validRequest().cable as object), manufacturerUscc: '' } }),
    );
    expect(parsed.cable.manufacturerUscc).toBeUndefined();
  });

  test('nine photos of every accepted image type are fine', () => {
    const exts = ['jpg', 'jpeg', 'png', 'webp', 'heic', 'JPG', 'PNG', 'jpg', 'png'];
    const photos = exts.map((ext, i) => `cloud://env.bucket/cable/p${i}.${ext}`);
    expect(paths(validRequest({ photos }))).toEqual([]);
  });

  test('pickup with an address parses', () => {
    expect(paths(validRequest({ sampleDelivery: 'pickup', pickupAddress: '广州市天河区某路 1 号' }))).toEqual([]);
  });

  test.each(BAD_INPUTS)('rejects $name (at $path)', ({ make, path }) => {
    expect(paths(make(validRequest()))).toContain(path);
  });

  test('error messages are Chinese and say what is expected', () => {
    const parsed = submitCableRequestInput.safeParse(
      validRequest({ cable: { ...(validRequest().cable as object), crossSection: 3 } }),
    );
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].message).toContain('标准系列');
  });
});

describe('cable catalogue', () => {
  test('every type range lies on the standard series', () => {
    for (const type of CABLE_TYPE_CODES) {
      const sizes = crossSectionsFor(type);
      expect(sizes.length).toBeGreaterThan(0);
      expect(sizes[0]).toBe(CABLE_TYPES[type].crossSection[0]);
      expect(sizes[sizes.length - 1]).toBe(CABLE_TYPES[type].crossSection[1]);
      for (const s of sizes) expect(CROSS_SECTIONS).toContain(s);
    }
  });

  test('construction limits: single-core building wire, two-core cords, power cables up to 5 cores', () => {
    expect(constructionProblem('BV', 1, 2.5)).toBeNull();
    expect(constructionProblem('BV', 2, 2.5)).toContain('1 芯');
    expect(constructionProblem('RVS', 2, 1.5)).toBeNull();
    expect(constructionProblem('RVS', 2, 4)).toContain('mm²');
    expect(constructionProblem('YJV', 5, 240)).toBeNull();
    expect(constructionProblem('YJV22', 1, 50)).not.toBeNull();
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
    expect(isFileIdWithExtension(value, ['jpg', 'jpeg', 'png', 'webp', 'heic'])).toBe(valid);
  });
});

describe('staff and admin inputs', () => {
  test('updateScreening: status enum, findings shape, report file type', () => {
    expect(updateScreeningInput.safeParse({ requestId: 'r1', to: 'accepted' }).success).toBe(true);
    expect(updateScreeningInput.safeParse({ requestId: 'r1', to: 'done' }).success).toBe(false);
    expect(
      updateScreeningInput.safeParse({ requestId: 'r1', to: 'completed', reportFileID: 'cloud://e.b/r.docx' }).success,
    ).toBe(false);
    expect(
      updateScreeningInput.safeParse({
        requestId: 'r1',
        to: 'completed',
        findings: [{ item: 'marking', outcome: 'bad' }],
      }).success,
    ).toBe(false);
    expect(updateScreeningInput.safeParse({ requestId: 'r1', to: 'completed', verdict: 'ok' }).success).toBe(false);
  });

  test('cableStats: real dates, from ≤ to', () => {
    expect(cableStatsInput.safeParse({ from: '2026-07-01', to: '2026-07-31' }).success).toBe(true);
    expect(cableStatsInput.safeParse({ from: '2026-07-31', to: '2026-07-01' }).success).toBe(false);
    expect(cableStatsInput.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
  });
});
