import { dev } from "../../environments/dev";
import { pilot } from "../../environments/pilot";
import { prod } from "../../environments/prod";
import { formatProblem, validateEnvironment } from "../../environments/schema/validate";
import { problemsAfter, type Loose } from "./problems";


const green = (env: Loose, overrides: Loose = {}) => ({ ...structuredClone(env.regions[0].endpoints[0].deployments[0]), name: "green", trafficPercent: 0, ...overrides });

describe("inference config: defaults keep the shipped environments valid", () => {
  test("alerts and the service pool get defaults", () => {
    const result = validateEnvironment(prod, "prod");
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.environment.alerts).toMatchObject({ latencyP95Ms: 5000, serverErrorsPerMinute: 5, actionGroup: { emails: [], webhooks: [] } });
    const pilotResult = validateEnvironment(pilot, "pilot");
    expect(pilotResult.ok && pilotResult.environment.regions[0].aks?.servicePool).toEqual({ vmSize: "Standard_D4ds_v5", minCount: 2, maxCount: 4 });
  });
});

describe("inference config: inconsistent scaling and serving config is refused with the field named", () => {
  test("one endpoint mixing managed and kubernetes deployments", () => {
    expect(
      problemsAfter(pilot, (env) => {
        env.regions[0].endpoints[0].deployments.push(green(env, { compute: { kind: "managed", instanceType: "Standard_ND96isr_H100_v5" }, autoscaleRules: [] }));
      }),
    ).toEqual([
      "pilot: regions[0].endpoints[0].deployments: mixes managed and kubernetes compute; Azure ML serves one endpoint from one kind of compute. Fix: move the deployments of the other kind to their own endpoint",
    ]);
  });

  test("a green deployment may run on a second GPU pool of the cluster, which must hold the model too", () => {
    const secondPool = (vmSize: string) => (env: Loose) => {
      env.regions[0].aks.gpuPools.push({ name: "gpugreen", vmSize, minCount: 0, maxCount: 2, onCall: { minCount: 0, maxCount: 3 } });
      env.regions[0].endpoints[0].deployments.push(green(env, { compute: { kind: "kubernetes", gpuPool: "gpugreen" } }));
    };
    expect(problemsAfter(pilot, secondPool("Standard_ND96amsr_A100_v4"))).toEqual([]);
    expect(problemsAfter(pilot, secondPool("Standard_NC80adis_H100_v5"))).toEqual([
      expect.stringMatching(/^pilot: regions\[0\]\.aks\.gpuPools\[1\]\.vmSize: Standard_NC80adis_H100_v5 cannot serve model clinical-llm v1 \(405B, fp8\) of release clinical-llm-1 for fhi-llm-pilot\/green: .* Fix: use Standard_ND96amsr_A100_v4 /),
    ]);
  });

  test("a queue-scaled (KEDA) managed deployment, and Azure Monitor autoscale rules on Kubernetes, are refused on the field", () => {
    expect(problemsAfter(prod, (env) => (env.regions[0].endpoints[0].deployments[0] = { ...env.regions[0].endpoints[0].deployments[0], queueScaling: {} }))).toEqual([
      "prod: regions[0].endpoints[0].deployments[0].queueScaling: queue scaling (KEDA) applies to Kubernetes compute only. Fix: use autoscaleRules for managed deployments",
    ]);
    const rule = { metric: "GpuUtilizationPercentage", direction: "out", operator: "GreaterThan", threshold: 70 };
    expect(problemsAfter(pilot, (env) => (env.regions[0].endpoints[0].deployments[0].autoscaleRules = [rule]))).toEqual([
      "pilot: regions[0].endpoints[0].deployments[0].autoscaleRules: Azure Monitor autoscale applies to managed compute only. Fix: use queueScaling for Kubernetes deployments",
    ]);
  });

  test("Kubernetes endpoints need the cluster's serving section and the router's subnet, with its address inside", () => {
    expect(problemsAfter(pilot, (env) => delete env.regions[0].aks.serving)).toEqual([
      "pilot: regions[0].aks.serving: fhi-llm-pilot runs on Kubernetes but the cluster has no serving section. Fix: add aks.serving (hostname, privateIp, entraAudience, tlsCertificateName, images)",
    ]);
    expect(problemsAfter(pilot, (env) => delete env.regions[0].subnets.modelIngress)).toEqual([
      "pilot: regions[0].subnets.modelIngress: Kubernetes endpoints need a subnet for the router's internal load balancer. Fix: add subnets.modelIngress, e.g. a /28 of the VNet",
    ]);
    expect(problemsAfter(pilot, (env) => (env.regions[0].aks.serving.privateIp = "10.40.9.10"))).toEqual([
      "pilot: regions[0].aks.serving.privateIp: 10.40.9.10 is outside subnets.modelIngress 10.40.10.0/28. Fix: pick an address inside it (not its first four or last, which Azure reserves)",
    ]);
  });

  test("a second Kubernetes endpoint in one region: the router serves one", () => {
    expect(problemsAfter(pilot, (env) => env.regions[0].endpoints.push({ ...structuredClone(env.regions[0].endpoints[0]), name: "fhi-llm-other" }))).toEqual([
      "pilot: regions[0].endpoints[1]: fhi-llm-other is a second Kubernetes endpoint in swedencentral; the cluster's router serves one (fhi-llm-pilot) on its host name. Fix: add this model's deployments to fhi-llm-pilot, or serve it from another region",
    ]);
  });

  test("upstream images of the cluster by digest only", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].aks.serving.images.router = "docker.io/envoyproxy/envoy:v1.31"))).toEqual([
      "pilot: regions[0].aks.serving.images.router: must be an image by digest, <registry>/<repository>@sha256:<64 hex>. Fix: take the digest from the push output; tags are not accepted",
    ]);
  });

  test("a green deployment may run another release, but only one of releases/, named by ID", () => {
    expect(problemsAfter(pilot, (env) => env.regions[0].endpoints[0].deployments.push(green(env, { release: "clinical-llm-1" })))).toEqual([]);
    expect(problemsAfter(pilot, (env) => env.regions[0].endpoints[0].deployments.push(green(env, { release: "clinical-llm-9" })))).toEqual([
      "pilot: regions[0].endpoints[0].deployments[1].release: no release \"clinical-llm-9\". Fix: use one of clinical-llm-mini-1, clinical-llm-1, or add releases/clinical-llm-9.ts and list it in releases/index.ts",
    ]);
    expect(problemsAfter(pilot, (env) => env.regions[0].endpoints[0].deployments.push(green(env, { imageDigest: `sha256:${"a".repeat(64)}` })))).toEqual([
      'pilot: regions[0].endpoints[0].deployments[1].imageDigest: unknown field. Fix: remove it; the fields here are name, compute, instanceCount, onCall, trafficPercent, release, requestTimeoutMs, maxConcurrentRequestsPerInstance, autoscaleRules, queueScaling',
    ]);
  });

  test("a request timeout beyond Azure ML's limit", () => {
    expect(problemsAfter(prod, (env) => (env.regions[0].endpoints[0].deployments[0] = { ...env.regions[0].endpoints[0].deployments[0], requestTimeoutMs: 240000 }))).toEqual([
      "prod: regions[0].endpoints[0].deployments[0].requestTimeoutMs: must be at most 180000 ms, Azure ML's limit for online requests",
    ]);
  });
});

