/** What a mixture asks of its inputs. */
export interface MixTarget {
  /** Each input's size in the train split (tokens or documents), by recipe input; positive where its weight is. */
  readonly available: Float64Array
  /** One weight per input, non-negative, not necessarily summing to 1. */
  readonly weights: readonly number[]
  /** The train split's size; absent: the largest mixture that repeats no input. */
  readonly budget: number | undefined
  readonly maxRepeats: number
}

// A rate this close to an integer is that integer: an input the mixture takes whole must
// not lose a document to the rounding of budget / weight x weight / available.
const SNAP = 1e-9

/**
 * Each input's sampling rate, the copies its documents get on average: its target (the
 * budget's share by normalized weight) over what it has, at most `maxRepeats`, so a capped
 * input falls short of its share. Without a budget, the budget is min(available / weight)
 * over weighted inputs, the largest mixture in which every rate is at most 1.
 */
export function mixRates(target: MixTarget): Float64Array {
  const { available, weights, maxRepeats } = target
  let sum = 0
  for (const w of weights) sum += w
  let budget = target.budget
  if (budget === undefined) {
    budget = Infinity
    for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) budget = Math.min(budget, (available[i]! * sum) / weights[i]!)
  }
  const rates = new Float64Array(weights.length)
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0) continue
    const rate = Math.min(maxRepeats, (budget * weights[i]!) / sum / available[i]!)
    const whole = Math.round(rate)
    rates[i] = Math.abs(rate - whole) < SNAP ? whole : rate
  }
  return rates
}
