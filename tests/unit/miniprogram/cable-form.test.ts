/**
 * The quick-screen pages check input with their own copies of the server's rules (the mini-program
 * bundles no zod). These properties keep the copies equal: on random forms the request form passes
 * exactly when submitCableRequestInput does, the completion form exactly when checkTransition does,
 * and the labels the pages show before any data arrives are the server's.
 */
import fc from 'fast-check';
import { submitCableRequestInput, updateScreeningInput } from '../../../cloudfunctions/src/contract/cable';
import {
  CABLE_CONCERNS,
  CABLE_CONCERN_CODES,
  CABLE_TYPE_CODES,
  CABLE_TYPES,
  CROSS_SECTIONS,
  crossSectionsFor,
  FINDING_OUTCOMES,
  MAX_PHOTOS,
  PHOTO_EXTENSIONS,
  PURCHASE_CHANNEL_CODES,
  REPORT_EXTENSIONS,
} from '../../../cloudfunctions/src/core/cable/catalog';
import {
  CABLE_STATUS_LABELS,
  CABLE_STATUSES,
  checkTransition,
  OPEN_STATUSES as SERVER_OPEN,
  VERDICT_CODES,
  VERDICTS,
} from '../../../cloudfunctions/src/core/cable/workflow';
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { GUANGDONG_CITIES, makeUscc } from '../../../cloudfunctions/src/core/uscc';
import {
  buildSubmitInput,
  coresFor,
  emptyForm,
  fitToType,
  todayDate,
  validateForm,
  type CableFormFields,
  type CableTypeOption,
} from '../../../miniprogram/utils/cable-form';
import {
  completionProblem,
  CONCERN_LABELS,
  OPEN_STATUSES,
  OUTCOME_LABELS,
  PHOTO_EXTENSIONS as CLIENT_PHOTO_EXTENSIONS,
  randomId,
  REPORT_EXTENSIONS as CLIENT_REPORT_EXTENSIONS,
  STATUS_LABELS,
  timeline,
  VERDICT_LABELS,
  type FindingDraft,
} from '../../../miniprogram/utils/cable';

const DAY = 24 * 3600_000;

const options = {
  cities: GUANGDONG_CITIES.map((c) => c.name),
  cableTypes: CABLE_TYPE_CODES.map((code): CableTypeOption => ({
    code,
    label: CABLE_TYPES[code].label,
    family: CABLE_TYPES[code].family,
    cores: [CABLE_TYPES[code].cores[0], CABLE_TYPES[code].cores[1]],
    crossSections: crossSectionsFor(code),
  })),
  maxPhotos: MAX_PHOTOS,
};

const text = (chars: string, maxLength: number) => fc.string({ unit: fc.constantFrom(...chars), maxLength });
const HAN = '林晓雯王明欧阳娜';
const validUscc = fc
  .array(fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), { minLength: 17, maxLength: 17 })
  .map((cs) => makeUscc(cs.join('')));

/** Usually a value the server takes, sometimes one at the edge of a rule: every form mixes both. */
const mostly = <T>(valid: fc.Arbitrary<T>, edge: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: edge, weight: 1 });

/** A type with a size it is made in, or (rarely) any combination the pickers could be left with. */
type Construction = Pick<CableFormFields, 'type' | 'crossSection' | 'cores'>;
const construction = mostly<Construction>(
  fc.constantFrom(...options.cableTypes).chain((t) =>
    fc.record({
      type: fc.constant(t.code),
      crossSection: fc.constantFrom(...t.crossSections),
      cores: fc.constantFrom(...coresFor(t)),
    }),
  ),
  fc.record({
    type: fc.oneof(fc.constantFrom(...CABLE_TYPE_CODES), fc.constant('' as const)),
    crossSection: fc.oneof(fc.constantFrom(...CROSS_SECTIONS), fc.constant(null)),
    cores: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(null)),
  }),
);

