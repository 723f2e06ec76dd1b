/**
 * Headcount: people to hire so that a weekly shift plan can be staffed.
 *
 * The shift plan is the roster of agents present on each shift. People are
 * also away for reasons the roster does not show — leave, sickness,
 * training, meetings: the group's `shrinkage`, the share of paid time lost so.
 * So (semantics.md §5.1, pyworkforce `required_positions`, NICE's
 * `Final = Raw / (1 − Shrinkage)`):
 *
 *   FTE       = paid hours of the plan per week ÷ the contract week
 *   headcount = ⌈FTE / (1 − shrinkage)⌉
 *
 * FTE counts full-time equivalents (a 40 h contract week by default), so the
 * headcount is in full-time people; part-timers count as fractions.
 */

export interface Headcount {
  /** Paid hours per week of the shift plan. */
  paidHours: number;
  /** Full-time equivalents: paidHours ÷ contract-week hours. */
  fte: number;
  shrinkage: number;
  /** ⌈FTE / (1 − shrinkage)⌉. */
  headcount: number;
}

/**
 * @param paidHours paid hours per week of the plan (≥ 0)
 * @param contractWeekHours paid hours of one full-time agent per week (> 0)
 * @param shrinkage share of paid time lost off the roster, in [0, 1)
 * @throws {RangeError} for a contract week that is not > 0 or a shrinkage outside [0, 1)
 * @example
 * headcount(1200, 40, 0.3); // { paidHours: 1200, fte: 30, shrinkage: 0.3, headcount: 43 }
 */
export function headcount(
  paidHours: number,
  contractWeekHours: number,
  shrinkage: number,
): Headcount {
  if (!(contractWeekHours > 0)) {
    throw new RangeError(`headcount: contractWeekHours must be > 0, got ${contractWeekHours}`);
  }
  if (!(shrinkage >= 0 && shrinkage < 1)) {
    throw new RangeError(`headcount: shrinkage must be in [0, 1), got ${shrinkage}`);
  }
  const fte = paidHours / contractWeekHours;
  // The 1e-9 keeps an exact quotient (30 / 0.75 = 40.000000000000004) from rounding up.
  const heads = Math.max(0, Math.ceil(fte / (1 - shrinkage) - 1e-9));
  return { paidHours, fte, shrinkage, headcount: heads };
}
