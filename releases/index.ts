import type { ReleaseInput } from "../environments/schema/release";
import { clinicalLlm1 } from "./clinical-llm-1";
import { clinicalLlmMini1 } from "./clinical-llm-mini-1";

/**
 * Every model release, by ID: one record per file (`releases/<id>.ts`), plain data like the environments. A new
 * release is a new file listed here; its `served` dates and `signOffs` grow by pull request as it is promoted
 * (docs/adr/0005-releases-and-rollouts.md).
 */
export const RELEASES: Readonly<Record<string, ReleaseInput>> = {
  "clinical-llm-mini-1": clinicalLlmMini1,
  "clinical-llm-1": clinicalLlm1,
};
