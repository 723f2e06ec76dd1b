/**
 * The benchmark's hand-written M/M/c loop (bench/floor.ts) shares no code with
 * the kernel or the queue model, only the random streams. On the same streams
 * both must follow the same sample path: the same customers wait and the same
 * number of events run. A second, independent implementation of the queue.
 * So must the benchmark's middle rung (bench/bareKernel.ts), the kernel with a
 * model that measures nothing.
 */
import { describe, expect, it } from 'vitest';
import { bareKernelMmc } from '../../bench/bareKernel.js';
import { floorMmc } from '../../bench/floor.js';
import { exponential } from '../../simulator/distributions/index.js';
import { Streams } from '../../simulator/engine/random.js';
import { simulateQueue } from '../../simulator/queue/multiServerQueue.js';

describe('the kernel and a hand-written M/M/c loop', () => {
  it.each([
    [0.7, 1],
    [4.5, 5],
    [95, 100],
  ])('agree on the sample path at arrival rate %s with %s servers', (rate, servers) => {
    const customers = 20_000;
    const streams = () => new Streams(7).child('floor', servers);
    const kernel = simulateQueue(
      { arrivalRates: [rate], servers, service: exponential(1), customers, warmup: 0 },
      streams(),
    );
    const floor = floorMmc(streams(), rate, servers, customers);
    const bare = bareKernelMmc(streams(), rate, servers, customers);
    expect(kernel.pWait).toBeGreaterThan(0);
    expect(floor.pWait).toBe(kernel.pWait);
    expect(floor.events).toBe(kernel.events);
    // The benchmark's middle rung: the kernel with a bare model.
    expect(bare.pWait).toBe(kernel.pWait);
    expect(bare.events).toBe(kernel.events);
  });
});