/** Forms as a user could leave them: mostly plausible, now and then wrong at the edges the rules care about. */
const form: fc.Arbitrary<CableFormFields> = fc
  .record({
    requesterType: fc.constantFrom('consumer', 'enterprise', 'contractor'),
    organization: mostly(text('粤建工程有限公司 ', 30), fc.constant('企'.repeat(101))),
    name: mostly(
      fc.constantFrom('林晓雯', ' 王明 ', '欧阳娜娜', 'Lin Xiaowen', '阿依·买买提'),
      fc.oneof(text(`${HAN}·. `, 3), text(`${HAN}a1`, 4), fc.constant('林'.repeat(31))),
    ),
    phone: mostly(
      fc.constantFrom('13800138000', ' 13912345678 ', '19900001111'),
      fc.oneof(text('0123456789', 12), fc.constantFrom('12800138000', '1380013800a', '')),
    ),
    city: mostly(fc.constantFrom(...GUANGDONG_CITIES.map((c) => c.name)), fc.constant('')),
    brand: mostly(fc.constantFrom('粤星', '无', ' 南洋 '), fc.oneof(text(' ', 2), fc.constant('品'.repeat(41)))),
    manufacturer: mostly(
      fc.constantFrom('东莞市粤星电线电缆有限公司', ' 某厂 '),
      fc.oneof(text('厂 ', 2), fc.constant('厂'.repeat(101))),
    ),
    uscc: mostly(
      fc.oneof(
        fc.constant(''),
        validUscc,
        validUscc.map((u) => ` ${u.slice(0, 9).toLowerCase()} ${u.slice(9)}`),
      ),
      fc.oneof(
        validUscc.map((u) => u.slice(0, 12)),
        validUscc.map((u) => u.slice(0, 17) + (u[17] === '0' ? '1' : '0')),
        text('0123456789AIOZ', 18),
      ),
    ),
    purchaseChannel: mostly(fc.constantFrom(...PURCHASE_CHANNEL_CODES), fc.constant('' as const)),
    purchaseChannelDetail: mostly(text('某某五金店 ', 10), fc.constant('店'.repeat(101))),
    purchaseDate: mostly(
      fc.integer({ min: 0, max: 15000 }).map((days) => calendarDate(Date.now() - days * DAY)),
      fc.oneof(
        fc.integer({ min: -3, max: -1 }).map((days) => calendarDate(Date.now() - days * DAY)),
        fc.constantFrom('1979-12-31', '1980-01-01', ''),
      ),
    ),
    length: mostly(
      fc.oneof(fc.integer({ min: 1, max: 100_000 }).map(String), fc.constantFrom('12.5', ' 50 ', '100000')),
      fc.oneof(
        fc.double({ min: -10, max: 200_000, noNaN: true }).map((n) => String(Math.round(n * 100) / 100)),
        fc.constantFrom('', '0', '1e3', 'abc', '100000.01', '-5', '0.00'),
      ),
    ),
    concerns: mostly(
      fc.uniqueArray(fc.constantFrom(...CABLE_CONCERN_CODES), { minLength: 1, maxLength: 4 }),
      fc.constant<CableFormFields['concerns']>([]),
    ),
    description: mostly(text('线芯偏细 ', 20), fc.constant('述'.repeat(501))),
    preferredHospitalId: fc.constantFrom('', 'gd-cable'),
    sampleDelivery: fc.constantFrom('drop-off', 'pickup'),
    pickupAddress: mostly(
      fc.constantFrom('广州市天河区体育西路 1 号', ' 佛山市顺德区 '),
      fc.oneof(text('广州 ', 6), fc.constant('址'.repeat(121))),
    ),
    construction,
  })
  .map(({ construction: c, ...rest }) => ({ ...rest, ...c }) as CableFormFields);

const photos = mostly(
  fc.uniqueArray(fc.nat(10_000), { maxLength: 9 }),
  fc.uniqueArray(fc.nat(10_000), { minLength: 10, maxLength: 11 }),
).map((ns) => ns.map((n) => `cloud://local.local-1300000000/cable-photos/${n}.jpg`));

