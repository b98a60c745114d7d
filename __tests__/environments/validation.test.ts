import { pilot } from "../../environments/pilot";
import { prod } from "../../environments/prod";
import { ENVIRONMENTS } from "../../environments";
import type { EnvironmentInput } from "../../environments/schema/config";
import { problemsAfter as looseProblemsAfter, type ProblemsOptions } from "./problems";

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

/** Every problem validation reports for a copy of `base` changed by `mutate`, as `path: message` lines. */
function problemsAfter(base: EnvironmentInput, mutate: (env: Mutable<EnvironmentInput> & Record<string, any>) => void, options?: ProblemsOptions): string[] {
  return looseProblemsAfter(base, mutate as (env: Record<string, any>) => void, options);
}

describe("the shipped environments", () => {
  test.each(Object.entries(ENVIRONMENTS))("%s is valid", (_name, env) => {
    expect(problemsAfter(env, () => undefined)).toEqual([]);
  });
});

describe("validation names the environment, the field and the fix", () => {
  test("overlapping subnets within a region", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].subnets.aksGpu = "10.40.0.0/23"))).toEqual([
      "pilot: regions[0].subnets.aksGpu: 10.40.0.0/23 overlaps subnets.aksSystem (10.40.0.0/22). Fix: choose a range that overlaps no other",
    ]);
  });

  test("overlapping address spaces across the regions of one environment", () => {
    expect(problemsAfter(prod, (env) => (env.regions[1].addressSpace = ["10.60.0.0/15"]))).toContainEqual(
      "prod: regions[1].addressSpace[0]: 10.60.0.0/15 overlaps regions[0].addressSpace[0] (eastus2) (10.60.0.0/16). Fix: choose a range that overlaps no other",
    );
  });

  test("a spoke overlapping the pilot hub", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].hub!.addressSpace = ["10.40.0.0/20"]))).toContainEqual(
      "pilot: regions[0].addressSpace[0]: 10.40.0.0/16 overlaps the hub network (10.40.0.0/20); peering would fail. Fix: choose a range outside the hub's",
    );
  });

  test("a subnet outside its VNet", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].subnets.privateEndpoints = "10.99.9.0/24"))).toEqual([
      "pilot: regions[0].subnets.privateEndpoints: 10.99.9.0/24 is outside the VNet address space 10.40.0.0/16. Fix: pick a range inside it",
    ]);
  });

  test("a CIDR that is not aligned to its prefix", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].subnets.privateEndpoints = "10.40.9.7/24"))).toEqual([
      'pilot: regions[0].subnets.privateEndpoints: "10.40.9.7/24" is not aligned to its prefix. Fix: use 10.40.9.0/24',
    ]);
  });

  test("min greater than max in a GPU pool", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].aks!.gpuPools[0].minCount = 5))).toContainEqual(
      "pilot: regions[0].aks.gpuPools[0].minCount: minCount 5 is greater than maxCount 2. Fix: make minCount <= maxCount",
    );
  });

  test("a configured range outside the on-call hard bounds", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].aks!.gpuPools[0].maxCount = 9))).toEqual([
      "pilot: regions[0].aks.gpuPools[0].onCall: configured range 1-9 is outside the on-call hard bounds 0-3. Fix: widen onCall or narrow the configured range",
    ]);
  });

  test("an unknown VM size in a GPU pool", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].aks!.gpuPools[0].vmSize = "Standard_NC999_Z9"))).toEqual([
      "pilot: regions[0].aks.gpuPools[0].vmSize: Standard_NC999_Z9 is not in the GPU SKU catalog. Fix: use a GPU size from environments/schema/gpu-skus.ts (e.g. Standard_NC24ads_A100_v4)",
    ]);
  });

  test("a general-purpose size in a GPU pool", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].aks!.gpuPools[0].vmSize = "Standard_D8ds_v5"))).toEqual([
      "pilot: regions[0].aks.gpuPools[0].vmSize: Standard_D8ds_v5 is not a GPU size. Fix: use a GPU size from environments/schema/gpu-skus.ts (e.g. Standard_NC24ads_A100_v4)",
    ]);
  });

  test("an image without a digest, in the release record", () => {
    const problems = problemsAfter(pilot, () => undefined, {
      release: (release) => {
        release.image.repository = "model-server:latest";
        release.image.digest = "latest";
      },
    });
    expect(problems).toEqual([
      "releases/clinical-llm-1.ts: image.repository: must be a lowercase repository path with no tag or digest, e.g. model-server. Fix: put the digest in `digest`",
      "releases/clinical-llm-1.ts: image.digest: must be an image digest sha256:<64 hex>. Fix: take it from `docker buildx imagetools inspect` or the ACR push output; tags are not accepted",
      "pilot: modelServer.release: release clinical-llm-1 is not valid (its problems are listed under releases/clinical-llm-1.ts). Fix: correct the record",
    ]);
  });

  test("names that break Azure's rules once naming is applied", () => {
    const problems = problemsAfter(pilot, (env) => {
      env.naming.prefix = "fhiabc";
      env.name = "pilotxyz";
    });
    expect(problems).toEqual([
      'pilotxyz: regions[0].location: the keyVault name "kv-fhiabc-pilotxyz-sdc-e112f" breaks Azure\'s rule (3-24 letters, digits or single hyphens, starting with a letter). Fix: shorten naming.prefix or the environment name',
      'pilotxyz: regions[0].location: the deployerKeyVault name "kvfhiabcpilotxyzsdcdepe112f" breaks Azure\'s rule (3-24 letters, digits or single hyphens, starting with a letter). Fix: shorten naming.prefix or the environment name',
      'pilotxyz: regions[0].location: the storageAccount name "stmlfhiabcpilotxyzsdce112f" breaks Azure\'s rule (3-24 lowercase letters or digits). Fix: shorten naming.prefix or the environment name',
      'pilotxyz: regions[0].location: the deployArtifactsAccount name "stdpfhiabcpilotxyzsdce112f" breaks Azure\'s rule (3-24 lowercase letters or digits). Fix: shorten naming.prefix or the environment name',
    ]);
  });

  test("a state storage account name Azure would refuse", () => {
    expect(problemsAfter(pilot, (env) => (env.stateBackend.storageAccountName = "st-fhi-pilot"))).toEqual([
      "pilot: stateBackend.storageAccountName: must be 3-24 lowercase letters or digits (storage account names)",
    ]);
  });

  test("duplicate names", () => {
    const problems = problemsAfter(pilot, (env) => {
      env.regions[0].aks!.gpuPools.push({ ...env.regions[0].aks!.gpuPools[0] });
      env.keyVault!.secrets!.push({ ...env.keyVault!.secrets![0] });
      env.regions.push(structuredClone(env.regions[0]));
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'pilot: regions[0].aks.gpuPools[1].name: duplicate GPU pool name "gpuh100". Fix: give each GPU pool its own name',
        "pilot: regions[1].location: region swedencentral is listed twice. Fix: declare each region once",
        'pilot: keyVault.secrets[2].name: duplicate secret name "inference-hmac-key". Fix: give each secret its own name',
      ]),
    );
  });

  test("an unknown region", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].location = "marsnorth" as never))[0]).toMatch(
      /^pilot: regions\[0\]\.location: "marsnorth" is not a region we know\. Fix: use one of eastus, eastus2/,
    );
  });

  test("every problem is reported at once, not only the first", () => {
    const problems = problemsAfter(pilot, (env) => {
      env.regions[0].subnets.privateEndpoints = "10.99.9.0/24";
      env.regions[0].aks!.gpuPools[0].vmSize = "Standard_D8ds_v5";
      env.modelServer.release = "Clinical LLM 2";
      env.subscriptionId = "not-a-guid";
    });
    expect(problems.map((line) => line.split(":").slice(0, 2).join(":"))).toEqual([
      "pilot: subscriptionId",
      "pilot: modelServer.release",
      "pilot: regions[0].aks.gpuPools[0].vmSize",
      "pilot: regions[0].subnets.privateEndpoints",
    ]);
  });
});

