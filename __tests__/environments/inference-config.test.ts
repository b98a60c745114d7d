import { dev } from "../../environments/dev";
import { pilot } from "../../environments/pilot";
import { prod } from "../../environments/prod";
import type { EnvironmentInput } from "../../environments/schema/config";
import { formatProblem, validateEnvironment } from "../../environments/schema/validate";

type Loose = Record<string, any>;

function problemsAfter(base: EnvironmentInput, mutate: (env: Loose) => void): string[] {
  const env = structuredClone(base) as Loose;
  mutate(env);
  const result = validateEnvironment(env, env.name);
  return result.ok ? [] : result.problems.map(formatProblem);
}

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
        env.regions[0].endpoints[0].deployments.push(green(env, { compute: { kind: "managed", instanceType: "Standard_NC24ads_A100_v4" }, autoscaleRules: [], targetUtilization: undefined }));
      }),
    ).toEqual([
      "pilot: regions[0].endpoints[0].deployments: mixes managed and kubernetes compute; Azure ML serves one endpoint from one kind of compute. Fix: move the deployments of the other kind to their own endpoint",
    ]);
  });

  test("one instance type name selecting two GPU pools", () => {
    expect(
      problemsAfter(pilot, (env) => {
        env.regions[0].aks.gpuPools.push({ name: "gpuh100", vmSize: "Standard_NC40ads_H100_v5", minCount: 0, maxCount: 4, onCall: { minCount: 0, maxCount: 6 } });
        env.regions[0].endpoints[0].deployments.push(green(env, { compute: { kind: "kubernetes", gpuPool: "gpuh100" } }));
      }),
    ).toEqual([
      'pilot: regions[0].endpoints[0].deployments[1].compute.instanceType: instance type "gpu" already selects GPU pool "gpua100", not "gpuh100". Fix: give this deployment its own instanceType name',
    ]);
  });

  test("a green deployment may run its own digest, but only a digest", () => {
    expect(problemsAfter(pilot, (env) => env.regions[0].endpoints[0].deployments.push(green(env, { imageDigest: `sha256:${"a".repeat(64)}` })))).toEqual([]);
    expect(problemsAfter(pilot, (env) => env.regions[0].endpoints[0].deployments.push(green(env, { imageDigest: "v2" })))).toEqual([
      "pilot: regions[0].endpoints[0].deployments[1].imageDigest: must be an image digest sha256:<64 hex>. Fix: take it from `docker buildx imagetools inspect` or the ACR push output; tags are not accepted",
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
