/**
 * The release pass of validation: what needs an environment's settings together with the release records it names
 * and the day. Every release named exists; each passes the environment's promotion gate; each deployment's GPUs hold
 * its release's model; the request limits fit the models serving; clients see one model name.
 */
import type { EnvironmentSettings } from "./config";
import { deploymentGpus } from "./checks";
import { GPU_SKUS } from "./gpu-skus";
import { JSON_BYTES_PER_TOKEN_BOUND, maxRequestBytes, misfits, sizesThatFit } from "./model-fit";
import { formatPath, type ConfigProblem } from "./problems";
import { isSignedOffEnvironment, promotionRefusals } from "./promotion";
import { SIGNED_OFF_ENVIRONMENTS, type Release, type ReleaseInput } from "./release";
import { releaseIdOf, requestBoundingModel } from "./releases";

type Path = (string | number)[];

export type ReleaseCatalogInput = Readonly<Record<string, ReleaseInput>>;

/** A catalog checked record by record: the valid releases, and the problems of the others by catalog key. */
export interface CheckedCatalog {
  readonly releases: Readonly<Record<string, Release>>;
  readonly problems: Readonly<Record<string, readonly ConfigProblem[]>>;
}

/** Where a release record is written: the label of its problems. */
export function releaseFile(id: string): string {
  return `releases/${id}.ts`;
}

/** A field that names a release (the environment's default, or a deployment's own): where its problems are reported. */
interface ReleaseUse {
  readonly id: string;
  readonly path: Path;
  /** How many deployments run it through this field (the default may serve none). */
  readonly deployments: number;
}

/**
 * Checks every record of `catalog` with `parse` (the release schema made strict, in our words), then across records:
 * the key is the record's ID, and a model name and version always mean the same weights (Azure ML model versions and
 * the store's `<name>/<version>/` folders are immutable).
 */
export function checkCatalog(catalog: ReleaseCatalogInput, parse: (input: unknown, label: string) => { ok: true; value: Release } | { ok: false; problems: ConfigProblem[] }): CheckedCatalog {
  const releases: Record<string, Release> = {};
  const problems: Record<string, ConfigProblem[]> = {};
  const add = (key: string, problem: ConfigProblem) => (problems[key] ??= []).push(problem);
  const weightsOf = new Map<string, { key: string; sha256: string }>();
  for (const [key, input] of Object.entries(catalog)) {
    const label = releaseFile(key);
    const parsed = parse(input, label);
    if (!parsed.ok) {
      for (const problem of parsed.problems) add(key, problem);
      continue;
    }
    const release = parsed.value;
    if (release.id !== key) {
      add(key, { environment: label, path: "id", message: `is "${release.id}", but the catalog lists the record as "${key}". Fix: name the file releases/${release.id}.ts and list it under its ID in releases/index.ts` });
      continue;
    }
    const model = `${release.model.name} v${release.model.version}`;
    const earlier = weightsOf.get(model);
    if (earlier && earlier.sha256 !== release.model.weights.sha256) {
      add(key, { environment: label, path: "model.weights.sha256", message: `differs from ${releaseFile(earlier.key)}, which gives ${model} other weights; a model version's weights never change (Azure ML versions and the store's ${release.model.name}/${release.model.version}/ are immutable). Fix: bump model.version for new weights` });
      continue;
    }
    weightsOf.set(model, { key, sha256: release.model.weights.sha256 });
    releases[key] = release;
  }
  return { releases, problems };
}

/** The releases an environment names: its default, and each deployment that names its own (reported where written). */
function releaseUses(env: EnvironmentSettings): ReleaseUse[] {
  const uses = new Map<string, { id: string; path: Path; deployments: number }>();
  const use = (id: string, path: Path) => uses.get(formatPath(path)) ?? uses.set(formatPath(path), { id, path, deployments: 0 }).get(formatPath(path))!;
  use(env.modelServer.release, ["modelServer", "release"]);
  env.regions.forEach((region, regionIndex) =>
    region.endpoints.forEach((endpoint, endpointIndex) =>
      endpoint.deployments.forEach((deployment, deploymentIndex) => {
        const path = ["regions", regionIndex, "endpoints", endpointIndex, "deployments", deploymentIndex, "release"];
        const entry = deployment.release === undefined ? use(env.modelServer.release, ["modelServer", "release"]) : use(deployment.release, path);
        entry.deployments += 1;
      }),
    ),
  );
  return [...uses.values()];
}

/**
 * The release pass over a parsed environment. Returns the problems, and the releases it names. An invalid record's
 * own problems are included, labelled with the record's file, beside the field that names it.
 */
