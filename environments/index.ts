import type { EnvironmentInput } from "./schema/config";
import { dev } from "./dev";
import { pilot } from "./pilot";
import { prod } from "./prod";

/** Every environment this repository deploys, in promotion order. */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentInput>> = { dev, pilot, prod };
