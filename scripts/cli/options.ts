/** Parsers of option values: each names its option in the error and says what to write instead (exit 2). */
import { UserError } from "./errors";

/** A whole number of 0 or more, e.g. for `--max`. */
export function wholeNumber(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) throw new UserError(`${flag} ${value}: must be a whole number of 0 or more. Fix: e.g. ${flag} 4`);
    return parsed;
  };
}

const DURATION_UNITS_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** A duration such as 90s, 30m or 1h (minutes when no unit is given), in milliseconds. */
export function duration(flag: string): (value: string) => number {
  return (value) => {
    const match = /^(\d+)([smh]?)$/.exec(value);
    if (!match || Number(match[1]) === 0) {
      throw new UserError(`${flag} ${value}: not a duration. Fix: write a whole number and a unit, s (seconds), m (minutes) or h (hours), e.g. ${flag} 90s, 30m or 1h; a bare number means minutes`);
    }
    return Number(match[1]) * DURATION_UNITS_MS[(match[2] || "m") as keyof typeof DURATION_UNITS_MS];
  };
}

export const REASON_LENGTH = { min: 8, max: 500 } as const;

/**
 * A reason for the audit log: free text typed under pressure, so control characters (terminal escapes, line
 * breaks that would forge a second record) become spaces, and it must say something (length bounds).
 */
export function reason(flag: string): (value: string) => string {
  return (value) => {
    const cleaned = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s+/g, " ").trim();
    const why = "Fix: say why, e.g. the incident or change number and what it is for (no patient data)";
    if (cleaned.length < REASON_LENGTH.min || !/\p{L}/u.test(cleaned)) {
      throw new UserError(`${flag}: "${cleaned}" is too short to tell a reader later why this was done (at least ${REASON_LENGTH.min} characters). ${why}`);
    }
    if (cleaned.length > REASON_LENGTH.max) throw new UserError(`${flag}: ${cleaned.length} characters is more than the ${REASON_LENGTH.max} an audit record keeps. ${why}, in short`);
    return cleaned;
  };
}
