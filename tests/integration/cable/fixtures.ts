import { calendarDate } from '../../../cloudfunctions/src/core/time';
import { ownUploadFolder } from '../../../cloudfunctions/src/services/files';
import { resolvePlaceholders } from '../../../emulator/env';
import { createHash } from 'node:crypto';
import { ok, personUser, staffUser, type TestCloud } from '../voucher/fixtures';

export { failure, ok, type TestCloud } from '../voucher/fixtures';

export const HOSPITALS = [
  { hospitalId: 'gd-cable', name: '广东省电线电缆产品医院', city: '广州市', specialties: ['电线电缆'] },
  { hospitalId: 'gd-appliance', name: '广东省家用电器产品医院', city: '佛山市', specialties: ['家用电器'] },
];

/** A valid USCC of a Dongguan maker (LOTTERY.md test vector 1 codes are Guangdong enterprises). */
export const MAKER_USCC = '91440300192317458F';

let sequence = 0;
/** A fresh client request id per call (what the form generates once per filled form). */
export const clientId = (label = 'req') => `${label}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;

/** A complete, valid submit payload (without `action`); override any field. */
export function validRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requesterType: 'consumer',
    contact: { name: '林晓雯', phone: '13800138000' },
    city: '广州',
    cable: {
      type: 'BV',
      crossSection: 2.5,
      cores: 1,
      brand: '粤星',
      manufacturer: '东莞市粤星电线电缆有限公司',
      manufacturerUscc: MAKER_USCC,
      purchaseChannel: 'contractor_supplied',
      purchaseDate: calendarDate(Date.now() - 60 * 24 * 3600_000),
      length: 100,
    },
    concerns: ['thin_conductor', 'conductor_resistance'],
    photos: [],
    sampleDelivery: 'drop-off',
    clientRequestId: clientId(),
    ...overrides,
  };
}

const withCable = (cable: Record<string, unknown>) => (base: Record<string, unknown>) => ({
  ...base,
  cable: { ...(base.cable as object), ...cable },
});
const set = (patch: Record<string, unknown>) => (base: Record<string, unknown>) => ({ ...base, ...patch });
const without = (key: string) => (base: Record<string, unknown>) => {
  const copy = { ...base };
  delete copy[key];
  return copy;
};
const withoutCable = (key: string) => (base: Record<string, unknown>) => {
  const cable = { ...(base.cable as Record<string, unknown>) };
  delete cable[key];
  return { ...base, cable };
};

const tomorrow = () => calendarDate(Date.now() + 24 * 3600_000);
const photo = (i: number, ext = 'jpg') => `cloud://local.local-1300000000/cable/p${i}.${ext}`;

/**
 * One bad value per field (several for the fields with several rules), each with the path the error names.
 * Shared by the schema unit test and the function integration test.
 */
