import { z } from 'zod';
import type { CableFormOptions } from '../../contract/cable';
import {
  CABLE_CONCERNS,
  CABLE_TYPE_CODES,
  CABLE_TYPES,
  CROSS_SECTIONS,
  crossSectionsFor,
  MAX_OPEN_REQUESTS,
  MAX_PHOTOS,
  PURCHASE_CHANNELS,
  REQUESTER_TYPES,
  SAMPLE_DELIVERY,
  type CableConcern,
  type PurchaseChannel,
  type RequesterType,
  type SampleDelivery,
} from '../../core/cable/catalog';
import { GUANGDONG_CITIES } from '../../core/uscc';
import { list } from '../../runtime/db';
import { action } from '../../runtime/router';
import type { HospitalDoc } from '../../services/documents';
import { ownUploadFolder } from '../../services/files';

const entries = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([code, label]) => ({ code, label }));

/**
 * Everything the request form offers (the mini-program bundles no zod, so labels come from here), and
 * the caller's own folder for photo uploads.
 */
export const formOptions = action({
  access: 'public',
  input: z.object({}),
  async handler(_input, { caller, db }): Promise<CableFormOptions> {
    const hospitals = await list<HospitalDoc>(db.collection('hospitals').where({ active: true }).limit(100));
    const cableSpecialist = (h: HospitalDoc) => (h.specialties ?? []).some((s) => s.includes('电线电缆'));
    return {
      requesterTypes: entries<RequesterType>(REQUESTER_TYPES),
      cableTypes: CABLE_TYPE_CODES.map((code) => ({
        code,
        label: CABLE_TYPES[code].label,
        family: CABLE_TYPES[code].family,
        cores: [CABLE_TYPES[code].cores[0], CABLE_TYPES[code].cores[1]],
        crossSections: crossSectionsFor(code),
      })),
      crossSections: [...CROSS_SECTIONS],
      concerns: entries<CableConcern>(CABLE_CONCERNS),
      purchaseChannels: entries<PurchaseChannel>(PURCHASE_CHANNELS),
      cities: GUANGDONG_CITIES.map((c) => c.name),
      // Cable specialists first: they are the sensible choice for a cable sample.
      hospitals: hospitals
        .map((h) => ({ hospitalId: h._id, name: h.name, city: h.city, cableSpecialist: cableSpecialist(h) }))
        .sort(
          (a, b) => Number(b.cableSpecialist) - Number(a.cableSpecialist) || a.hospitalId.localeCompare(b.hospitalId),
        ),
      sampleDelivery: entries<SampleDelivery>(SAMPLE_DELIVERY),
      maxPhotos: MAX_PHOTOS,
      maxOpenRequests: MAX_OPEN_REQUESTS,
      photoFolder: caller.openid ? ownUploadFolder('cable-photos', caller.openid) : null,
    };
  },
});
