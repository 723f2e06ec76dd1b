/**
 * Staffing: interval requirements → shift plan → headcount.
 *
 * - `analyticRequirements`: Erlang C/A agents per interval and group (the seed);
 * - `computeRequirements`: the simulation-refined requirements on common random numbers;
 * - `staffingRules`, `expandPatterns`: the shift patterns a schedule may use;
 * - `planShifts`: the cheapest covering schedule (integer program, HiGHS);
 * - `headcount`: people to hire from paid hours and shrinkage;
 * - `planStaffing`: all of it, then the schedule simulated for its SLAs.
 */
export { analyticRequirements, groupAgents, minSlotsForAbandonment } from './analyticSeed.js';
export { buildChecks, type Check, type CheckPart, type CheckSet } from './checks.js';
export { type Headcount, headcount } from './headcount.js';
export { offeredWork, type WorkModel, type WorkStream, workModel } from './offeredWork.js';
export {
  DEFAULT_CONTRACT_WEEK,
  expandPatterns,
  type GroupPatterns,
  type Pattern,
  type StaffingRules,
  staffingRules,
  type Variant,
} from './patterns.js';
export {
  type PredictedTarget,
  planStaffing,
  STAFFING_DEFINITIONS,
  STAFFING_FORMAT,
  STAFFING_VERSION,
  type StaffingOptions,
  type StaffingPlan,
  staffingFromCoverage,
  weeklyRequirement,
} from './plan.js';
export {
  computeRequirements,
  type GroupRequirement,
  gridStaffing,
  type RequirementOptions,
  type Requirements,
  type TargetAttainment,
} from './requirements.js';
export { createRunner, type SearchOutput, type StaffingRunner, withStaffing } from './runner.js';
export {
  type GroupShiftPlan,
  planShifts,
  type ShiftAssignment,
  type ShiftOptions,
  shiftProgram,
} from './shifts.js';
