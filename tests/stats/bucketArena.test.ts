import { describe, expect, it } from 'vitest';
import { BucketArena } from '../../simulator/stats/bucketArena.js';
import { QuantileSketch } from '../../simulator/stats/index.js';
import { exponential, uniform } from './seededRandom.js';

describe('BucketArena', () => {
  it('hands out zeroed arrays that never overlap, across slabs and beyond the slab size', () => {
    const arena = new BucketArena(100);
    const arrays = [30, 30, 30, 30, 250, 7, 100].map((n) => arena.take(n));
    arrays.forEach((a, i) => {
      expect(a.every((v) => v === 0)).toBe(true);
      a.fill(i + 1);
    });
    // Each still holds only its own mark: no two share a double.
    arrays.forEach((a, i) => {
      expect(a.every((v) => v === i + 1)).toBe(true);
    });
    expect(arrays.map((a) => a.length)).toEqual([30, 30, 30, 30, 250, 7, 100]);
    expect(arena.doublesTaken).toBe(477);
    expect(() => new BucketArena(0)).toThrow(/slabLength/);
  });

  it('gives sketches exactly the state they have without it: growth, shifts and collapse', () => {
    const arena = new BucketArena(256); // small slabs, so growth crosses slab boundaries
    const u = uniform(3);
    const wait = exponential(4, 60);
    for (const maxBuckets of [2048, 40]) {
      const plain: QuantileSketch[] = [];
      const pooled: QuantileSketch[] = [];
      for (let s = 0; s < 50; s++) {
        plain.push(new QuantileSketch({ relativeAccuracy: 0.01, maxBuckets }));
        pooled.push(new QuantileSketch({ relativeAccuracy: 0.01, maxBuckets, arena }));
      }
      // Interleaved adds over about eight decades, so every sketch grows and re-centres while others do.
      for (let i = 0; i < 20_000; i++) {
        const s = Math.floor(u() * 50);
        const x = u() < 0.1 ? 0 : wait() * 10 ** Math.floor(u() * 4 - 2);
        plain[s].add(x);
        pooled[s].add(x);
      }
      const merged = new QuantileSketch({ relativeAccuracy: 0.01, maxBuckets, arena });
      for (let s = 0; s < 50; s++) {
        expect(pooled[s].toJSON()).toEqual(plain[s].toJSON());
        merged.merge(pooled[s]);
      }
      const reference = new QuantileSketch({ relativeAccuracy: 0.01, maxBuckets });
      for (const s of plain) reference.merge(s);
      expect(merged.toJSON()).toEqual(reference.toJSON());
      expect(merged.collapsed).toBe(maxBuckets === 40);
    }
  });
});
