/**
 * How one environment is deployed from its synthesized output: which runner, which stacks in which order, how long
 * each may take, and which resources need a targeted first apply (stacks/deploy-contract.ts). The deploy workflow and
 * `fhi deploy apply` follow it; docs/deploy.md shows it.
 */
import type { Environment } from "../environments/schema/config";
import { readCdktfOutStacks } from "../policies/preflight/stacks";
import type { StackInfo } from "../policies/preflight/deployment";
import { CREATION_PHASE_VARIABLE, runnerLabel, RUNNER_JOB_TIMEOUT_MINUTES } from "../stacks/deploy-contract";

/** Minutes every stack gets for init, refresh and the quick resources. */
const BASE_MINUTES = 15;

/**
 * Our estimate of the longest first create of each slow resource type, with margin: resources of one type in one
 * stack are created in parallel (Terraform's default parallelism is 10), so a type counts once. azurerm's own create
 * timeouts bound them from above.
 */
const SLOW_TYPES: Readonly<Record<string, { readonly minutes: number; readonly why: string }>> = {
  azurerm_api_management: { minutes: 90, why: "an API Management instance takes tens of minutes to create (provider timeout: 3 h)" },
  azurerm_machine_learning_workspace: { minutes: 90, why: "a managed network provisioned on creation; the workspace's create timeout is 90 minutes (constructs/ml-workspace)" },
  azurerm_kubernetes_cluster: { minutes: 45, why: "a private cluster with API server VNet integration (provider timeout: 90 min)" },
  azurerm_kubernetes_cluster_node_pool: { minutes: 30, why: "GPU node pools wait for capacity and the GPU driver (provider timeout: 60 min)" },
  azurerm_kubernetes_cluster_extension: { minutes: 20, why: "an extension installs its Helm release into the cluster" },
  azurerm_kubernetes_flux_configuration: { minutes: 20, why: "Flux reconciles the first time" },
  azurerm_cdn_frontdoor_profile: { minutes: 20, why: "Front Door profiles and their private link origins (provider timeout: 30 min)" },
  azurerm_container_app_environment: { minutes: 30, why: "an internal Container Apps environment in a VNet (provider timeout: 30 min)" },
  azapi_resource: { minutes: 30, why: "ARM resources written through azapi: keys, model assets, environment versions, loggers" },
  time_sleep: { minutes: 5, why: "role propagation waits" },
};

/** azapi resources slower than `azapi_resource` in general, by ARM type: the stack's azapi budget is its slowest. */
const SLOW_ARM_TYPES: Readonly<Record<string, { readonly minutes: number; readonly why: string }>> = {
  "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments": { minutes: 60, why: "online deployments copy hundreds of GB of weights, verify them and wait for readiness" },
};

type StackJson = { readonly resource?: Record<string, Record<string, unknown>> };

export interface StackStep {
  readonly stack: string;
  /** Directory of the stack's `cdk.tf.json`, relative to the output directory. */
  readonly directory: string;
  readonly timeoutMinutes: number;
  /** Addresses to create first, alone, with the creation-phase variable true; only while they do not exist. */
  readonly creationPhaseTargets: readonly string[];
}

export interface DeployPlan {
  readonly environment: string;
  /** What the deploy job's `runs-on` takes. */
  readonly runsOn: readonly string[] | { readonly group: string };
  /** Stacks in deploy order. */
  readonly steps: readonly StackStep[];
  /** The same stacks grouped: a wave's stacks depend only on earlier waves, so they are applied side by side. */
  readonly waves: readonly (readonly string[])[];
  /** Stacks an operator applies by hand (local state), before the pipeline's first run. */
  readonly manual: readonly string[];
  /** The deploy job's budget: each wave's longest stack, plus setup. */
  readonly jobTimeoutMinutes: number;
}

export class DeployPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeployPlanError";
  }
}

function timeoutOf(stack: StackInfo, json: StackJson): number {
  const slow = Object.keys(stack.resourceTypes).reduce((sum, type) => sum + (type === "azapi_resource" ? azapiMinutes(json) : (SLOW_TYPES[type]?.minutes ?? 0)), 0);
  return BASE_MINUTES + slow;
}

