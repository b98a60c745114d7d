import { loadModel, type LoadedInput } from "../adapters/load";
import { DeploymentModel } from "./deployment";
import { readCdktfOutStacks } from "./stacks";

/** Loads inputs as `fhi policy check` does, plus the stacks and deploy order of cdktf outputs. */
export function loadDeployment(paths: readonly string[]): { readonly model: DeploymentModel; readonly inputs: readonly LoadedInput[] } {
  const { model, inputs } = loadModel(paths);
  return { model: new DeploymentModel(model.resources, paths.flatMap(readCdktfOutStacks)), inputs };
}
