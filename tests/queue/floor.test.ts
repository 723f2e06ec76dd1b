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
import { deterministic, exponential } from '../../simulator/distributions/index.js';
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

describe('the waiting room against the Lindley recursion', () => {
  it('serves an overloaded single server first come, first served, past its first 1,024 slots', () => {
    // One server, service exactly 1, three arrivals per unit: the line grows
    // to about 2,000, so the room must grow while keeping its order. The
    // reference draws the same arrival gaps and applies s(k) = max(a(k), s(k−1) + 1).
    const customers = 3_000;
    const rate = 3;
    const target = 700;
    const streams = () => new Streams(11).child('lindley', 0);
    const model = simulateQueue(
      {
        arrivalRates: [rate],
        servers: 1,
        service: deterministic(1),
        customers,
        warmup: 0,
        target,
      },
      streams(),
    );
    const gaps = streams().stream('arrivals');
    let arrival = 0;
    let freeAt = Number.NEGATIVE_INFINITY;
    let within = 0;
    let waitSum = 0;
    for (let k = 0; k < customers; k++) {
      arrival += gaps.exponential() / rate;
      const start = Math.max(arrival, freeAt);
      freeAt = start + 1;
      const wait = start - arrival;
      waitSum += wait;
      if (wait <= target) within++;
    }
    expect(within).toBeGreaterThan(customers / 5);
    expect(within).toBeLessThan((4 * customers) / 5);
    expect(model.served).toBe(customers);
    expect(model.serviceLevel * customers).toBeCloseTo(within, 6);
    expect(model.asa).toBeCloseTo(waitSum / customers, 6);
  });
});
