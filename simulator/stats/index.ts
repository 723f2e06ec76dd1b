/**
 * Streaming statistics with bounded memory for simulation output: moments,
 * time averages, a quantile sketch and confidence intervals.
 */
export { BucketArena } from './bucketArena.js';
export {
  type ConfidenceInterval,
  confidenceInterval,
  type ProportionInterval,
  proportionInterval,
} from './confidence.js';
export { regularizedIncompleteBeta } from './incompleteBeta.js';
export { logBeta } from './logBeta.js';
export { logGamma } from './logGamma.js';
export { Moments, type MomentsJSON } from './moments.js';
export { normalQuantile } from './normalQuantile.js';
export {
  QuantileSketch,
  type QuantileSketchJSON,
  type QuantileSketchOptions,
} from './quantileSketch.js';
export { studentTCdf, studentTQuantile } from './studentT.js';
export { TimeAverage } from './timeAverage.js';
