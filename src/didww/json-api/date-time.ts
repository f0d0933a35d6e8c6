import * as z from 'zod/mini';
import { lazy } from '../../core/lazy.js';
import { addIssue } from '../../core/zod.js';

/** A JSON:API date-time attribute (`created_at`, `expires_at`): an ISO 8601 string, read as a `Date`. */
export const dateTimeSchema = lazy(() =>
  z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) {
        addIssue(ctx, 'expected an ISO 8601 date-time');
        return z.NEVER;
      }
      return date;
    }),
  ),
);
