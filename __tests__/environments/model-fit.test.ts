import { dev } from "../../environments/dev";
import { pilot } from "../../environments/pilot";
import { prod } from "../../environments/prod";
import { findGpuSku } from "../../environments/schema/gpu-skus";
import { gpuBudget, servedModel, type ServedModel } from "../../environments/schema/model";
import { kvBytesPerToken, maxRequestBytes, misfits, modelMemory, requestBodyLimitBytes, sizesThatFit, usableGiB } from "../../environments/schema/model-fit";
import { RELEASES } from "../../releases";
import { problemsAfter, type Loose } from "./problems";


/** prod's two regions share one deployment object; structuredClone keeps the sharing, so a change to one is a change to both. */
function prodDeployment(env: Loose, change: (deployment: Loose) => void): void {
  env.regions[1].endpoints[0].deployments = structuredClone(env.regions[1].endpoints[0].deployments);
  change(env.regions[0].endpoints[0].deployments[0]);
}

const GIB = 1024 ** 3;
const BUDGET = gpuBudget.parse({});
const FRONTIER: ServedModel = servedModel.parse(RELEASES[pilot.modelServer.release].model);
const MINI: ServedModel = servedModel.parse(RELEASES[dev.modelServer.release].model);
const sku = (vmSize: string) => findGpuSku(vmSize)!;

describe("the estimate, against figures worked out by hand", () => {
  test("405B FP8 with an FP8 KV cache on 8 x H100 at 8 x 32k tokens: 377.2 GiB weights, 63 GiB KV cache, 32 GiB runtime", () => {
    // weights: 405e9 parameters x 1 byte; KV per token: 2 (K and V) x 126 layers x 8 KV heads x 128 x 1 byte = 258048 B.
    const memory = modelMemory(FRONTIER, 8, 8, BUDGET);
    expect(memory.weightsGiB).toBeCloseTo(405e9 / GIB, 6);
    expect(memory.weightsGiB).toBeCloseTo(377.186, 3);
    expect(kvBytesPerToken(FRONTIER, 8)).toBe(258048);
    expect(memory.kvCacheGiB).toBe((258048 * 32768 * 8) / GIB);
    expect(memory.kvCacheGiB).toBe(63);
    expect(memory.runtimeGiB).toBe(32);
    expect(memory.totalGiB).toBeCloseTo(472.186, 3);
    expect(memory.requiredGiB).toBeCloseTo(472.186 * 1.1, 3);
    expect(usableGiB(sku("Standard_ND96isr_H100_v5"), BUDGET)).toBe(576);
    expect(misfits(FRONTIER, sku("Standard_ND96isr_H100_v5"), 8, BUDGET)).toEqual([]);
  });

  test("the 3.2B float16 stand-in on one T4 at 4 x 4k tokens: 5.96 GiB weights, 1.75 GiB KV cache, 4 GiB runtime", () => {
    // KV per token: 2 x 28 layers x 8 KV heads x 128 x 2 bytes = 114688 B; x 4096 tokens x 4 requests = 1.75 GiB.
    const memory = modelMemory(MINI, 1, 4, BUDGET);
    expect(memory.weightsGiB).toBeCloseTo(6.4e9 / GIB, 6);
    expect(kvBytesPerToken(MINI, 1)).toBe(114688);
    expect(memory.kvCacheGiB).toBe(1.75);
    expect(memory.runtimeGiB).toBe(4);
    expect(memory.requiredGiB).toBeCloseTo((6.4e9 / GIB + 1.75 + 4) * 1.1, 6);
    expect(misfits(MINI, sku("Standard_NC8as_T4_v3"), 4, BUDGET)).toEqual([]);
  });

  test("with fewer KV heads than GPUs each GPU keeps a replica of one, so the cache grows to one head per GPU", () => {
    const fourKvHeads = { ...FRONTIER, architecture: { ...FRONTIER.architecture, kvHeads: 4 } };
    expect(kvBytesPerToken(fourKvHeads, 1)).toBe(2 * 126 * 4 * 128);
    expect(kvBytesPerToken(fourKvHeads, 4)).toBe(2 * 126 * 4 * 128);
    expect(kvBytesPerToken(fourKvHeads, 8)).toBe(2 * 126 * 8 * 128);
    expect(kvBytesPerToken(fourKvHeads, 8)).toBe(kvBytesPerToken(FRONTIER, 8));
  });

  test("an FP8 KV cache takes half of a 16-bit one", () => {
    const sixteenBit = { ...FRONTIER, kvCachePrecision: "auto" as const };
    expect(kvBytesPerToken(sixteenBit, 8)).toBe(2 * kvBytesPerToken(FRONTIER, 8));
    expect(modelMemory(sixteenBit, 8, 8, BUDGET).kvCacheGiB).toBe(126);
    expect(modelMemory(sixteenBit, 8, 8, BUDGET).weightsGiB).toBe(modelMemory(FRONTIER, 8, 8, BUDGET).weightsGiB);
  });

  test("weights take the precision's bytes: bfloat16 twice FP8", () => {
    expect(modelMemory({ ...FRONTIER, precision: "bfloat16" }, 8, 0, BUDGET).weightsGiB).toBeCloseTo((2 * 405e9) / GIB, 6);
  });

  test("a size that misses on memory says how much is needed and offered", () => {
    const [reason] = misfits(FRONTIER, sku("Standard_NC96ads_A100_v4"), 8, BUDGET);
    // 4 GPUs: KV heads 8 >= 4, so 2 x 126 x 8 x 128 B x 32768 x 8 = 63 GiB; runtime 16; (377.2 + 63 + 16) x 1.1 = 502.
    expect(reason).toBe(
      "it needs 502 GiB of GPU memory (weights 377 + KV cache 63.0 for 8 x 32768 tokens + runtime 16.0, plus 10 % headroom) and Standard_NC96ads_A100_v4 offers 288 GiB (4 x NVIDIA A100 80GB PCIe at 0.9)",
    );
  });

  test("sizes that fit come smallest GPU memory first, and only from the candidates given", () => {
    expect(sizesThatFit(FRONTIER, 8, BUDGET).map((fit) => fit.vmSize)).toEqual(["Standard_ND96amsr_A100_v4", "Standard_ND96isr_H100_v5", "Standard_ND96isr_H200_v5"]);
    expect(sizesThatFit(MINI, 4, BUDGET)[0].vmSize).toBe("Standard_NC4as_T4_v3");
    expect(sizesThatFit(FRONTIER, 8, BUDGET, [sku("Standard_NC4as_T4_v3")])).toEqual([]);
  });
});

