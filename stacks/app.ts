import { App, Aspects, TerraformStack } from "cdktf";
import { PolicyAspect } from "../policies/cdktf/aspect";
import type { Environment } from "../environments/schema/config";
import { BootstrapStack } from "./bootstrap-stack";
import { defineApiStacks, type RegionalStacks } from "./edge-stack";
import { InferenceStack } from "./inference-stack";
import { NetworkStack } from "./network-stack";
import { PlatformStack } from "./platform-stack";

/** Declares every stack of one environment: the state bootstrap, then per region network -> platform -> inference. */
export function defineEnvironment(app: App, env: Environment): void {
  const bootstrap = new BootstrapStack(app, { env });
  const regional: RegionalStacks[] = [];
  for (const region of env.regions) {
    const network = new NetworkStack(app, { env, region });
    // Applied by an operator before anything else: the state account, the deployer network and identity
    // (docs/deploy.md). Declared so that the manifest, the deploy order and fhi preflight see it.
    network.addDependency(bootstrap);
    const platform = new PlatformStack(app, { env, region, network });
    const inference = new InferenceStack(app, { env, region, network, platform });
    regional.push({ region, network, platform, inference });
  }
  // Environments that serve a public API get a gateway per serving region and the global edge.
  if (env.api) defineApiStacks(app, env, env.api, regional);
}

/** A cdktf app with the stacks of the given (already validated) environments. */
export function buildApp(environments: readonly Environment[], outdir: string): App {
  // Stack traces in the output make every synth differ from the last and bloat review diffs.
  const app = new App({ outdir, stackTraces: false });
  for (const env of environments) defineEnvironment(app, env);
  // The policy pack runs on every stack during synth; failing error rules stop it (policies/cdktf/aspect.ts).
  const policy = new PolicyAspect();
  for (const stack of app.node.children) if (stack instanceof TerraformStack) Aspects.of(stack).add(policy);
  return app;
}
