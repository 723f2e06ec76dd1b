/**
 * Probability distributions for service, patience and inter-arrival times,
 * parameterised the way capacity planners think (mean and cv), each a factory
 * over an injected random source. See `distribution.ts` for the contract.
 */
export { deterministic } from './deterministic.js';
export type { Distribution } from './distribution.js';
export { type EmpiricalOptions, empirical } from './empirical.js';
export { ERLANG_PRODUCT_MAX_K, erlang } from './erlang.js';
export { exponential } from './exponential.js';
export { type DistributionName, type DistributionSpec, fromSpec, SPEC_FIELDS } from './fromSpec.js';
export { gamma } from './gamma.js';
export { lognormal } from './lognormal.js';
export { normalQuantile } from './normalQuantile.js';
export { DistributionParameterError, type ParameterIssue } from './parameters.js';
export { type ScaledDistribution, scaled } from './scaled.js';
export { uniform } from './uniform.js';
