/**
 * Input adapters: every supported input becomes `Resource`s of one `ResourceModel` (see policies/model).
 * - `loadModel(paths)`: files and directories, kind detected from content (what `fhi policy check` and
 *   `fhi review` call).
 * - `readCdktfStacks(stacks)`: in-memory stack JSON (what the synth-time aspect calls).
 * - `readTerraformJson`, `readPlanJson` + `buildModel`: single documents.
 * Unreadable input throws `InputError`, whose message is one line naming the file.
 */
export { loadModel, detectKind, readJsonFile, type LoadedInput, type LoadedModel } from "./load";
export { readCdktfStacks, type CdktfStackDocument } from "./cdktf-out";
export { readTerraformJson } from "./terraform-json";
export { readPlanJson, isPlanJson } from "./plan-json";
export { buildModel, InputError, type RawResource, type RawReference } from "./raw";
