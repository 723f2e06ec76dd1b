/**
 * The analytic oracle: closed-form queueing results that the simulator must
 * reproduce and that staffing plans are built from. One formula per file;
 * every function validates its inputs and throws a RangeError naming the
 * parameter and the fix. Rates and times must share one time unit.
 */

export {
  type ErlangAMeasures,
  type ErlangAParams,
  type ErlangAWaitAt,
  erlangAMeasures,
  erlangAWaitAt,
} from './erlangA.js';
export { erlangB } from './erlangB.js';
export { type ErlangCMeasures, type ErlangCParams, erlangC, erlangCMeasures } from './erlangC.js';
export {
  type GammaSeries,
  gammaSeries,
  regularizedGammaP,
  regularizedGammaQ,
} from './incompleteGamma.js';
export { logGamma, stirlingError } from './logGamma.js';
export { type MmckMeasures, type MmckParams, mmckMeasures } from './mmck.js';
export { type PriorityParams, priorityWaits } from './priority.js';
export { garnettDelay, halfinWhittDelay, squareRootStaffing } from './squareRootStaffing.js';
export {
  type AsaStaffingParams,
  minAgentsForAsa,
  minAgentsForServiceLevel,
  type ServiceLevelStaffingParams,
  type StaffingModel,
} from './staffing.js';
