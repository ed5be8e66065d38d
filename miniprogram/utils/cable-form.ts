/**
 * The quick-screen request form without the page: its fields, the as-you-type checks and the
 * submit payload. The checks copy cloudfunctions/src/contract/cable.ts (submitCableRequestInput),
 * which the mini-program cannot bundle (zod); tests/unit/miniprogram/cable-form.test.ts asserts on
 * random forms that these checks pass exactly when the server's schema does.
 */
import type { ActionInput, CableFormOptions } from '../../typings/api';
import { checkUscc, normalizeUsccInput } from './uscc-check';
import { formatDate } from './time';

export type RequesterType = CableFormOptions['requesterTypes'][number]['code'];
export type CableTypeOption = CableFormOptions['cableTypes'][number];
export type CableTypeCode = CableTypeOption['code'];
export type ConcernCode = CableFormOptions['concerns'][number]['code'];
export type PurchaseChannelCode = CableFormOptions['purchaseChannels'][number]['code'];
export type SampleDeliveryCode = CableFormOptions['sampleDelivery'][number]['code'];
export type SubmitInput = ActionInput<'cable', 'submit'>;

export interface CableFormFields {
  requesterType: RequesterType;
  organization: string;
  name: string;
  phone: string;
  city: string;
  type: CableTypeCode | '';
  crossSection: number | null;
  cores: number | null;
  brand: string;
  manufacturer: string;
  uscc: string;
  purchaseChannel: PurchaseChannelCode | '';
  purchaseChannelDetail: string;
  purchaseDate: string;
  /** As typed (metres). */
  length: string;
  concerns: ConcernCode[];
  description: string;
  /** '' = no preference (any product hospital may accept). */
  preferredHospitalId: string;
  sampleDelivery: SampleDeliveryCode;
  pickupAddress: string;
}

export type FieldName = keyof CableFormFields | 'photos';
export type FieldErrors = Partial<Record<FieldName, string>>;

export const EARLIEST_PURCHASE_DATE = '1980-01-01';
export const MAX_LENGTH_METRES = 100_000;

export function emptyForm(): CableFormFields {
  return {
    requesterType: 'consumer',
    organization: '',
    name: '',
    phone: '',
    city: '',
    type: '',
    crossSection: null,
    cores: null,
    brand: '',
    manufacturer: '',
    uscc: '',
    purchaseChannel: '',
    purchaseChannelDetail: '',
    purchaseDate: '',
    length: '',
    concerns: [],
    description: '',
    preferredHospitalId: '',
    sampleDelivery: 'drop-off',
    pickupAddress: '',
  };
}

/** Today in Asia/Shanghai (YYYY-MM-DD): the latest purchase date the form accepts. */
export function todayDate(nowMs = Date.now()): string {
  return formatDate(nowMs);
}

/** Cores a cable type is made with, e.g. [1, 2, 3, 4, 5]. */
export function coresFor(option: CableTypeOption | undefined): number[] {
  if (!option) return [];
  const values: number[] = [];
  for (let n = option.cores[0]; n <= option.cores[1]; n++) values.push(n);
  return values;
}

/**
 * After the type changes: keep the cross-section and cores when the new type is made that way,
 * otherwise clear them; a type made with one core count only gets it filled in.
 */
export function fitToType(
  fields: Pick<CableFormFields, 'crossSection' | 'cores'>,
  option: CableTypeOption | undefined,
): Pick<CableFormFields, 'crossSection' | 'cores'> {
  if (!option) return { crossSection: null, cores: null };
  const cores = coresFor(option);
  return {
    crossSection:
      fields.crossSection !== null && option.crossSections.includes(fields.crossSection) ? fields.crossSection : null,
    cores: cores.length === 1 ? cores[0] : fields.cores !== null && cores.includes(fields.cores) ? fields.cores : null,
  };
}

const NAME_PATTERN = /^[\u4e00-\u9fa5A-Za-z·.\s]+$/;
const PHONE_PATTERN = /^1[3-9]\d{9}$/;

function nameError(name: string): string {
  const value = name.trim();
  if (!value) return '请填写联系人姓名';
  if (value.length < 2) return '姓名至少 2 个字';
  if (value.length > 30) return '姓名不超过 30 个字';
  if (!NAME_PATTERN.test(value)) return '姓名只能包含汉字、字母和间隔号';
  return '';
}

function phoneError(phone: string): string {
  const value = phone.trim();
  if (!value) return '请填写联系手机号';
  if (/^\d+$/.test(value) && value.length < 11) return `请输入 11 位手机号（还差 ${11 - value.length} 位）`;
  return PHONE_PATTERN.test(value) ? '' : '请输入 11 位手机号';
}

function usccError(uscc: string): string {
  const result = checkUscc(uscc);
  switch (result.status) {
    case 'empty':
    case 'valid':
      return '';
    case 'partial':
      return `统一社会信用代码为 18 位，还需输入 ${result.remaining} 位（不清楚可不填）`;
    case 'invalid':
      return result.reason;
  }
}

/** Metres as a number, or NaN for anything that is not a plain number. */
export function parseLength(text: string): number {
  const value = text.trim();
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
}

