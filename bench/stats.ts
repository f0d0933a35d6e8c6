// Order statistics for noisy samples: medians and percentiles rather than means, because one GC
// pause or a scheduler hiccup on a shared 2-core machine would drag a mean far more than a median.

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no samples');
  return [...values].sort((a, b) => a - b);
}

/** The p-th percentile (0..100), interpolated linearly between the two nearest ranks. */
export function percentile(values: readonly number[], p: number): number {
  const ordered = sorted(values);
  const rank = (p / 100) * (ordered.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = ordered[low] as number;
  const highValue = ordered[high] as number;
  return lowValue + (highValue - lowValue) * (rank - low);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function min(values: readonly number[]): number {
  return sorted(values)[0] as number;
}

export function max(values: readonly number[]): number {
  const ordered = sorted(values);
  return ordered[ordered.length - 1] as number;
}

/** The interquartile range relative to the median: how noisy a series of rounds was. */
export function relativeSpread(values: readonly number[]): number {
  const mid = median(values);
  return mid === 0 ? 0 : (percentile(values, 75) - percentile(values, 25)) / mid;
}

/** Element-wise ratios of two equally long series (round i of one against round i of the other). */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  if (numerators.length !== denominators.length) throw new Error('series of different lengths');
  return numerators.map((value, i) => value / (denominators[i] as number));
}
