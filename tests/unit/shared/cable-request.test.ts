/**
 * The quick-screen request form's field rules (miniprogram/shared/cable-request.ts): the limits, the
 * purchase-date and length rules, and the sentences both the server's schema and the form show.
 */
import { submitCableRequestInput } from '../../../cloudfunctions/src/contract/cable';
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { GUANGDONG_CITY_NAMES } from '../../../miniprogram/shared/cities';
import {
  lengthProblem,
  purchaseDateProblem,
  REQUEST_MESSAGES,
  REQUEST_TEXT,
  textProblem,
} from '../../../miniprogram/shared/cable-request';
import { emptyForm, validateForm, type CableFormFields } from '../../../miniprogram/utils/cable-form';
import { validRequest } from '../../integration/cable/fixtures';

const DAY = 24 * 3600_000;

/** What the server says about one field of an otherwise valid request ('' when it takes it). */
function serverSays(path: string, patch: (request: Record<string, unknown>) => Record<string, unknown>): string {
  const parsed = submitCableRequestInput.safeParse(patch(validRequest()));
  if (parsed.success) return '';
  return parsed.error.issues.filter((i) => i.path.join('.') === path).map((i) => i.message)[0] ?? '';
}
const cable = (fields: Record<string, unknown>) => (r: Record<string, unknown>) => ({
  ...r,
  cable: { ...(r.cable as object), ...fields },
});
const top = (fields: Record<string, unknown>) => (r: Record<string, unknown>) => ({ ...r, ...fields });

/** What the form says about one field. */
function formSays(field: keyof CableFormFields, fields: Partial<CableFormFields>): string {
  const options = { cities: [...GUANGDONG_CITY_NAMES], cableTypes: [], maxPhotos: 9 };
  return validateForm({ ...emptyForm(), ...fields }, options, 0)[field] ?? '';
}

describe('purchase date', () => {
  const today = '2026-07-01';
  test.each([
    ['2026-07-01', ''],
    ['1980-01-01', ''],
    ['2026-07-02', '购买日期不能晚于今天'],
    ['1979-12-31', '购买日期不能早于 1980 年'],
  ])('%s → %p', (date, problem) => expect(purchaseDateProblem(date, today)).toBe(problem));

  test('the server checks against today in Asia/Shanghai, with the same words', () => {
    const tomorrow = calendarDate(Date.now() + DAY);
    expect(serverSays('cable.purchaseDate', cable({ purchaseDate: tomorrow }))).toBe('购买日期不能晚于今天');
    expect(serverSays('cable.purchaseDate', cable({ purchaseDate: '1979-12-31' }))).toBe('购买日期不能早于 1980 年');
    expect(serverSays('cable.purchaseDate', cable({ purchaseDate: calendarDate(Date.now()) }))).toBe('');
    expect(formSays('purchaseDate', { purchaseDate: tomorrow })).toBe('购买日期不能晚于今天');
  });
});

describe('length in metres', () => {
  test.each([
    [100, ''],
    [0.5, ''],
    [100_000, ''],
    [0, '长度必须大于 0 米'],
    [-5, '长度必须大于 0 米'],
    [100_000.01, '长度不超过 100000 米'],
  ])('%p → %p, on both sides', (metres, problem) => {
    expect(lengthProblem(metres)).toBe(problem);
    expect(serverSays('cable.length', cable({ length: metres }))).toBe(problem);
    if (metres >= 0) expect(formSays('length', { length: String(metres) })).toBe(problem);
  });

  test('a length that is not a number', () => {
    expect(serverSays('cable.length', cable({ length: '100' }))).toBe(REQUEST_MESSAGES.lengthNotNumber);
    expect(formSays('length', { length: '1e3' })).toBe('长度应为数字（米）');
  });
});

describe('text fields: limits and the words for them', () => {
  const long = (n: number) => '字'.repeat(n);
  const T = REQUEST_TEXT;

  test('each rule measures the trimmed text', () => {
    expect(textProblem(T.brand, ' ')).toBe('请填写品牌（无品牌可填“无”）');
    expect(textProblem(T.brand, ` ${long(40)} `)).toBe('');
    expect(textProblem(T.brand, long(41))).toBe('品牌不超过 40 个字');
    expect(textProblem(T.organization, '')).toBe('');
    expect(textProblem(T.pickupAddress, ' 广州 ')).toBe('选择上门取样时请填写取样地址（至少 5 个字）');
    expect(textProblem(T.cancelReason, long(201))).toBe('撤销原因不超过 200 字');
  });

  test.each([
    ['organization', top({ organization: long(101) }), '单位名称不超过 100 个字'],
    ['cable.brand', cable({ brand: ' ' }), '请填写品牌（无品牌可填“无”）'],
    ['cable.brand', cable({ brand: long(41) }), '品牌不超过 40 个字'],
    ['cable.manufacturer', cable({ manufacturer: '厂' }), '生产厂家至少 2 个字（见线盘标签或合格证上的厂名）'],
    ['cable.manufacturer', cable({ manufacturer: long(101) }), '生产厂家不超过 100 个字'],
    ['cable.purchaseChannelDetail', cable({ purchaseChannelDetail: long(101) }), '购买渠道说明不超过 100 个字'],
    ['description', top({ description: long(501) }), '问题描述不超过 500 字'],
    ['concerns', top({ concerns: [] }), '请至少选择一项疑似问题'],
    [
      'pickupAddress',
      top({ sampleDelivery: 'pickup', pickupAddress: '广州' }),
      '选择上门取样时请填写取样地址（至少 5 个字）',
    ],
    ['pickupAddress', top({ sampleDelivery: 'pickup', pickupAddress: long(121) }), '取样地址不超过 120 个字'],
  ])('the server: %s', (path, patch, message) => {
    expect(serverSays(path, patch)).toBe(message);
  });

  test('at the limit the server takes the value; a pickup address only matters for a pickup', () => {
    expect(serverSays('organization', top({ organization: long(100) }))).toBe('');
    expect(serverSays('cable.brand', cable({ brand: long(40) }))).toBe('');
    expect(serverSays('pickupAddress', top({ sampleDelivery: 'pickup', pickupAddress: long(5) }))).toBe('');
    expect(serverSays('pickupAddress', top({ sampleDelivery: 'drop-off', pickupAddress: '' }))).toBe('');
  });

  test('the form shows the same words', () => {
    expect(formSays('organization', { requesterType: 'enterprise', organization: long(101) })).toBe(
      '单位名称不超过 100 个字',
    );
    expect(formSays('brand', { brand: ' ' })).toBe('请填写品牌（无品牌可填“无”）');
    expect(formSays('manufacturer', { manufacturer: '厂' })).toBe('生产厂家至少 2 个字（见线盘标签或合格证上的厂名）');
    expect(formSays('description', { description: long(501) })).toBe('问题描述不超过 500 字');
    expect(formSays('concerns', { concerns: [] })).toBe('请至少选择一项疑似问题');
    expect(formSays('pickupAddress', { sampleDelivery: 'pickup', pickupAddress: long(121) })).toBe(
      '取样地址不超过 120 个字',
    );
    expect(formSays('pickupAddress', { sampleDelivery: 'drop-off', pickupAddress: '' })).toBe('');
    expect(REQUEST_MESSAGES.photosTooMany).toBe('最多上传 9 张照片');
  });
});
