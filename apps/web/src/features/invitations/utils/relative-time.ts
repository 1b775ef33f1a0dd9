/** The largest unit that fits, so "in 3 days", "yesterday", "in 5 hours", "2 minutes ago". */
const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 60 * 60 * 1000],
  ['month', 30 * 24 * 60 * 60 * 1000],
  ['day', 24 * 60 * 60 * 1000],
  ['hour', 60 * 60 * 1000],
  ['minute', 60 * 1000],
];

/** `time` relative to `now` in the reader's language ("in 3 days", "yesterday", "3天后"). */
export function relativeTime(time: number, now: number, language: string): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const difference = time - now;
  for (const [unit, size] of units) {
    if (Math.abs(difference) >= size) return format.format(Math.round(difference / size), unit);
  }
  return format.format(Math.round(difference / 1000), 'second');
}
