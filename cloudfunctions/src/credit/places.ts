/**
 * The place of a scan, for counting only: the Guangdong city nearest to where the scanner is, 省外 outside
 * the province, 未知地区 when the scanner shared no location. Coordinates are used here and dropped; only
 * the city name is stored. City-level is all the counts and the copy rule need (a label copied onto goods
 * sold across the province shows up as many cities), and it names nobody.
 */
import { PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../../miniprogram/shared/credit';
import { distanceKm, type LatLng } from '../../../miniprogram/shared/geo';

/** City centres (GCJ-02, to about a kilometre), in division-code order like shared/cities.ts. */
const CITY_CENTRES: readonly [name: string, latitude: number, longitude: number][] = [
  ['广州市', 23.13, 113.26],
  ['韶关市', 24.81, 113.6],
  ['深圳市', 22.54, 114.06],
  ['珠海市', 22.27, 113.58],
  ['汕头市', 23.35, 116.68],
  ['佛山市', 23.02, 113.12],
  ['江门市', 22.58, 113.08],
  ['湛江市', 21.27, 110.36],
  ['茂名市', 21.66, 110.93],
  ['肇庆市', 23.05, 112.47],
  ['惠州市', 23.11, 114.42],
  ['梅州市', 24.29, 116.12],
  ['汕尾市', 22.79, 115.37],
  ['河源市', 23.74, 114.7],
  ['阳江市', 21.86, 111.98],
  ['清远市', 23.68, 113.06],
  ['东莞市', 23.02, 113.75],
  ['中山市', 22.52, 113.39],
  ['潮州市', 23.66, 116.62],
  ['揭阳市', 23.55, 116.37],
  ['云浮市', 22.92, 112.04],
];

/** Guangdong's extent with a margin; outside it nothing is "nearest". */
const BOUNDS = { south: 20.1, north: 25.6, west: 109.6, east: 117.4 };
/** Farther than this from every centre is outside the province (the largest city is about 120 km across). */
const MAX_KM = 130;

export function placeOf(location: LatLng | undefined): string {
  if (!location) return PLACE_UNKNOWN;
  const { latitude, longitude } = location;
  if (latitude < BOUNDS.south || latitude > BOUNDS.north || longitude < BOUNDS.west || longitude > BOUNDS.east) {
    return PLACE_OUTSIDE;
  }
  let best = PLACE_OUTSIDE;
  let bestKm = MAX_KM;
  for (const [name, lat, lng] of CITY_CENTRES) {
    const km = distanceKm(location, { latitude: lat, longitude: lng });
    if (km < bestKm) [best, bestKm] = [name, km];
  }
  return best;
}
