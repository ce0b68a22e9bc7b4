// Calendar days as the corpus and the reader's sources keep them: YYYY-MM-DD, checked one way everywhere.

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** True for a day written YYYY-MM-DD with a real month and a day of 01 to 31. */
export function isIsoDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value);
}
