import { buildRequestDoc, type CableRequestDoc, type NewRequestFields } from '../cloudfunctions/src/core/cable/request';
import {
  applyTransition,
  checkTransition,
  isOpenStatus,
  type Actor,
  type TransitionInput,
} from '../cloudfunctions/src/core/cable/workflow';
import { calendarDate } from '../cloudfunctions/src/core/time';
import { makeUscc } from '../cloudfunctions/src/core/uscc';
import { ownUploadFolder } from '../cloudfunctions/src/services/files';
import { functionsSecret, insertMany, type SeedContext } from './client';
import { DEMO_HOSPITALS } from './hospitals';

const day = 24 * 3600_000;
const hour = 3600_000;

const CONSUMER = 'demo-consumer';
const HOSPITAL = DEMO_HOSPITALS.find((h) => h.hospitalId === 'gd-cable')!;
const STAFF_OPENID = 'demo-staff';
const STAFF: Actor = {
  role: 'staff',
  openid: STAFF_OPENID,
  hospitalId: HOSPITAL.hospitalId,
  hospitalName: HOSPITAL.name,
};
const REQUESTER: Actor = { role: 'requester', openid: CONSUMER, hospitalId: null, hospitalName: null };

/** A Dongguan cable maker (valid USCC) so the red-list lookup has something to look up. */
const MAKER_USCC = makeUscc({ division: '441900', orgCode: '6180372' + '5' });
/**
 * A one-page PDF standing for a hospital's screening report (demo data: the real report is the
 * hospital's own document). Plain PDF 1.4 with one text line, offsets computed so readers accept it.
 */
export function demoReportPdf(line: string): Buffer {
  const text = line.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 56 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Uploads a demo report into demo-staff's own report folder, where updateScreening accepts it from. */
async function uploadDemoReport(ctx: SeedContext, requestId: string): Promise<string> {
  const folder = ownUploadFolder('cable-reports', STAFF_OPENID, functionsSecret());
  return ctx.uploadFile(`${folder}/${requestId}.pdf`, demoReportPdf(`Cable quick-screen report (demo) ${requestId}`));
}

const contact = { name: '林晓雯', phone: '13800138000' };
/** Purchase dates relative to today, so they are never in the future. */
const boughtDaysAgo = (days: number) => calendarDate(Date.now() - days * day);

function base(overrides: Partial<NewRequestFields> & { clientRequestId: string }): NewRequestFields {
  return {
    requesterType: 'consumer',
    organization: '',
    contact,
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
      purchaseDate: boughtDaysAgo(60),
      length: 100,
    },
    concerns: ['thin_conductor', 'conductor_resistance'],
    description: '',
    photos: [],
    preferredHospitalId: HOSPITAL.hospitalId,
    sampleDelivery: 'drop-off',
    pickupAddress: '',
    ...overrides,
  };
}

/** Walks a new request through `steps` with the real workflow rules (a bad step fails the seed). */
function walk(
  id: string,
  fields: NewRequestFields,
  submittedAt: number,
  steps: { input: TransitionInput; actor: Actor; at: number }[],
): CableRequestDoc {
  let doc = buildRequestDoc(id, CONSUMER, fields, HOSPITAL.name, new Date(submittedAt));
  for (const step of steps) {
    const check = checkTransition(doc.status, step.input, step.actor.role);
    if (!check.ok) throw new Error(`seed: cable ${id} ${doc.status} → ${step.input.to}: ${check.message}`);
    doc = { ...doc, ...applyTransition(doc, step.input, step.actor, new Date(step.at)) };
  }
  return doc;
}

/**
 * Quick-screen demo: six requests of the demo consumer in every stage, handled by the demo staff member of
 * the cable hospital (so both the requester's list and the hospital queue have something to show).
 */