function azapiMinutes(json: StackJson): number {
  const armTypes = Object.values(json.resource?.azapi_resource ?? {}).map((body) => String((body as { type?: unknown }).type ?? "").split("@")[0]);
  return Math.max(SLOW_TYPES.azapi_resource.minutes, ...armTypes.map((type) => SLOW_ARM_TYPES[type]?.minutes ?? 0));
}

/** Resources whose configuration reads the creation-phase variable, from the stack's JSON as written. */
export function creationPhaseTargets(stackJson: StackJson): string[] {
  const marker = `\${var.${CREATION_PHASE_VARIABLE}}`;
  return Object.entries(stackJson.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName)
      .filter(([, body]) => JSON.stringify(body).includes(marker))
      .map(([name]) => `${type}.${name}`),
  );
}

export function runsOn(env: Environment): DeployPlan["runsOn"] {
  return env.deployer.runners.kind === "self-hosted" ? ["self-hosted", runnerLabel(env)] : { group: env.deployer.runners.runnerGroup };
}

/** Setup before the first stack: checkout, install, synth, preflight, sign-in. */
const SETUP_MINUTES = 20;

/**
 * The deploy plan of `env` from an output directory. `readStack` returns a stack's JSON (for the creation-phase
 * targets). Throws DeployPlanError when the output has no stack of the environment, or the job would outlast the
 * self-hosted runners' lifetime.
 */
export function deployPlan(outdir: string, env: Environment, readStack: (directory: string) => StackJson): DeployPlan {
  const stacks = readCdktfOutStacks(outdir).filter((stack) => stack.name.startsWith(`${env.name}-`));
  if (stacks.length === 0) throw new DeployPlanError(`${outdir} has no stack of environment ${env.name}. Fix: run \`npx fhi synth --env ${env.name}\` first`);
  const manual = stacks.filter((stack) => stack.backend?.kind === "local").map((stack) => stack.name);
  const steps = stacks
    .filter((stack) => stack.backend?.kind !== "local")
    .map((stack): StackStep => {
      const directory = `stacks/${stack.name}`;
      const json = readStack(directory);
      return { stack: stack.name, directory, timeoutMinutes: timeoutOf(stack, json), creationPhaseTargets: creationPhaseTargets(json) };
    });
  const waves = wavesOf(stacks.filter((stack) => stack.backend?.kind !== "local"));
  const budget = new Map(steps.map((step) => [step.stack, step.timeoutMinutes]));
  const jobTimeoutMinutes = SETUP_MINUTES + waves.reduce((sum, wave) => sum + Math.max(...wave.map((stack) => budget.get(stack)!)), 0);
  if (env.deployer.runners.kind === "self-hosted" && jobTimeoutMinutes > RUNNER_JOB_TIMEOUT_MINUTES) {
    throw new DeployPlanError(`${env.name}: the deploy needs up to ${jobTimeoutMinutes} minutes, longer than a runner lives (${RUNNER_JOB_TIMEOUT_MINUTES}). Fix: raise RUNNER_JOB_TIMEOUT_MINUTES in stacks/bootstrap-stack.ts and apply the bootstrap`);
  }
  return { environment: env.name, runsOn: runsOn(env), steps, waves, manual, jobTimeoutMinutes };
}

/** Each stack in the wave after its latest dependency (dependencies outside `stacks`, such as the bootstrap, are done). */
function wavesOf(stacks: readonly StackInfo[]): string[][] {
  const waveOf = new Map<string, number>();
  for (const stack of stacks) {
    const after = stack.dependencies.map((dependency) => waveOf.get(dependency)).filter((wave): wave is number => wave !== undefined);
    waveOf.set(stack.name, after.length === 0 ? 0 : Math.max(...after) + 1);
  }
  const waves: string[][] = [];
  for (const [stack, wave] of waveOf) (waves[wave] ??= []).push(stack);
  return waves;
}
