export interface GeoPoint {
  longitude: number;
  latitude: number;
}

export interface Extent {
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
}

/** Smallest span (degrees) shown, so a single site does not produce a zero-width map. */
const MIN_SPAN_DEGREES = 0.02;

export function isValidCoordinate(point: GeoPoint): boolean {
  return (
    Number.isFinite(point.longitude) &&
    Number.isFinite(point.latitude) &&
    Math.abs(point.longitude) <= 180 &&
    Math.abs(point.latitude) <= 90
  );
}

export function dataExtent(points: readonly GeoPoint[]): Extent | null {
  const valid = points.filter(isValidCoordinate);
  if (valid.length === 0) return null;
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const p of valid) {
    minLon = Math.min(minLon, p.longitude);
    maxLon = Math.max(maxLon, p.longitude);
    minLat = Math.min(minLat, p.latitude);
    maxLat = Math.max(maxLat, p.latitude);
  }
  return { minLon, maxLon, minLat, maxLat };
}

/**
 * Expands an extent so that, drawn into a plot area of `width` x `height` pixels, one kilometre
 * east-west and one kilometre north-south take the same number of pixels (an equirectangular
 * projection centred on the data: a degree of longitude is cos(latitude) degrees of latitude long).
 */
export function fitExtent(extent: Extent, width: number, height: number, padding = 0.08): Extent {
  const centreLon = (extent.minLon + extent.maxLon) / 2;
  const centreLat = (extent.minLat + extent.maxLat) / 2;
  const cosLat = Math.max(Math.cos((centreLat * Math.PI) / 180), 0.01);
  const pixelRatio = width > 0 && height > 0 ? width / height : 1;

  let lonSpan = Math.max(extent.maxLon - extent.minLon, MIN_SPAN_DEGREES) * (1 + 2 * padding);
  let latSpan = Math.max(extent.maxLat - extent.minLat, MIN_SPAN_DEGREES) * (1 + 2 * padding);

  // Ground distances (in "latitude degrees") of the two spans.
  const groundWidth = lonSpan * cosLat;
  if (groundWidth / latSpan < pixelRatio) lonSpan = (latSpan * pixelRatio) / cosLat;
  else latSpan = groundWidth / pixelRatio;

  return {
    minLon: centreLon - lonSpan / 2,
    maxLon: centreLon + lonSpan / 2,
    minLat: centreLat - latSpan / 2,
    maxLat: centreLat + latSpan / 2,
  };
}

/** Groups points by a key, keeping first-seen order (stable legend and colours). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