describe("fhi's validation refuses a model its GPUs cannot serve, on the field to change, naming the smallest size that fits", () => {
  test("a Kubernetes deployment: the problem is on the pool's vmSize", () => {
    expect(problemsAfter(pilot, (env) => (env.regions[0].aks.gpuPools[0].vmSize = "Standard_NC96ads_A100_v4"))).toEqual([
      "pilot: regions[0].aks.gpuPools[0].vmSize: Standard_NC96ads_A100_v4 cannot serve model clinical-llm v1 (405B, fp8) of release clinical-llm-1 for fhi-llm-pilot/blue: it needs 502 GiB of GPU memory (weights 377 + KV cache 63.0 for 8 x 32768 tokens + runtime 16.0, plus 10 % headroom) and Standard_NC96ads_A100_v4 offers 288 GiB (4 x NVIDIA A100 80GB PCIe at 0.9). Fix: use Standard_ND96amsr_A100_v4 (8 x NVIDIA A100 80GB SXM) or larger, or lower deployments[0].maxConcurrentRequestsPerInstance or the release's model.maxModelLength",
    ]);
  });

  test("a managed deployment: the problem is on its instanceType", () => {
    const problems = problemsAfter(prod, (env) => prodDeployment(env, (deployment) => (deployment.compute = { kind: "managed", instanceType: "Standard_NC80adis_H100_v5" })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^prod: regions\[0\]\.endpoints\[0\]\.deployments\[0\]\.compute\.instanceType: Standard_NC80adis_H100_v5 cannot serve model clinical-llm v1 \(405B, fp8\) of release clinical-llm-1 for fhi-llm-us\/blue: /);
    expect(problems[0]).toMatch(/Fix: use Standard_ND96amsr_A100_v4 \(8 x NVIDIA A100 80GB SXM\) or larger/);
  });

  test("more concurrency than the GPUs hold is refused too: the fix names the knobs", () => {
    const problems = problemsAfter(pilot, (env) => (env.regions[0].endpoints[0].deployments[0].maxConcurrentRequestsPerInstance = 64));
    // KV cache: 63 GiB x 8 = 504 GiB; (377.2 + 504 + 32) x 1.1 = 1005 GiB > 576, but fits an H200's 1015.
    expect(problems).toEqual([expect.stringContaining("pilot: regions[0].aks.gpuPools[0].vmSize: Standard_ND96isr_H100_v5 cannot serve model clinical-llm v1 (405B, fp8) of release clinical-llm-1 for fhi-llm-pilot/blue: it needs 1005 GiB")]);
    expect(problems[0]).toContain("Fix: use Standard_ND96isr_H200_v5 (8 x NVIDIA H200 141GB SXM) or larger, or lower deployments[0].maxConcurrentRequestsPerInstance or the release's model.maxModelLength");
  });

  test("bfloat16 weights on a T4 (compute capability 7.5) are refused; a GPU with bfloat16 is named", () => {
    expect(problemsAfter(dev, undefined, { release: (release) => (release.model.precision = "bfloat16") })).toEqual([
      "dev: regions[0].aks.gpuPools[0].vmSize: Standard_NC8as_T4_v3 cannot serve model clinical-llm-mini v1 (3.2B, bfloat16) of release clinical-llm-mini-1 for fhi-llm-dev/blue: its NVIDIA T4 (compute capability 7.5) cannot run bfloat16 weights, which need 8.0 or later. Fix: use Standard_NV36ads_A10_v5 (1 x NVIDIA A10) or larger, or lower deployments[0].maxConcurrentRequestsPerInstance or the release's model.maxModelLength",
    ]);
  });

  test("attention heads that the VM's GPUs cannot split evenly are refused", () => {
    const problems = problemsAfter(pilot, undefined, { release: (release) => (release.model.architecture.attentionHeads = 100) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("pilot: regions[0].aks.gpuPools[0].vmSize: Standard_ND96isr_H100_v5 cannot serve model clinical-llm v1");
    expect(problems[0]).toContain("tensor parallelism over its 8 GPUs must divide the model's 100 attention heads");
    // Every size with 1, 2 or 4 GPUs is too small for 405B.
    expect(problems[0]).toContain("Fix: no GPU size in environments/schema/gpu-skus.ts holds it");
  });

  test("Azure ML managed deployments may use only its managed SKU list: no H200, even where it would fit", () => {
    expect(problemsAfter(prod, (env) => prodDeployment(env, (deployment) => (deployment.compute = { kind: "managed", instanceType: "Standard_ND96isr_H200_v5" })))).toEqual([
      expect.stringMatching(
        /^prod: regions\[0\]\.endpoints\[0\]\.deployments\[0\]\.compute\.instanceType: Standard_ND96isr_H200_v5 is not on Azure ML's list of managed online endpoint sizes \(Learn: reference-managed-online-endpoints-vm-sku-list\)\. Fix: use one of Standard_NC4as_T4_v3, .*Standard_ND96isr_H100_v5, or serve it from an AKS GPU pool$/,
      ),
    ]);
  });

  test("a model only an H200 holds: AKS names the H200, a managed deployment is told none of its sizes does", () => {
    // 16-bit KV cache at 64k tokens: 2 x 126 x 8 x 128 x 2 B x 65536 x 8 = 252 GiB; (377.2 + 252 + 32) x 1.1 = 727 GiB.
    const bigger = { release: (release: Loose) => {
      release.model.kvCachePrecision = "auto";
      release.model.maxModelLength = 65536;
    } };
    expect(problemsAfter(pilot, undefined, bigger)).toEqual([expect.stringContaining("Fix: use Standard_ND96isr_H200_v5 (8 x NVIDIA H200 141GB SXM) or larger")]);
    const managed = problemsAfter(prod, undefined, bigger);
    expect(managed).toHaveLength(2);
    for (const [index, problem] of managed.entries()) {
      expect(problem).toMatch(new RegExp(`^prod: regions\\[${index}\\]\\.endpoints\\[0\\]\\.deployments\\[0\\]\\.compute\\.instanceType: .*it needs 727 GiB`));
      expect(problem).toContain("Fix: no GPU size in environments/schema/gpu-skus.ts holds it");
    }
  });
});

describe("the gateway's request limit follows the model's context", () => {
  test("the largest body a 32k context can take: 12 bytes per token plus a 16 KiB envelope", () => {
    expect(maxRequestBytes(FRONTIER)).toBe(32768 * 12 + 16 * 1024);
    expect(requestBodyLimitBytes(FRONTIER, undefined)).toBe(409600);
    expect(requestBodyLimitBytes(FRONTIER, 256)).toBe(256 * 1024);
  });

  test("maxRequestBodyKb above what the context can take is refused; at the limit it is accepted", () => {
    const limit = (kb: number) => (env: Loose) => (env.api.limits = { ...env.api.limits, maxRequestBodyKb: kb });
    expect(problemsAfter(prod, limit(400))).toEqual([]);
    expect(problemsAfter(prod, limit(401))).toEqual([
      "prod: api.limits.maxRequestBodyKb: 401 KB is more than any request clinical-llm v1's 32768-token context can take (400 KB at 12 bytes per token). Fix: lower it, or leave it out to derive it from the model",
    ]);
  });
});

describe("the model description itself (in the release record)", () => {
  test("a weights hash that is not 64 lowercase hex digits, a version that is not a whole number, an unknown precision", () => {
    const problems = problemsAfter(dev, undefined, {
      release: (release) => {
        release.model.weights.sha256 = "ABC";
        release.model.version = "v1";
        release.model.precision = "int4";
      },
    });
    expect(problems).toEqual([
      "releases/clinical-llm-mini-1.ts: model.version: must be a whole number such as 3 (Azure ML model versions). Fix: bump it for every new set of weights",
      "releases/clinical-llm-mini-1.ts: model.weights.sha256: must be 64 lowercase hex digits: the sha256 of the weights' SHA256SUMS manifest. Fix: sha256sum SHA256SUMS in the release's weights folder",
      "releases/clinical-llm-mini-1.ts: model.precision: must be one of bfloat16, float16, fp8",
      "dev: modelServer.release: release clinical-llm-mini-1 is not valid (its problems are listed under releases/clinical-llm-mini-1.ts). Fix: correct the record",
    ]);
  });
});