export function checkReleases(env: EnvironmentSettings, catalog: CheckedCatalog, today: string, label: string): { problems: ConfigProblem[]; releases: Record<string, Release> } {
  const problems: ConfigProblem[] = [];
  const fail = (path: Path, message: string) => problems.push({ environment: label, path: formatPath(path) || "(root)", message });
  const uses = releaseUses(env);
  const releases: Record<string, Release> = {};
  for (const use of uses) {
    const recordProblems = catalog.problems[use.id];
    if (recordProblems) {
      problems.push(...recordProblems.filter((problem) => !problems.includes(problem)));
      fail(use.path, `release ${use.id} is not valid (its problems are listed under ${releaseFile(use.id)}). Fix: correct the record`);
      continue;
    }
    const release = catalog.releases[use.id];
    if (!release) {
      const known = Object.keys(catalog.releases);
      fail(use.path, `no release "${use.id}". Fix: use one of ${known.length > 0 ? known.join(", ") : "(none yet)"}, or add ${releaseFile(use.id)} and list it in releases/index.ts`);
      continue;
    }
    releases[use.id] = release;
  }
  checkPromotionPolicy(env, fail);
  if (env.promotion && isSignedOffEnvironment(env.name) && env.promotion.after !== env.name) {
    for (const use of uses) {
      const release = releases[use.id];
      if (release) for (const reason of promotionRefusals(release, env.name, env.promotion, today)) fail(use.path, reason);
    }
  }
  const named = uses.filter((use) => releases[use.id]);
  if (named.length === uses.length) {
    checkModelFits(env, releases, fail);
    checkOneModelName(uses, releases, fail);
    checkRequestLimit(env, releases, fail);
  }
  return { problems, releases };
}

function checkPromotionPolicy(env: EnvironmentSettings, fail: (path: Path, message: string) => void): void {
  if (!env.promotion) return;
  if (env.promotion.after === env.name) {
    fail(["promotion", "after"], `is this environment (${env.name}); a release must have served somewhere else first. Fix: name the environment before it, e.g. ${env.name === "prod" ? "pilot" : "dev"}`);
  }
  if (!isSignedOffEnvironment(env.name)) {
    fail(["promotion"], `release records carry clinical sign-offs for ${SIGNED_OFF_ENVIRONMENTS.join(" and ")} only, so no release could ever be signed off for ${env.name}. Fix: remove promotion, or add ${env.name} to SIGNED_OFF_ENVIRONMENTS in environments/schema/release.ts`);
  }
}

/**
 * Every deployment's GPUs hold its release's model at the deployment's concurrency (`model-fit.ts`). The problem is
 * reported on the field to change: a managed deployment's instance type, or the VM size of a Kubernetes deployment's
 * pool; the fix names the smallest catalog size that fits.
 */
function checkModelFits(env: EnvironmentSettings, releases: Record<string, Release>, fail: (path: Path, message: string) => void): void {
  const budget = env.modelServer.gpuBudget;
  env.regions.forEach((region, regionIndex) => {
    region.endpoints.forEach((endpoint, endpointIndex) => {
      endpoint.deployments.forEach((deployment, deploymentIndex) => {
        const placement = deploymentGpus(region, deployment);
        if (!placement) return;
        const model = releases[releaseIdOf(env, deployment)].model;
        const path = placement.poolIndex === undefined
          ? ["regions", regionIndex, "endpoints", endpointIndex, "deployments", deploymentIndex, "compute", "instanceType"]
          : ["regions", regionIndex, "aks", "gpuPools", placement.poolIndex, "vmSize"];
        const concurrency = deployment.maxConcurrentRequestsPerInstance;
        const reasons = misfits(model, placement.sku, concurrency, budget);
        if (reasons.length === 0) return;
        const candidates = placement.poolIndex === undefined ? GPU_SKUS.filter((sku) => sku.managedOnline) : GPU_SKUS;
        const [smallest] = sizesThatFit(model, concurrency, budget, candidates);
        const fix = smallest
          ? `use ${smallest.vmSize} (${smallest.gpusPerVm} x ${smallest.gpuModel}) or larger, or lower deployments[${deploymentIndex}].maxConcurrentRequestsPerInstance or the release's model.maxModelLength`
          : "no GPU size in environments/schema/gpu-skus.ts holds it: lower maxConcurrentRequestsPerInstance or the release's model.maxModelLength, or quantize the model";
        fail(
          path,
          `${placement.sku.vmSize} cannot serve model ${model.name} v${model.version} (${model.parametersBillions}B, ${model.precision}) of release ${releaseIdOf(env, deployment)} for ${endpoint.name}/${deployment.name}: ${reasons.join("; ")}. Fix: ${fix}`,
        );
      });
    });
  });
}

/** Clients name the model in every request and the gateway lists one: every release of the environment serves the same name. */
function checkOneModelName(uses: readonly ReleaseUse[], releases: Record<string, Release>, fail: (path: Path, message: string) => void): void {
  const first = uses.find((use) => use.deployments > 0) ?? uses[0];
  const name = releases[first.id].model.name;
  for (const use of uses) {
    const other = releases[use.id].model.name;
    if (other !== name) {
      fail(use.path, `release ${use.id} serves model "${other}", but release ${first.id} serves "${name}"; clients name the model in every request, so part of the traffic would be refused. Fix: keep the model's name across releases (bump model.version instead)`);
    }
  }
}

/** A body limit above what the serving model's context can take only lets through requests the model must refuse. */
function checkRequestLimit(env: EnvironmentSettings, releases: Record<string, Release>, fail: (path: Path, message: string) => void): void {
  const configured = env.api?.limits.maxRequestBodyKb;
  if (configured === undefined) return;
  if (!env.regions.some((region) => region.endpoints.length > 0)) return;
  const model = requestBoundingModel({ ...env, releases });
  const largest = maxRequestBytes(model);
  if (configured * 1024 > largest) {
    fail(
      ["api", "limits", "maxRequestBodyKb"],
      `${configured} KB is more than any request ${model.name} v${model.version}'s ${model.maxModelLength}-token context can take (${Math.ceil(largest / 1024)} KB at ${JSON_BYTES_PER_TOKEN_BOUND} bytes per token). Fix: lower it, or leave it out to derive it from the model`,
    );
  }
}
