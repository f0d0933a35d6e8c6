// delay-seconds (RFC 9110 §10.2.3); a fraction is not in the RFC but harmless to honour.
const DELAY_SECONDS = /^\d+(\.\d+)?$/;
// An HTTP-date, in any of the three forms RFC 9110 §5.6.7 has recipients accept (IMF-fixdate
// `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`, asctime
// `Sun Nov  6 08:49:37 1994`), starts with a day name and ends with a time and `GMT`, or a time and
// a year. Asking for that keeps Date.parse, which reads almost anything (`-1` and `soon, 3` are
// dates to it), to what a server can mean.
const HTTP_DATE = /^[a-z]{3,9},? .*\d\d:\d\d:\d\d( gmt| \d{4})$/i;
// The comma inside a date's day name, as opposed to the ", " undici joins repeated headers with.
const DAY_NAME = /^[A-Za-z]{3,9}$/;

/**
 * Milliseconds to wait from a `Retry-After` header: delay-seconds (`"2"`, `"1.5"`) or an HTTP-date.
 * `undefined` when absent or unreadable; never negative.
 *
 * A header sent twice (a proxy's and the origin's) reaches us joined by undici as `"120, 120"`. Each
 * value is read, unreadable ones are ignored, and the longest wait wins: a server that asked for
 * the longer one refuses an earlier try, which would only cost another attempt and retry budget.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const single = parseOne(value.trim(), now);
  if (single !== undefined || !value.includes(',')) return single;
  let longest: number | undefined;
  const parts = value.split(',');
  for (let i = 0; i < parts.length; i += 1) {
    const part = (parts[i] as string).trim();
    let ms: number | undefined;
    // `Sun` + ` 06 Nov 1994 08:49:37 GMT`: a date's own comma, not a separator.
    if (DAY_NAME.test(part) && i + 1 < parts.length) {
      ms = parseOne(`${part},${parts[i + 1]}`.trim(), now);
      if (ms !== undefined) i += 1;
    }
    ms ??= parseOne(part, now);
    if (ms !== undefined && (longest === undefined || ms > longest)) longest = ms;
  }
  return longest;
}

function parseOne(value: string, now: number): number | undefined {
  if (DELAY_SECONDS.test(value)) return Math.round(Number(value) * 1000);
  if (!HTTP_DATE.test(value)) return undefined;
  // asctime carries no zone; HTTP dates are UTC.
  const at = Date.parse(/gmt$/i.test(value) ? value : `${value} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