describe('cable request form agrees with the server', () => {
  it('passes exactly the forms submitCableRequestInput accepts', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(form, photos, (fields, fileIDs) => {
        const clientOk = Object.keys(validateForm(fields, options, fileIDs.length)).length === 0;
        const input = buildSubmitInput(fields, fileIDs, randomId('t'));
        const server = submitCableRequestInput.safeParse(input);
        if (clientOk) accepted++;
        else refused++;
        expect({ clientOk, issues: server.success ? [] : server.error.issues.map((i) => i.message) }).toEqual({
          clientOk: server.success,
          issues: expect.any(Array),
        });
      }),
      { numRuns: 3000 },
    );
    // The generator must reach both sides, or the property proves nothing.
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });

  it('accepts a complete form and sends trimmed, normalised values', () => {
    const uscc = makeUscc({ division: '441900', orgCode: '61803725' });
    const fields: CableFormFields = {
      ...emptyForm(),
      requesterType: 'contractor',
      organization: ' 粤建装饰 ',
      name: ' 林晓雯 ',
      phone: '13800138000',
      city: '广州市',
      type: 'BVV',
      crossSection: 2.5,
      cores: 3,
      brand: ' 粤星 ',
      manufacturer: '东莞市粤星电线电缆有限公司',
      uscc: ` ${uscc.toLowerCase()} `,
      purchaseChannel: 'online',
      purchaseDate: todayDate(),
      length: '100',
      concerns: ['thin_conductor'],
      sampleDelivery: 'pickup',
      pickupAddress: ' 广州市天河区体育西路 1 号 ',
    };
    expect(validateForm(fields, options, 1)).toEqual({});
    const input = buildSubmitInput(fields, ['cloud://e.b/cable-photos/a.jpg'], 'client-0001');
    expect(input).toMatchObject({
      organization: '粤建装饰',
      contact: { name: '林晓雯', phone: '13800138000' },
      cable: { brand: '粤星', manufacturerUscc: uscc, length: 100, cores: 3 },
      pickupAddress: '广州市天河区体育西路 1 号',
      preferredHospitalId: null,
    });
    expect(submitCableRequestInput.safeParse(input).success).toBe(true);
  });

  it('offers only the cross-sections and cores each type is made in', () => {
    for (const option of options.cableTypes) {
      const spec = CABLE_TYPES[option.code];
      expect(coresFor(option)).toEqual(
        Array.from({ length: spec.cores[1] - spec.cores[0] + 1 }, (_, i) => spec.cores[0] + i),
      );
      // Every offered combination is one the server accepts.
      for (const crossSection of option.crossSections)
        for (const cores of coresFor(option)) {
          const fields = { ...emptyForm(), type: option.code, crossSection, cores };
          const errors = validateForm(fields, options, 0);
          expect([errors.type, errors.crossSection, errors.cores]).toEqual([undefined, undefined, undefined]);
        }
    }
  });

  it('keeps the size when the new type is made that way, fills a single core count, clears the rest', () => {
    const byCode = (code: string) => options.cableTypes.find((t) => t.code === code);
    expect(fitToType({ crossSection: 2.5, cores: 3 }, byCode('BV'))).toEqual({ crossSection: 2.5, cores: 1 });
    expect(fitToType({ crossSection: 240, cores: 3 }, byCode('RVV'))).toEqual({ crossSection: null, cores: 3 });
    expect(fitToType({ crossSection: 95, cores: 1 }, byCode('YJV22'))).toEqual({ crossSection: 95, cores: null });
    expect(fitToType({ crossSection: 95, cores: 1 }, undefined)).toEqual({ crossSection: null, cores: null });
  });

  it('rejects a purchase date after today (Asia/Shanghai)', () => {
    const tomorrow = calendarDate(Date.now() + DAY);
    expect(validateForm({ ...emptyForm(), purchaseDate: tomorrow }, options, 0).purchaseDate).toBe(
      '购买日期不能晚于今天',
    );
    expect(todayDate()).toBe(calendarDate(new Date()));
  });
});