export const BAD_INPUTS: {
  name: string;
  make: (base: Record<string, unknown>) => Record<string, unknown>;
  path: string;
}[] = [
  { name: 'requesterType unknown', make: set({ requesterType: 'government' }), path: 'requesterType' },
  { name: 'requesterType missing', make: without('requesterType'), path: 'requesterType' },
  { name: 'contact missing', make: without('contact'), path: 'contact' },
  {
    name: 'contact name too short',
    make: set({ contact: { name: '林', phone: '13800138000' } }),
    path: 'contact.name',
  },
  {
    name: 'contact name with digits',
    make: set({ contact: { name: '林2号', phone: '13800138000' } }),
    path: 'contact.name',
  },
  { name: 'contact phone short', make: set({ contact: { name: '林晓雯', phone: '1380013' } }), path: 'contact.phone' },
  {
    name: 'contact phone landline',
    make: set({ contact: { name: '林晓雯', phone: '02088886666' } }),
    path: 'contact.phone',
  },
  { name: 'city outside Guangdong', make: set({ city: '长沙市' }), path: 'city' },
  { name: 'city missing', make: without('city'), path: 'city' },
  { name: 'cable missing', make: without('cable'), path: 'cable' },
  { name: 'cable type unknown', make: withCable({ type: 'XYZ' }), path: 'cable.type' },
  { name: 'cable type lower case', make: withCable({ type: 'bv' }), path: 'cable.type' },
  { name: 'cross-section off the series', make: withCable({ crossSection: 3 }), path: 'cable.crossSection' },
  { name: 'cross-section above 240', make: withCable({ crossSection: 300 }), path: 'cable.crossSection' },
  { name: 'cross-section as text', make: withCable({ crossSection: '2.5' }), path: 'cable.crossSection' },
  {
    name: 'cross-section outside the type range',
    make: withCable({ type: 'RVB', cores: 2, crossSection: 16 }),
    path: 'cable.cores',
  },
  { name: 'cores zero', make: withCable({ cores: 0 }), path: 'cable.cores' },
  { name: 'cores six', make: withCable({ type: 'YJV', cores: 6 }), path: 'cable.cores' },
  { name: 'cores fractional', make: withCable({ cores: 1.5 }), path: 'cable.cores' },
  { name: 'cores impossible for the type (4-core BV)', make: withCable({ cores: 4 }), path: 'cable.cores' },
  { name: 'brand empty', make: withCable({ brand: '  ' }), path: 'cable.brand' },
  { name: 'brand too long', make: withCable({ brand: '品'.repeat(41) }), path: 'cable.brand' },
  { name: 'manufacturer too short', make: withCable({ manufacturer: '某' }), path: 'cable.manufacturer' },
  { name: 'manufacturer missing', make: withoutCable('manufacturer'), path: 'cable.manufacturer' },
  {
    name: 'manufacturerUscc bad check character',
    make: withCable({ manufacturerUscc: '91440300192317458G' }),
    path: 'cable.manufacturerUscc',
  },
  {
    name: 'manufacturerUscc wrong length',
    make: withCable({ manufacturerUscc: '9144030019231745' }),
    path: 'cable.manufacturerUscc',
  },
  { name: 'purchaseChannel unknown', make: withCable({ purchaseChannel: 'street' }), path: 'cable.purchaseChannel' },
  {
    name: 'purchaseDate in the future',
    make: (b) => withCable({ purchaseDate: tomorrow() })(b),
    path: 'cable.purchaseDate',
  },
  { name: 'purchaseDate not a real day', make: withCable({ purchaseDate: '2026-02-30' }), path: 'cable.purchaseDate' },
  { name: 'purchaseDate wrong format', make: withCable({ purchaseDate: '2026/03/02' }), path: 'cable.purchaseDate' },
  { name: 'length zero', make: withCable({ length: 0 }), path: 'cable.length' },
  { name: 'length negative', make: withCable({ length: -5 }), path: 'cable.length' },
  { name: 'length missing', make: withoutCable('length'), path: 'cable.length' },
  { name: 'concerns empty', make: set({ concerns: [] }), path: 'concerns' },
  { name: 'concerns unknown item', make: set({ concerns: ['smell'] }), path: 'concerns.0' },
  { name: 'concerns duplicated', make: set({ concerns: ['marking', 'marking'] }), path: 'concerns' },
  { name: 'photos: ten', make: set({ photos: Array.from({ length: 10 }, (_, i) => photo(i)) }), path: 'photos' },
  { name: 'photos: http URL', make: set({ photos: ['https://example.com/a.jpg'] }), path: 'photos.0' },
  { name: 'photos: gif', make: set({ photos: [photo(1, 'gif')] }), path: 'photos.0' },
  { name: 'photos: pdf', make: set({ photos: [photo(1, 'pdf')] }), path: 'photos.0' },
  {
    name: 'photos: no extension',
    make: set({ photos: ['cloud://local.local-1300000000/cable/p1'] }),
    path: 'photos.0',
  },
  { name: 'photos: duplicated', make: set({ photos: [photo(1), photo(1)] }), path: 'photos' },
  {
    name: 'preferredHospitalId too long',
    make: set({ preferredHospitalId: 'h'.repeat(65) }),
    path: 'preferredHospitalId',
  },
  { name: 'sampleDelivery unknown', make: set({ sampleDelivery: 'mail' }), path: 'sampleDelivery' },
  { name: 'pickup without an address', make: set({ sampleDelivery: 'pickup' }), path: 'pickupAddress' },
  { name: 'clientRequestId missing', make: without('clientRequestId'), path: 'clientRequestId' },
  { name: 'clientRequestId too short', make: set({ clientRequestId: 'abc' }), path: 'clientRequestId' },
  { name: 'clientRequestId with spaces', make: set({ clientRequestId: 'abc def ghi' }), path: 'clientRequestId' },
  { name: 'description too long', make: set({ description: '长'.repeat(501) }), path: 'description' },
];

export async function setUpHospitals(cloud: TestCloud): Promise<void> {
  for (const h of HOSPITALS) ok(await cloud.admin('admin', { action: 'upsertHospital', ...h }));
}

export { staffUser };

