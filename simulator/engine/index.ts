export { Calendar, type EventHandle, type Lane, MAX_LANES } from './calendar.js';
export { type RandomSource, Stream, Streams } from './random.js';
export { type EventHandler, Simulation } from './simulation.js';
