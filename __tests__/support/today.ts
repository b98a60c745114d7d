import { TODAY_VARIABLE } from "../../environments/schema/today";

/**
 * Pins the day promotion gates are judged on (FHI_TODAY) for the tests of one file, and puts the variable back after:
 * the cases then hold on any day they run.
 */
export function pinToday(day: string): void {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env[TODAY_VARIABLE];
    process.env[TODAY_VARIABLE] = day;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env[TODAY_VARIABLE];
    else process.env[TODAY_VARIABLE] = saved;
  });
}
