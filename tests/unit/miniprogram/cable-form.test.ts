/**
 * The quick-screen form helpers of the pages: what the pickers offer, what the form sends, and the
 * staff timeline. The rules they check with live in miniprogram/shared (tests/unit/shared/).
 */
import { submitCableRequestInput } from '../../../cloudfunctions/src/contract/cable';
import { CABLE_TYPE_CODES, CABLE_TYPES, crossSectionsFor, MAX_PHOTOS } from '../../../miniprogram/shared/cable-catalog';
import { GUANGDONG_CITY_NAMES } from '../../../miniprogram/shared/cities';
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { makeUscc } from '../../../cloudfunctions/src/core/uscc';
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
import { randomId, timeline } from '../../../miniprogram/utils/cable';

const DAY = 24 * 3600_000;

const options = {
  cities: [...GUANGDONG_CITY_NAMES],
  cableTypes: CABLE_TYPE_CODES.map((code): CableTypeOption => ({
    code,
    label: CABLE_TYPES[code].label,
    family: CABLE_TYPES[code].family,
    cores: [CABLE_TYPES[code].cores[0], CABLE_TYPES[code].cores[1]],
    crossSections: crossSectionsFor(code),
  })),
  maxPhotos: MAX_PHOTOS,
};

describe('cable request form', () => {
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

describe('request ids and the timeline', () => {
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
