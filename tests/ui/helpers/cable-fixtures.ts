/**
 * Quick-screen views for the fake cloud, made by the server's own code (catalog, workflow, view
 * builders) so the pages are tested against the shapes the functions really return.
 */
import type { CableFormOptions, CableRequestView, CableStatus, HospitalView } from '../../../typings/api';
import {
  CABLE_CONCERNS,
  CABLE_TYPE_CODES,
  CABLE_TYPES,
  crossSectionsFor,
  MAX_OPEN_REQUESTS,
  MAX_PHOTOS,
  PURCHASE_CHANNELS,
  REQUESTER_TYPES,
  SAMPLE_DELIVERY,
} from '../../../cloudfunctions/src/core/cable/catalog';
import {
  buildRequestDoc,
  type CableRequestDoc,
  type NewRequestFields,
} from '../../../cloudfunctions/src/core/cable/request';
import {
  applyTransition,
  checkTransition,
  type Actor,
  type TransitionInput,
} from '../../../cloudfunctions/src/core/cable/workflow';
import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { GUANGDONG_CITIES, makeUscc } from '../../../cloudfunctions/src/core/uscc';
import {
  cableRequestView,
  cableSummary,
  FILE_URL_SECONDS,
  openableFileIDs,
  type FileUrls,
  type Viewer,
} from '../../../cloudfunctions/src/services/cable';

const DAY = 24 * 3600_000;
const entries = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([code, label]) => ({ code, label }));

export const MAKER_USCC = makeUscc({ division: '441900', orgCode: '61803725' });
/** The users' own upload folders, as formOptions.photoFolder and the staff view's reportFolder name them. */
export const PHOTO_FOLDER = 'cable-photos/0f3a9c2e7b514d6a8e21c4b7d9f06a35';
export const REPORT_FOLDER = 'cable-reports/6b1d8e4f2a9c47e3b05f1a2c8d7e9b40';
export const PHOTO = `cloud://local.local-1300000000/${PHOTO_FOLDER}/p1.jpg`;
export const REPORT = `cloud://local.local-1300000000/${REPORT_FOLDER}/r-1.pdf`;

/** The signed temp URL the local cloud would hand out for a fileID (what the pages load). */
export const tempUrl = (fileID: string) =>
  `http://127.0.0.1:3300/files/${fileID.replace(/^cloud:\/\/[^/]+\//, '')}?t=1900000000&sign=0123abcd`;

/** Temp URLs for every file the viewer may open, as fileUrlsFor answers (`missing`: files gone from storage). */
function fileUrls(doc: CableRequestDoc, viewer: Viewer, missing: string[] = []): FileUrls {
  const ids = openableFileIDs(doc, viewer).filter((id) => !missing.includes(id));
  return { urls: new Map(ids.map((id) => [id, tempUrl(id)])), expiresIn: ids.length ? FILE_URL_SECONDS : 0 };
}

export const HOSPITALS: HospitalView[] = [
  {
    hospitalId: 'gd-cable',
    name: '广东省电线电缆产品医院',
    city: '广州市',
    address: '广州市黄埔区科学大道 118 号',
    phone: '020-32296001',
    specialties: ['电线电缆'],
    services: ['commissioned'],
    latitude: 23.1702,
    longitude: 113.4497,
  },
  {
    hospitalId: 'gd-appliance',
    name: '广东省家用电器产品医院',
    city: '佛山市',
    address: '佛山市顺德区大良街道德民路 36 号',
    phone: '0757-22386002',
    specialties: ['家用电器'],
    services: ['commissioned'],
    latitude: 22.8405,
    longitude: 113.2497,
  },
];

/** What cable.formOptions answers (built from the catalog, as the action does). */
export function formOptions(): CableFormOptions {
  return {
    requesterTypes: entries(REQUESTER_TYPES),
    cableTypes: CABLE_TYPE_CODES.map((code) => ({
      code,
      label: CABLE_TYPES[code].label,
      family: CABLE_TYPES[code].family,
      cores: [CABLE_TYPES[code].cores[0], CABLE_TYPES[code].cores[1]],
      crossSections: crossSectionsFor(code),
    })),
    crossSections: [0.5, 0.75, 1, 1.5, 2.5, 4, 6, 10, 16, 25, 35, 50, 70, 95, 120, 150, 185, 240],
    concerns: entries(CABLE_CONCERNS),
    purchaseChannels: entries(PURCHASE_CHANNELS),
    cities: GUANGDONG_CITIES.map((c) => c.name),
    hospitals: HOSPITALS.map((h) => ({
      hospitalId: h.hospitalId,
      name: h.name,
      city: h.city,
      cableSpecialist: h.specialties.includes('电线电缆'),
    })),
    sampleDelivery: entries(SAMPLE_DELIVERY),
    maxPhotos: MAX_PHOTOS,
    maxOpenRequests: MAX_OPEN_REQUESTS,
    photoFolder: PHOTO_FOLDER,
  };
}

