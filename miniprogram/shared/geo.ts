/** Distances between places on the map: "nearest first" lists (hospitals), the city of a credit-code scan. */

export interface LatLng {
  latitude: number;
  longitude: number;
}

/** Mean Earth radius (IUGG), in kilometres. */
const EARTH_RADIUS_KM = 6371.0088;

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/**
 * Great-circle distance in kilometres (haversine). WeChat's coordinates (GCJ-02) are offset from
 * WGS-84 by a few hundred metres at most, the same offset for both points, which a distance ignores.
 */
export function distanceKm(a: LatLng, b: LatLng): number {
  const dLat = toRadians(b.latitude - a.latitude);
  const dLng = toRadians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "约 850 米", "约 3.2 公里", "约 126 公里": what a user needs to choose, not survey precision. */
export function formatDistance(km: number): string {
  if (km < 1) return `约 ${Math.max(10, Math.round((km * 1000) / 10) * 10)} 米`;
  if (km < 10) return `约 ${km.toFixed(1)} 公里`;
  return `约 ${Math.round(km)} 公里`;
}

/** True when both coordinates are finite numbers in range (a place that can be shown on a map). */
export function hasCoordinates(place: { latitude?: number | null; longitude?: number | null }): place is LatLng {
  const { latitude, longitude } = place;
  return (
    typeof latitude === 'number' &&
    typeof longitude === 'number' &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180
  );
}