/** A WeChat-style mobile number per openid (deterministic), for requesters who verify their phone. */
export const phoneOf = (openid: string) =>
  `139${String(parseInt(createHash('sha256').update(openid).digest('hex').slice(0, 12), 16) % 1e8).padStart(8, '0')}`;

const verified = new WeakMap<TestCloud, Set<string>>();
/** Makes `openid` a user with a verified phone once per cloud (cable.submit requires one). */
export async function requester(cloud: TestCloud, openid: string): Promise<string> {
  const done = verified.get(cloud) ?? new Set<string>();
  verified.set(cloud, done);
  if (!done.has(openid)) {
    await personUser(cloud, openid, phoneOf(openid));
    done.add(openid);
  }
  return openid;
}

/** cable.submit as a requester with a verified phone (the payload: validRequest with `overrides`). */
export const submit = async (cloud: TestCloud, openid: string, overrides: Record<string, unknown> = {}) =>
  cloud.call('cable', { action: 'submit', ...validRequest(overrides) }, await requester(cloud, openid));

export const update = (cloud: TestCloud, openid: string, requestId: string, to: string, extra: object = {}) =>
  cloud.call('hospital', { action: 'updateScreening', requestId, to, ...extra }, openid);

// ---- files (storage is PRIVATE: users upload into their own folders, others get temp URLs) ----

/** A 3×2 PNG (the e2e test's label photo) and a tiny PDF. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGNgP5gAQQxwFgBDXgbxxrCrLwAAAABJRU5ErkJggg==',
  'base64',
);
export const PDF = Buffer.from('%PDF-1.4\n% 电线电缆快速筛查报告（测试）\n%%EOF\n');

/** wx.cloud.uploadFile as `openid` (POST /client/upload); resolves to the fileID. */
export async function uploadAs(cloud: TestCloud, openid: string, cloudPath: string, data: Buffer): Promise<string> {
  const query = `cloudPath=${encodeURIComponent(cloudPath)}&openid=${encodeURIComponent(openid)}`;
  const res = await fetch(`${cloud.url}/client/upload?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });
  const body = (await res.json()) as { fileID?: string; errMsg?: string };
  if (!body.fileID) throw new Error(`upload of ${cloudPath} as ${openid} failed: ${res.status} ${body.errMsg}`);
  return body.fileID;
}

/** The requester's photo folder, as cable.formOptions names it to the submit page. */
export async function photoFolderOf(cloud: TestCloud, openid: string): Promise<string> {
  return ok(await cloud.call('cable', { action: 'formOptions' }, openid)).photoFolder;
}

let uploads = 0;
/** `n` photos uploaded by `openid` into their own folder, as the submit page does; each with its own bytes. */
export async function uploadPhotos(cloud: TestCloud, openid: string, n = 1, ext = 'png'): Promise<string[]> {
  const folder = await photoFolderOf(cloud, openid);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = ++uploads;
    ids.push(await uploadAs(cloud, openid, `${folder}/p${id}.${ext}`, Buffer.concat([PNG, Buffer.from(`#${id}`)])));
  }
  return ids;
}

/** The functions' secret as the local cloud's host resolves it (so folders computed here match theirs). */
const SECRET = resolvePlaceholders('{{env.YPT_SERVER_SECRET}}');
/** A staff member's report folder (what their screening view names as reportFolder). */
export const reportFolderOf = (openid: string) => ownUploadFolder('cable-reports', openid, SECRET);

/** A PDF report uploaded by `staff` into their own report folder, as the screening page does. */
export async function uploadReport(cloud: TestCloud, staff: string, data: Buffer = PDF): Promise<string> {
  return uploadAs(cloud, staff, `${reportFolderOf(staff)}/r${++uploads}.pdf`, data);
}

/** The payload that completes a screening with a verdict consistent with its findings. */
export function completion(
  reportFileID: string,
  verdict: 'conforming' | 'suspected' | 'non_conforming' = 'non_conforming',
) {
  const outcome = verdict === 'conforming' ? 'pass' : verdict === 'suspected' ? 'doubtful' : 'fail';
  return {
    verdict,
    findings: [{ item: 'conductor_resistance', outcome, detail: '20℃ 导体电阻实测 9.86 Ω/km' }],
    reportFileID,
  };
}

/** Stored documents, typed loosely for assertions (LocalDatabase.find answers `object[]`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const docs = async (cloud: TestCloud, collection: string, query: object = {}): Promise<Record<string, any>[]> =>
  (await cloud.db.find(collection, query)) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
