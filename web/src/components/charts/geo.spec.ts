import { describe, expect, it } from 'vitest';
import { dataExtent, fitExtent, groupBy } from './geo';

const kmPerDegLat = 111.32;
const groundAspect = (e: ReturnType<typeof fitExtent>) => {
  const centreLat = (e.minLat + e.maxLat) / 2;
  const width = (e.maxLon - e.minLon) * Math.cos((centreLat * Math.PI) / 180) * kmPerDegLat;
  const height = (e.maxLat - e.minLat) * kmPerDegLat;
  return width / height;
};

describe('geo extent', () => {
  const points = [
    { longitude: 120.0, latitude: 30.0 },
    { longitude: 120.3, latitude: 30.1 },
    { longitude: 120.1, latitude: 30.25 },
    { longitude: Number.NaN, latitude: 30 },
    { longitude: 500, latitude: 30 },
  ];

  it('ignores invalid coordinates', () => {
    expect(dataExtent(points)).toEqual({ minLon: 120.0, maxLon: 120.3, minLat: 30.0, maxLat: 30.25 });
    expect(dataExtent([{ longitude: Number.NaN, latitude: 1 }])).toBeNull();
  });

  it.each([
    [800, 400],
    [400, 800],
    [1000, 1000],
  ])('gives equal ground distance per pixel in both directions (%i x %i)', (w, h) => {
    const fitted = fitExtent(dataExtent(points)!, w, h);
    expect(groundAspect(fitted)).toBeCloseTo(w / h, 6);
  });

  it('still contains every point', () => {
    const extent = dataExtent(points)!;
    const fitted = fitExtent(extent, 300, 900);
    expect(fitted.minLon).toBeLessThan(extent.minLon);
    expect(fitted.maxLon).toBeGreaterThan(extent.maxLon);
    expect(fitted.minLat).toBeLessThan(extent.minLat);
    expect(fitted.maxLat).toBeGreaterThan(extent.maxLat);
  });

  it('gives a single site a non-empty window', () => {
    const fitted = fitExtent({ minLon: 120, maxLon: 120, minLat: 30, maxLat: 30 }, 600, 400);
    expect(fitted.maxLon - fitted.minLon).toBeGreaterThan(0.01);
    expect(fitted.maxLat - fitted.minLat).toBeGreaterThan(0.01);
  });

  it('groups in first-seen order', () => {
    const groups = groupBy(['b1', 'a1', 'b2'], (s) => s.charAt(0));
    expect([...groups.keys()]).toEqual(['b', 'a']);
    expect(groups.get('b')).toEqual(['b1', 'b2']);
  });
});
