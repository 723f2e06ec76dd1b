/**
 * The middle rung of the kernel benchmark: M/M/c on the kernel (calendar,
 * slots, tie-break keys, handler) with a bare model that measures nothing but
 * who waited. Between the floor (no kernel, bench/floor.ts) and the full queue
 * model (its statistics, waiting pool and classes), it tells how much of a
 * run is the kernel's and how much the model's. Same named streams as both,
 * so the same sample path.
 */
import type { RandomSource, Streams } from '../simulator/engine/random.js';
import { type Lane, Simulation } from '../simulator/engine/simulation.js';

const ARRIVAL = 0;
const DEPARTURE = 1;

class BareMmc {
  private readonly sim: Simulation;
  private readonly arrivalLane: Lane;
  private generated = 0;
  private busy = 0;
  private waiting = 0;
  queued = 0;

  constructor(
    private readonly arrivals: RandomSource,
    private readonly service: RandomSource,
    private readonly arrivalRate: number,
    private readonly servers: number,
    private readonly customers: number,
  ) {
    this.sim = new Simulation({ initialCapacity: servers + 64 });
    this.arrivalLane = this.sim.addLane();
  }

  run(): number {
    this.sim.scheduleOn(this.arrivalLane, this.interarrival(), ARRIVAL);
    return this.sim.run((kind) => (kind === ARRIVAL ? this.arrive() : this.depart()));
  }

  private interarrival(): number {
    return this.arrivals.exponential() / this.arrivalRate;
  }

  private arrive(): void {
    if (++this.generated < this.customers) {
      this.sim.scheduleOn(this.arrivalLane, this.interarrival(), ARRIVAL);
    }
    if (this.busy < this.servers) {
      this.busy++;
      this.sim.schedule(this.service.exponential(), DEPARTURE);
    } else {
      this.waiting++;
      this.queued++;
    }
  }

  private depart(): void {
    if (this.waiting > 0) {
      this.waiting--;
      this.sim.schedule(this.service.exponential(), DEPARTURE);
    } else {
      this.busy--;
    }
  }
}

export function bareKernelMmc(
  streams: Streams,
  arrivalRate: number,
  servers: number,
  customers: number,
): { pWait: number; events: number } {
  const model = new BareMmc(
    streams.stream('arrivals'),
    streams.stream('service'),
    arrivalRate,
    servers,
    customers,
  );
  const events = model.run();
  return { pWait: model.queued / customers, events };
}