describe("scaling consistency", () => {
  test("traffic of an endpoint's deployments must add up to 100", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].endpoints![0].deployments[0].trafficPercent = 90))).toEqual([
      "pilot: regions[0].endpoints[0].deployments: trafficPercent adds up to 90, not 100. Fix: split the endpoint's traffic so it totals 100",
    ]);
  });

  test("a Kubernetes deployment larger than its GPU pool", () => {
    expect(
      problemsAfter(pilot, (env) => {
        const deployment = env.regions[0].endpoints![0].deployments[0];
        deployment.instanceCount.max = 3;
      }),
    ).toEqual([
      'pilot: regions[0].endpoints[0].deployments[0].instanceCount.max: max 3 replicas do not fit GPU pool "gpuh100": each takes a whole node and the pool has at most 2. Fix: raise the pool\'s maxCount or lower this max',
    ]);
  });

  test("a Kubernetes deployment on a pool that does not exist", () => {
    expect(problemsAfter(pilot, (env) => ((env.regions[0].endpoints![0].deployments[0].compute as { gpuPool: string }).gpuPool = "gpua100"))).toEqual([
      'pilot: regions[0].endpoints[0].deployments[0].compute.gpuPool: no GPU pool "gpua100" in swedencentral. Fix: use one of the region\'s aks.gpuPools (gpuh100)',
    ]);
  });

  test("scale-in more aggressive than scale-out", () => {
    const problems = problemsAfter(prod, (env) => {
      env.regions[1].endpoints![0].deployments = structuredClone(env.regions[1].endpoints![0].deployments);
      const rules = env.regions[0].endpoints![0].deployments[0].autoscaleRules!;
      rules[2] = { ...rules[2], changeCount: 3, cooldownMinutes: 1 };
    });
    expect(problems).toEqual([
      "prod: regions[0].endpoints[0].deployments[0].autoscaleRules[2].changeCount: scale-in step 3 is larger than the scale-out step 1. Fix: scale in by at most 1",
      "prod: regions[0].endpoints[0].deployments[0].autoscaleRules[2].cooldownMinutes: scale-in cooldown 1 min is shorter than the scale-out cooldown 5 min. Fix: make it at least 5",
    ]);
  });

  test("an autoscale rule on a metric Azure ML does not emit", () => {
    const problems = problemsAfter(prod, (env) => {
      (env.regions[0].endpoints![0].deployments[0].autoscaleRules![0] as { metric: string }).metric = "GpuTemperature";
    });
    expect(problems[0]).toMatch(/^prod: regions\[0\]\.endpoints\[0\]\.deployments\[0\]\.autoscaleRules\[0\]\.metric: must be a metric Azure ML emits/);
  });

  test("spot capacity where patient data is served", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].aks!.gpuPools[0].spot = true))).toEqual([
      "pilot: regions[0].aks.gpuPools[0].spot: spot capacity can be evicted at any moment; not allowed where patient data is served. Fix: set spot to false",
    ]);
  });
});

