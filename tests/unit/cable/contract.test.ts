import {
  cableStatsInput,
  submitCableRequestInput,
  updateScreeningInput,
} from '../../../cloudfunctions/src/contract/cable';
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