function lengthError(text: string): string {
  if (!text.trim()) return '请填写长度（米）';
  const metres = parseLength(text);
  if (Number.isNaN(metres)) return '长度应为数字（米）';
  if (metres <= 0) return '长度必须大于 0 米';
  if (metres > MAX_LENGTH_METRES) return '长度不超过 100000 米';
  return '';
}

function dateError(date: string, today: string): string {
  if (!date) return '请选择购买日期';
  if (date > today) return '购买日期不能晚于今天';
  if (date < EARLIEST_PURCHASE_DATE) return '购买日期不能早于 1980 年';
  return '';
}

const tooLong = (value: string, max: number, label: string) =>
  value.trim().length > max ? `${label}不超过 ${max} 个字` : '';

/**
 * Every problem of the form, by field (an empty object when it can be sent). `options` are the
 * server's form options: the pickers only offer those values, but a stale form is checked again.
 */
export function validateForm(
  fields: CableFormFields,
  options: Pick<CableFormOptions, 'cities' | 'cableTypes' | 'maxPhotos'>,
  photoCount: number,
  today = todayDate(),
): FieldErrors {
  const errors: FieldErrors = {};
  const set = (field: FieldName, message: string) => {
    if (message) errors[field] = message;
  };
  // Consumers have no organisation field (and send none).
  if (fields.requesterType !== 'consumer') set('organization', tooLong(fields.organization, 100, '单位名称'));
  set('name', nameError(fields.name));
  set('phone', phoneError(fields.phone));
  set('city', options.cities.includes(fields.city) ? '' : '请选择所在城市');

  const type = options.cableTypes.find((t) => t.code === fields.type);
  set('type', type ? '' : '请选择电线电缆型号');
  if (fields.crossSection === null) set('crossSection', '请选择标称截面');
  else if (type && !type.crossSections.includes(fields.crossSection)) {
    set(
      'crossSection',
      `${type.code} 的标称截面为 ${type.crossSections[0]}–${type.crossSections[type.crossSections.length - 1]} mm²`,
    );
  }
  if (fields.cores === null) set('cores', '请选择芯数');
  else if (type && !coresFor(type).includes(fields.cores)) {
    const [min, max] = type.cores;
    set('cores', `${type.code}（${type.label}）只有 ${min === max ? `${min} 芯` : `${min}–${max} 芯`}`);
  }

  const brand = fields.brand.trim();
  set('brand', brand ? tooLong(brand, 40, '品牌') : '请填写品牌（无品牌可填“无”）');
  const maker = fields.manufacturer.trim();
  set(
    'manufacturer',
    maker.length < 2 ? '生产厂家至少 2 个字（见线盘标签或合格证上的厂名）' : tooLong(maker, 100, '生产厂家'),
  );
  set('uscc', usccError(fields.uscc));
  set('purchaseChannel', fields.purchaseChannel ? '' : '请选择购买渠道');
  set('purchaseChannelDetail', tooLong(fields.purchaseChannelDetail, 100, '购买渠道说明'));
  set('purchaseDate', dateError(fields.purchaseDate, today));
  set('length', lengthError(fields.length));
  set('concerns', fields.concerns.length ? '' : '请至少选择一项疑似问题');
  set('description', tooLong(fields.description, 500, '问题描述'));
  set('photos', photoCount > options.maxPhotos ? `最多上传 ${options.maxPhotos} 张照片` : '');
  if (fields.sampleDelivery === 'pickup') {
    const address = fields.pickupAddress.trim();
    set(
      'pickupAddress',
      address.length < 5 ? '选择上门取样时请填写取样地址（至少 5 个字）' : tooLong(address, 120, '取样地址'),
    );
  }
  return errors;
}

/** The submit payload of a form that passed validateForm (trimmed, normalised, numbers parsed). */
export function buildSubmitInput(fields: CableFormFields, photos: string[], clientRequestId: string): SubmitInput {
  const pickup = fields.sampleDelivery === 'pickup';
  return {
    requesterType: fields.requesterType,
    organization: fields.requesterType === 'consumer' ? '' : fields.organization.trim(),
    contact: { name: fields.name.trim(), phone: fields.phone.trim() },
    city: fields.city,
    cable: {
      type: fields.type as CableTypeCode,
      crossSection: fields.crossSection as number,
      cores: fields.cores as number,
      brand: fields.brand.trim(),
      manufacturer: fields.manufacturer.trim(),
      manufacturerUscc: normalizeUsccInput(fields.uscc),
      purchaseChannel: fields.purchaseChannel as PurchaseChannelCode,
      purchaseChannelDetail: fields.purchaseChannelDetail.trim(),
      purchaseDate: fields.purchaseDate,
      length: parseLength(fields.length),
    },
    concerns: [...fields.concerns],
    description: fields.description.trim(),
    photos: [...photos],
    preferredHospitalId: fields.preferredHospitalId || null,
    sampleDelivery: fields.sampleDelivery,
    pickupAddress: pickup ? fields.pickupAddress.trim() : '',
    clientRequestId,
  };
}
