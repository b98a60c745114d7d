/**
 * "Today" for the promotion gates: the UTC date of the clock, or FHI_TODAY=YYYY-MM-DD to pin it (tests, a CI run
 * replayed later, "would this still pass on 2027-01-04?"). A gate only ever opens with time (a release serves longer,
 * a sign-off stays given), so a config that passes today passes every later day.
 */
import { isCalendarDate } from "./release";
import type { ConfigProblem } from "./problems";

export const TODAY_VARIABLE = "FHI_TODAY";

export type Today = { readonly ok: true; readonly date: string } | { readonly ok: false; readonly problem: ConfigProblem };

/** The day the gates are judged on; a malformed FHI_TODAY is a problem naming the variable, never silently the clock. */
export function today(environment: NodeJS.ProcessEnv = process.env, clock: () => Date = () => new Date()): Today {
  const pinned = environment[TODAY_VARIABLE];
  if (pinned === undefined || pinned === "") return { ok: true, date: clock().toISOString().slice(0, 10) };
  if (isCalendarDate(pinned)) return { ok: true, date: pinned };
  return {
    ok: false,
    problem: {
      environment: "(process)",
      path: TODAY_VARIABLE,
      message: `"${pinned}" is not a date. Fix: write it as YYYY-MM-DD (e.g. ${TODAY_VARIABLE}=2026-12-01), or unset it to judge promotions on today's UTC date`,
    },
  };
}