export async function seedCable(ctx: SeedContext): Promise<void> {
  const { db } = ctx;
  const reports = {
    nonConforming: await uploadDemoReport(ctx, 'e0937a0democable000004'),
    conforming: await uploadDemoReport(ctx, '18bd640democable000005'),
  };
  const now = Date.now();
  const t = (daysAgo: number, hours = 0) => now - daysAgo * day + hours * hour;
  const docs: CableRequestDoc[] = [
    walk(
      '3fa9c20democable000001',
      base({
        clientRequestId: 'demo-cable-submitted',
        description: '新房装修用的 2.5 平方电线，剥开后感觉铜芯比以前买的细。',
        concerns: ['thin_conductor', 'marking'],
      }),
      t(1),
      [],
    ),
    walk(
      '7b41d00democable000002',
      base({
        clientRequestId: 'demo-cable-accepted',
        cable: {
          type: 'BVR',
          crossSection: 4,
          cores: 1,
          brand: '华南线缆',
          manufacturer: '佛山市华南线缆制造有限公司',
          purchaseChannel: 'building_materials_market',
          purchaseChannelDetail: '广州某建材市场',
          purchaseDate: boughtDaysAgo(30),
          length: 50,
        },
        concerns: ['insulation_thickness', 'flame_retardancy'],
        sampleDelivery: 'pickup',
        pickupAddress: '广州市天河区演示路 88 号 1201 房',
      }),
      t(4),
      [{ input: { to: 'accepted', note: '已安排工作人员 3 个工作日内上门取样（约 1 米）。' }, actor: STAFF, at: t(3) }],
    ),
    walk(
      'c52e880democable000003',
      base({
        clientRequestId: 'demo-cable-screening',
        cable: {
          type: 'RVV',
          crossSection: 1.5,
          cores: 3,
          brand: '家安',
          manufacturer: '中山市家安电线有限公司',
          purchaseChannel: 'online',
          purchaseChannelDetail: '电商平台店铺',
          purchaseDate: boughtDaysAgo(45),
          length: 30,
        },
        concerns: ['conductor_material', 'sheath_thickness'],
      }),
      t(8),
      [
        { input: { to: 'accepted', note: '请工作日 9:00–17:00 送样，至少 1 米。' }, actor: STAFF, at: t(7) },
        { input: { to: 'sample_received', note: '样品 1.2 米，已编号。' }, actor: STAFF, at: t(5) },
        { input: { to: 'screening' }, actor: STAFF, at: t(4) },
      ],
    ),
    walk(
      'e0937a0democable000004',
      base({ clientRequestId: 'demo-cable-nonconforming', description: '施工队提供的电线，没有合格证。' }),
      t(20),
      [
        { input: { to: 'accepted' }, actor: STAFF, at: t(19) },
        { input: { to: 'sample_received' }, actor: STAFF, at: t(17) },
        { input: { to: 'screening' }, actor: STAFF, at: t(16) },
        {
          input: {
            to: 'completed',
            note: '导体电阻和绝缘厚度均不符合 GB/T 5023 要求，建议停止使用并保留证据。',
            verdict: 'non_conforming',
            findings: [
              {
                item: 'conductor_resistance',
                outcome: 'fail',
                detail: '20℃ 导体电阻实测 9.86 Ω/km，标准要求 ≤ 7.41 Ω/km',
              },
              { item: 'thin_conductor', outcome: 'fail', detail: '导体实测截面约 1.9 mm²，标称 2.5 mm²' },
              { item: 'insulation_thickness', outcome: 'fail', detail: '最薄处 0.55 mm，标准要求 ≥ 0.62 mm' },
              { item: 'marking', outcome: 'pass', detail: '标志连续、清晰' },
            ],
            reportFileID: reports.nonConforming,
          },
          actor: STAFF,
          at: t(12, 3),
        },
      ],
    ),
    walk(
      '18bd640democable000005',
      base({
        clientRequestId: 'demo-cable-conforming',
        requesterType: 'consumer',
        cable: {
          type: 'YJV',
          crossSection: 16,
          cores: 4,
          brand: '珠江',
          manufacturer: '广州珠江电缆有限公司',
          purchaseChannel: 'manufacturer_direct',
          purchaseChannelDetail: '',
          purchaseDate: boughtDaysAgo(90),
          length: 200,
        },
        concerns: ['conductor_resistance'],
        preferredHospitalId: null,
      }),
      t(40),
      [
        { input: { to: 'accepted' }, actor: STAFF, at: t(39) },
        { input: { to: 'sample_received' }, actor: STAFF, at: t(37) },
        { input: { to: 'screening' }, actor: STAFF, at: t(36) },
        {
          input: {
            to: 'completed',
            verdict: 'conforming',
            findings: [
              {
                item: 'conductor_resistance',
                outcome: 'pass',
                detail: '20℃ 导体电阻实测 1.12 Ω/km，标准要求 ≤ 1.15 Ω/km',
              },
            ],
            reportFileID: reports.conforming,
          },
          actor: STAFF,
          at: t(33),
        },
      ],
    ),
    walk(
      '9a6f1e0democable000006',
      base({ clientRequestId: 'demo-cable-cancelled', concerns: ['length_shortfall'] }),
      t(15),
      [{ input: { to: 'cancelled', note: '已和商家协商退货。' }, actor: REQUESTER, at: t(14) }],
    ),
  ];
  await insertMany(
    db,
    'cable_requests',
    docs.map((d) => ({ ...d, createdAt: d.submittedAt, updatedAt: d.statusChangedAt })),
  );
  await insertMany(db, 'cable_requesters', [
    {
      _id: CONSUMER,
      openRequestIds: docs.filter((d) => isOpenStatus(d.status)).map((d) => d._id),
      createdAt: new Date(t(40)),
      updatedAt: new Date(now),
    },
  ]);
}
