import { distanceKm, formatDistance, hasCoordinates } from '../../../miniprogram/shared/geo';

const GUANGZHOU_TOWER = { latitude: 23.1064, longitude: 113.3245 };
const SHENZHEN_CIVIC_CENTER = { latitude: 22.5431, longitude: 114.0579 };

describe('distanceKm (haversine)', () => {
  it('is zero for the same place and symmetric', () => {
    expect(distanceKm(GUANGZHOU_TOWER, GUANGZHOU_TOWER)).toBe(0);
    expect(distanceKm(GUANGZHOU_TOWER, SHENZHEN_CIVIC_CENTER)).toBeCloseTo(
      distanceKm(SHENZHEN_CIVIC_CENTER, GUANGZHOU_TOWER),
      9,
    );
  });

  it('matches known distances', () => {
    // Guangzhou Tower → Shenzhen Civic Center: about 98 km as the crow flies.
    expect(distanceKm(GUANGZHOU_TOWER, SHENZHEN_CIVIC_CENTER)).toBeCloseTo(98.0, 0);
    // One degree of latitude along a meridian: 111.2 km on the mean sphere.
    expect(distanceKm({ latitude: 0, longitude: 113 }, { latitude: 1, longitude: 113 })).toBeCloseTo(111.2, 1);
    // One degree of longitude shrinks with the cosine of the latitude (23° N: 102.4 km).
    expect(distanceKm({ latitude: 23, longitude: 113 }, { latitude: 23, longitude: 114 })).toBeCloseTo(102.4, 1);
    // Antipodes: half the circumference, no NaN from rounding.
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBeCloseTo(20015.1, 0);
  });
});

describe('formatDistance', () => {
  it('speaks metres nearby, tenths of a kilometre in town, whole kilometres further', () => {
    expect(formatDistance(0)).toBe('约 10 米');
    expect(formatDistance(0.846)).toBe('约 850 米');
    expect(formatDistance(3.24)).toBe('约 3.2 公里');
    expect(formatDistance(126.4)).toBe('约 126 公里');
  });
});

describe('hasCoordinates', () => {
  it('needs both numbers in range', () => {
    expect(hasCoordinates({ latitude: 23.1, longitude: 113.3 })).toBe(true);
    expect(hasCoordinates({ latitude: null, longitude: 113.3 })).toBe(false);
    expect(hasCoordinates({ latitude: 23.1 })).toBe(false);
    expect(hasCoordinates({ latitude: 91, longitude: 113.3 })).toBe(false);
    expect(hasCoordinates({ latitude: 23.1, longitude: Number.NaN })).toBe(false);
  });
});
