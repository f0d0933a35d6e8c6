import type { MeasurementResult } from '../result.js';
import type { Environment } from './environment.js';

/** results.json: everything measured, raw rounds included, for tooling and for comparing runs by hand. */
export function renderJson(results: readonly MeasurementResult[], env: Environment): string {
  const document = {
    environment: env,
    goals: results.flatMap((result) => result.checks),
    measurements: Object.fromEntries(
      results.map((result) => [
        result.id,
        { title: result.title, details: result.details, data: result.data },
      ]),
    ),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