describe('completion form agrees with the workflow', () => {
  const finding: fc.Arbitrary<FindingDraft> = fc.record({
    item: fc.constantFrom(...CABLE_CONCERN_CODES),
    outcome: fc.constantFrom('pass', 'doubtful', 'fail', ''),
    detail: fc.oneof(text('偏细 ', 6), fc.constant('说'.repeat(201))),
  });
  const REPORT = 'cloud://local.local-1300000000/cable-reports/r.pdf';

  it('passes exactly the results updateScreening accepts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VERDICT_CODES, '' as const),
        fc.uniqueArray(finding, { selector: (f) => f.item, maxLength: 6 }),
        fc.constantFrom(REPORT, ''),
        (verdict, findings, reportFileID) => {
          const sent = findings
            .filter((f) => f.outcome !== '')
            .map((f) => ({ item: f.item, outcome: f.outcome, detail: f.detail.trim() }));
          const parsed = updateScreeningInput.safeParse({
            requestId: 'r1',
            to: 'completed',
            verdict: verdict || undefined,
            findings: sent,
            reportFileID: reportFileID || undefined,
          });
          const serverOk =
            parsed.success &&
            checkTransition('screening', { ...parsed.data, findings: parsed.data.findings }, 'staff').ok;
          expect(completionProblem(verdict, findings, reportFileID) === '').toBe(serverOk);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('names the same problems the server does', () => {
    const fail = { item: 'thin_conductor' as const, outcome: 'fail' as const, detail: '' };
    expect(completionProblem('conforming', [fail], REPORT)).toBe(
      (
        checkTransition(
          'screening',
          { to: 'completed', verdict: 'conforming', findings: [fail], reportFileID: REPORT },
          'staff',
        ) as { message: string }
      ).message,
    );
    expect(completionProblem('non_conforming', [], REPORT)).toBe('结论为“不合格”时，请至少列出一个“不符合”的检查项目');
  });
});

describe('labels and lists copied from the server', () => {
  it('match the catalog and workflow', () => {
    expect(STATUS_LABELS).toEqual(CABLE_STATUS_LABELS);
    expect(Object.keys(STATUS_LABELS)).toEqual([...CABLE_STATUSES]);
    expect(VERDICT_LABELS).toEqual(VERDICTS);
    expect(CONCERN_LABELS).toEqual(CABLE_CONCERNS);
    expect(OUTCOME_LABELS).toEqual(FINDING_OUTCOMES);
    expect([...OPEN_STATUSES]).toEqual([...SERVER_OPEN]);
    expect(CLIENT_PHOTO_EXTENSIONS).toEqual([...PHOTO_EXTENSIONS]);
    expect(CLIENT_REPORT_EXTENSIONS).toEqual([...REPORT_EXTENSIONS]);
  });

  it('makes client request ids the server accepts, different each time', () => {
    const ids = Array.from({ length: 200 }, () => randomId('c'));
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows the history, then the steps still ahead while a request is open', () => {
    const at = '2026-07-01T01:00:00.000Z';
    const steps = timeline(
      {
        status: 'accepted',
        history: [
          { from: null, to: 'submitted', toLabel: '已提交', at, by: 'requester', hospitalName: null, note: '' },
          {
            from: 'submitted',
            to: 'accepted',
            toLabel: '已受理',
            at,
            by: 'staff',
            hospitalName: '电缆医院',
            note: '请送样',
          },
        ],
      },
      '申请人',
    );
    expect(steps.map((s) => [s.label, s.kind, s.by])).toEqual([
      ['已提交', 'done', '申请人'],
      ['已受理', 'current', '电缆医院'],
      ['已收样', 'pending', ''],
      ['筛查中', 'pending', ''],
      ['已完成', 'pending', ''],
    ]);
    expect(steps[0].at).toBe('2026-07-01 09:00');
  });
});