const STAFF: Actor = {
  role: 'staff',
  openid: 'o-staff',
  hospitalId: 'gd-cable',
  hospitalName: '广东省电线电缆产品医院',
};
const REQUESTER: Actor = { role: 'requester', openid: 'o-test', hospitalId: null, hospitalName: null };

export function fields(overrides: Partial<NewRequestFields> = {}): NewRequestFields {
  return {
    requesterType: 'consumer',
    organization: '',
    contact: { name: '林晓雯', phone: '13800138000' },
    city: '广州市',
    cable: {
      type: 'BV',
      crossSection: 2.5,
      cores: 1,
      brand: '粤星',
      manufacturer: '东莞市粤星电线电缆有限公司',
      manufacturerUscc: MAKER_USCC,
      purchaseChannel: 'contractor_supplied',
      purchaseChannelDetail: '装修公司包工包料',
      purchaseDate: calendarDate(Date.now() - 60 * DAY),
      length: 100,
    },
    concerns: ['thin_conductor', 'conductor_resistance'],
    description: '线芯看起来比旧线细',
    photos: [PHOTO],
    preferredHospitalId: 'gd-cable',
    sampleDelivery: 'pickup',
    pickupAddress: '广州市天河区体育西路 1 号',
    clientRequestId: 'client-0001',
    ...overrides,
  };
}

export interface Completion {
  verdict?: TransitionInput['verdict'];
  findings?: TransitionInput['findings'];
}

/** The moves that lead to `status` on the usual path (reject and cancel straight from submitted). */
function stepsTo(status: CableStatus, completion: Completion): { input: TransitionInput; actor: Actor }[] {
  const path: { input: TransitionInput; actor: Actor }[] = [
    { input: { to: 'accepted', note: '请于 3 个工作日内送样' }, actor: STAFF },
    { input: { to: 'sample_received' }, actor: STAFF },
    { input: { to: 'screening' }, actor: STAFF },
    {
      input: {
        to: 'completed',
        verdict: completion.verdict ?? 'non_conforming',
        findings: completion.findings ?? [
          { item: 'thin_conductor', outcome: 'fail', detail: '实测截面 2.1 mm²' },
          { item: 'conductor_resistance', outcome: 'doubtful', detail: '' },
        ],
        reportFileID: REPORT,
        note: '建议送检',
      },
      actor: STAFF,
    },
  ];
  if (status === 'rejected') return [{ input: { to: 'rejected', note: '样品不属于电线电缆' }, actor: STAFF }];
  if (status === 'cancelled') return [{ input: { to: 'cancelled' }, actor: REQUESTER }];
  const order: CableStatus[] = ['submitted', 'accepted', 'sample_received', 'screening', 'completed'];
  return path.slice(0, order.indexOf(status));
}

/** A request document walked to `status` with the real workflow rules. */
export function requestDoc(
  status: CableStatus = 'submitted',
  options: { id?: string; fields?: Partial<NewRequestFields>; completion?: Completion; submittedDaysAgo?: number } = {},
): CableRequestDoc {
  const start = Date.now() - (options.submittedDaysAgo ?? 3) * DAY;
  let doc = buildRequestDoc(
    options.id ?? 'a1b2c3d4e5f6a1b2c3d4e5f6',
    'o-test',
    fields(options.fields),
    '广东省电线电缆产品医院',
    new Date(start),
  );
  stepsTo(status, options.completion ?? {}).forEach((step, i) => {
    const check = checkTransition(doc.status, step.input, step.actor.role);
    if (!check.ok) throw new Error(`fixture ${doc.status} → ${step.input.to}: ${check.message}`);
    doc = { ...doc, ...applyTransition(doc, step.input, step.actor, new Date(start + (i + 1) * 3600_000)) };
  });
  return doc;
}

/** cable.getRequest's answer for the requester (`missingFiles`: fileIDs storage no longer has). */
export function requesterView(
  doc: CableRequestDoc,
  extras: Pick<Partial<CableRequestView>, 'redlist' | 'followUp'> & { missingFiles?: string[] } = {},
): CableRequestView {
  const viewer: Viewer = { kind: 'requester' };
  const { missingFiles, ...rest } = extras;
  return cableRequestView(doc, viewer, new Date(), { ...rest, files: fileUrls(doc, viewer, missingFiles) });
}

/** hospital.getScreening's answer for staff of gd-cable. */
export function staffView(
  doc: CableRequestDoc,
  scope: 'assigned' | 'candidate' = doc.hospitalId ? 'assigned' : 'candidate',
  ownRequest = false,
): CableRequestView {
  const viewer: Viewer = { kind: 'staff', scope, ownRequest };
  return cableRequestView(doc, viewer, new Date(), {
    files: fileUrls(doc, viewer),
    reportFolder: scope === 'assigned' && !ownRequest ? REPORT_FOLDER : null,
  });
}

export function summary(doc: CableRequestDoc) {
  return cableSummary(doc, new Date());
}

export { DAY };