describe("inference config: alerts", () => {
  test("a latency alert at or above a request timeout could never fire", () => {
    expect(problemsAfter(dev, (env) => (env.alerts = { latencyP95Ms: 90000 }))).toEqual([
      "dev: alerts.latencyP95Ms: 90000 ms is not below the request timeout 90000 ms of regions[0].endpoints[0].deployments[0] (blue), so the alert could never fire. Fix: lower latencyP95Ms or raise that requestTimeoutMs",
    ]);
  });

  test("no receiver and no owner address to fall back on", () => {
    expect(problemsAfter(dev, (env) => (env.tags.owner = "platform team"))).toEqual([
      'dev: alerts.actionGroup.emails: no receiver, and the owner tag "platform team" is not an e-mail address to fall back on. Fix: add an e-mail or webhook receiver',
    ]);
  });

  test("a pager webhook must be https", () => {
    expect(problemsAfter(dev, (env) => (env.alerts = { actionGroup: { webhooks: [{ name: "pager", url: "http://pager.example/hook" }] } }))).toEqual([
      "dev: alerts.actionGroup.webhooks[0].url: must be an https:// URL",
    ]);
  });

  test("duplicate receiver names", () => {
    const emails = [{ name: "oncall", address: "a@hospital.example" }, { name: "oncall", address: "b@hospital.example" }];
    expect(problemsAfter(dev, (env) => (env.alerts = { actionGroup: { emails } }))).toEqual([
      'dev: alerts.actionGroup.emails[1].name: duplicate e-mail receiver name "oncall". Fix: give each e-mail receiver its own name',
    ]);
  });
});