describe("the deployer network", () => {
  test("subnets outside its range, too small for Container Apps, or overlapping", () => {
    expect(
      problemsAfter(prod, (env) => {
        env.deployer.network.subnets.runners = "10.69.0.0/28";
        env.deployer.network.subnets.privateEndpoints = "10.70.0.0/27";
      }),
    ).toEqual([
      "prod: deployer.network.subnets.runners: 10.69.0.0/28 is smaller than the /27 the runners subnet needs. Fix: use a /27 or larger",
      "prod: deployer.network.subnets.privateEndpoints: 10.70.0.0/27 is outside the deployer network 10.69.0.0/24. Fix: pick a range inside it",
    ]);
    expect(problemsAfter(prod, (env) => (env.deployer.network.subnets.privateEndpoints = "10.69.0.64/27"))).toEqual([
      "prod: deployer.network.subnets.privateEndpoints: 10.69.0.64/27 overlaps the runners subnet 10.69.0.0/25. Fix: choose disjoint ranges",
    ]);
  });

  test("overlapping a spoke, the hub or a cluster's pod range it could be routed to", () => {
    expect(problemsAfter(pilot, (env) => (env.deployer.network.addressSpace = "10.0.0.0/24"))).toContainEqual(
      "pilot: deployer.network.addressSpace: 10.0.0.0/24 overlaps the swedencentral hub (10.0.0.0/16). Fix: choose a range used nowhere else",
    );
    expect(problemsAfter(pilot, (env) => (env.deployer.network.addressSpace = "192.168.4.0/24"))).toContainEqual(
      "pilot: deployer.network.addressSpace: 192.168.4.0/24 overlaps the swedencentral cluster's pod or service range (192.168.0.0/16). Fix: choose a range used nowhere else",
    );
  });

  test("a runner image by tag, a repository that is not owner/name, a business ID that is not GitHub's database ID", () => {
    const problems = problemsAfter(pilot, (env) => {
      env.deployer.repository = "frontier-health-infra";
      env.deployer.runners = { kind: "self-hosted", image: "ghcr.io/hospital/runner:latest" };
    });
    expect(problems).toEqual([
      "pilot: deployer.repository: must be a GitHub repository as owner/name, e.g. hospital/frontier-health-infra",
      "pilot: deployer.runners.image: must be an image by digest, <registry>/<repository>@sha256:<64 hex>. Fix: take the digest from the push output; tags are not accepted",
    ]);
    expect(problemsAfter(pilot, (env) => (env.deployer.runners = { kind: "github-hosted", githubBusinessId: "hospital", runnerGroup: "deploy" }))).toEqual([
      "pilot: deployer.runners.githubBusinessId: must be the GitHub enterprise or organization database ID (digits). Fix: query it with GitHub's GraphQL API (databaseId)",
    ]);
  });
});
