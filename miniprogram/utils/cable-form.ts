/**
 * The quick-screen request form without the page: its fields, the as-you-type checks and the
 * submit payload. The checks are the rules the server's schema (submitCableRequestInput) is built
 * from, in shared/ (cable-request.ts, cable-catalog.ts, contact.ts, uscc.ts); what the pickers offer
 * comes from the server's formOptions. The manufacturer, the purchase date and the length may be answered
 * 不清楚 (sent as null).
 */
import type { ActionInput, CableFormOptions } from '../../typings/api';
import { coresProblem, CROSS_SECTION_SERIES_MESSAGE, crossSectionProblem } from '../shared/cable-catalog';
import {
  lengthProblem,
  purchaseDateProblem,
  REQUEST_MESSAGES,
  REQUEST_TEXT,
  textProblem,
} from '../shared/cable-request';
import { CONTACT_MESSAGES, isMobile, normalizeMobile, personNameProblem } from '../shared/contact';
import { checkUscc, normalizeUscc } from '../shared/uscc';
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
  /** 不清楚 chosen: the typed value is kept (for a change of mind) but not checked or sent. */
  manufacturerUnknown: boolean;
  uscc: string;
  purchaseChannel: PurchaseChannelCode | '';
  purchaseChannelDetail: string;
  purchaseDate: string;
  purchaseDateUnknown: boolean;
  /** As typed (metres). */
  length: string;
  lengthUnknown: boolean;
  concerns: ConcernCode[];
  description: string;
  /** '' = no preference (any product hospital may accept). */
  preferredHospitalId: string;
  sampleDelivery: SampleDeliveryCode;
  pickupAddress: string;
}

export type FieldName = keyof CableFormFields | 'photos';
export type FieldErrors = Partial<Record<FieldName, string>>;

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
    manufacturerUnknown: false,
    uscc: '',
    purchaseChannel: '',
    purchaseChannelDetail: '',
    purchaseDate: '',
    purchaseDateUnknown: false,
    length: '',
    lengthUnknown: false,
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

function phoneError(phone: string): string {
  // As people write it: spaces, dashes and +86 are fine (shared/contact normalizeMobile).
  const value = normalizeMobile(phone);
  if (!value) return '请填写联系手机号';
  if (/^\d+$/.test(value) && value.length < 11) return `${CONTACT_MESSAGES.mobile}（还差 ${11 - value.length} 位）`;
  return isMobile(value) ? '' : CONTACT_MESSAGES.mobile;
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
  if (!text.trim()) return REQUEST_MESSAGES.lengthMissing;
  const metres = parseLength(text);
  return Number.isNaN(metres) ? REQUEST_MESSAGES.lengthNotNumber : lengthProblem(metres);
}

function dateError(date: string, today: string): string {
  return date ? purchaseDateProblem(date, today) : REQUEST_MESSAGES.purchaseDateMissing;
}

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
  if (fields.requesterType !== 'consumer') {
    set('organization', textProblem(REQUEST_TEXT.organization, fields.organization));
  }
  set('name', personNameProblem(fields.name));
  set('phone', phoneError(fields.phone));
  set('city', options.cities.includes(fields.city) ? '' : '请选择所在城市');

  const type = options.cableTypes.find((t) => t.code === fields.type);
  set('type', type ? '' : '请选择电线电缆型号');
  // The pickers offer only the sizes a type is made in; a form left from another type is checked again.
  if (fields.crossSection === null) set('crossSection', '请选择标称截面');
  else if (type && !type.crossSections.includes(fields.crossSection)) {
    set('crossSection', crossSectionProblem(type.code, fields.crossSection) ?? CROSS_SECTION_SERIES_MESSAGE);
  }
  if (fields.cores === null) set('cores', '请选择芯数');
  else if (type) set('cores', coresProblem(type.code, fields.cores) ?? '');

  set('brand', textProblem(REQUEST_TEXT.brand, fields.brand));
  if (!fields.manufacturerUnknown) {
    set(
      'manufacturer',
      fields.manufacturer.trim()
        ? textProblem(REQUEST_TEXT.manufacturer, fields.manufacturer)
        : REQUEST_MESSAGES.manufacturerMissing,
    );
  }
  set('uscc', usccError(fields.uscc));
  set('purchaseChannel', fields.purchaseChannel ? '' : '请选择购买渠道');
  set('purchaseChannelDetail', textProblem(REQUEST_TEXT.purchaseChannelDetail, fields.purchaseChannelDetail));
  if (!fields.purchaseDateUnknown) set('purchaseDate', dateError(fields.purchaseDate, today));
  if (!fields.lengthUnknown) set('length', lengthError(fields.length));
  set('concerns', fields.concerns.length ? '' : REQUEST_MESSAGES.concernsMissing);
  set('description', textProblem(REQUEST_TEXT.description, fields.description));
  set('photos', photoCount > options.maxPhotos ? `最多上传 ${options.maxPhotos} 张照片` : '');
  if (fields.sampleDelivery === 'pickup')
    set('pickupAddress', textProblem(REQUEST_TEXT.pickupAddress, fields.pickupAddress));
  return errors;
}

/** The submit payload of a form that passed validateForm (trimmed, normalised, numbers parsed). */
export function buildSubmitInput(fields: CableFormFields, photos: string[], clientRequestId: string): SubmitInput {
  const pickup = fields.sampleDelivery === 'pickup';
  return {
    requesterType: fields.requesterType,
    organization: fields.requesterType === 'consumer' ? '' : fields.organization.trim(),
    contact: { name: fields.name.trim(), phone: normalizeMobile(fields.phone) },
    city: fields.city,
    cable: {
      type: fields.type as CableTypeCode,
      crossSection: fields.crossSection as number,
      cores: fields.cores as number,
      brand: fields.brand.trim(),
      manufacturer: fields.manufacturerUnknown ? null : fields.manufacturer.trim(),
      manufacturerUscc: normalizeUscc(fields.uscc),
      purchaseChannel: fields.purchaseChannel as PurchaseChannelCode,
      purchaseChannelDetail: fields.purchaseChannelDetail.trim(),
      purchaseDate: fields.purchaseDateUnknown ? null : fields.purchaseDate,
      length: fields.lengthUnknown ? null : parseLength(fields.length),
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
