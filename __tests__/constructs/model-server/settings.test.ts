import * as fs from "node:fs";
import * as path from "node:path";
import { MODEL_SERVER_VARIABLES, modelServerEnvironment, startupBudgetSeconds, type ModelServerSettings } from "../../../constructs/model-server/settings";
import { deploymentSku, gpuNodeDiskGb, serverSettings, startupSeconds, weightsGiB } from "../../../stacks/serving/model-settings";
import { loadEnvironments } from "../../../stacks/synth";
import { releaseOf } from "../../../environments/schema/releases";
import { FRONTIER_SETTINGS } from "../../fixtures/model-server/settings";

const SERVE_SH = fs.readFileSync(path.join(__dirname, "..", "..", "..", "images", "model-server", "serve.sh"), "utf8");
const environments = Object.fromEntries(loadEnvironments().map((env) => [env.name, env]));

const FP8: ModelServerSettings = { ...FRONTIER_SETTINGS, modelDir: "/models" };

describe("modelServerEnvironment", () => {
  test("an FP8 checkpoint loads with fp8 quantization and 16-bit activations (dtype auto)", () => {
    expect(modelServerEnvironment(FP8)).toEqual({
      MODEL_DIR: "/models",
      SERVED_MODEL_NAME: "clinical-llm",
      WEIGHTS_SHA256: "9".repeat(64),
      PORT: "8000",
      TENSOR_PARALLEL_SIZE: "8",
      MAX_MODEL_LEN: "32768",
      GPU_MEMORY_UTILIZATION: "0.9",
      MAX_NUM_SEQS: "8",
      DTYPE: "auto",
      QUANTIZATION: "fp8",
      KV_CACHE_DTYPE: "fp8",
    });
  });

  test("a 16-bit checkpoint names its dtype and is not quantized, so a float16-only GPU never gets bfloat16", () => {
    expect(modelServerEnvironment({ ...FP8, precision: "float16", kvCachePrecision: "auto" })).toMatchObject({ DTYPE: "float16", QUANTIZATION: "", KV_CACHE_DTYPE: "auto" });
    expect(modelServerEnvironment({ ...FP8, precision: "bfloat16" })).toMatchObject({ DTYPE: "bfloat16", QUANTIZATION: "" });
  });

  test("sets exactly the variables MODEL_SERVER_VARIABLES names", () => {
    expect(Object.keys(modelServerEnvironment(FP8)).sort()).toEqual([...MODEL_SERVER_VARIABLES].sort());
  });
});

describe("serverSettings: the model description and the deployment's GPUs become the server's flags", () => {
  test("tensor parallelism is every GPU of the VM: 8 on prod's and pilot's H100 VMs, 1 on dev's T4", () => {
    for (const name of ["dev", "pilot", "prod"]) {
      const env = environments[name];
      for (const region of env.regions) {
        for (const deployment of region.endpoints.flatMap((endpoint) => endpoint.deployments)) {
          const sku = deploymentSku(region, deployment);
          const settings = serverSettings(env, sku, deployment);
          expect([name, settings.tensorParallelSize]).toEqual([name, sku.gpusPerVm]);
          const { model } = releaseOf(env, deployment);
          expect(settings).toMatchObject({ servedModelName: model.name, weightsSha256: model.weights.sha256, maxModelLength: model.maxModelLength, maxConcurrentSequences: deployment.maxConcurrentRequestsPerInstance, precision: model.precision, kvCachePrecision: model.kvCachePrecision });
        }
      }
    }
    expect(deploymentSku(environments.pilot.regions[0], environments.pilot.regions[0].endpoints[0].deployments[0]).gpusPerVm).toBe(8);
    expect(deploymentSku(environments.dev.regions[0], environments.dev.regions[0].endpoints[0].deployments[0]).gpusPerVm).toBe(1);
  });

  test("start-up budget and GPU node disk follow the weights: 405B FP8 is 377.2 GiB", () => {
    const prod = environments.prod;
    const blue = prod.regions[0].endpoints[0].deployments[0];
    expect(weightsGiB(prod, releaseOf(prod, blue).model)).toBeCloseTo(405e9 / 1024 ** 3, 6);
    // 300 s + 4 s per GiB (hashing, then loading, each at 0.5 GiB/s).
    expect(startupSeconds(prod, blue)).toBe(300 + Math.ceil((405e9 / 1024 ** 3) * 4));
    expect(startupBudgetSeconds(10)).toBe(340);
    // 405 GB of weights with 10 % to spare, plus 128 GB for the OS and images.
    expect(gpuNodeDiskGb(environments.prod)).toBe(Math.ceil(405 * 1.1) + 128);
  });
});

describe("images/model-server/serve.sh and MODEL_SERVER_VARIABLES stay in step", () => {
  /** Upper-case variables the script expands: `$NAME`, `${NAME}`, `${NAME:-...}`, `${NAME:?...}`. */
  const readByScript = new Set([...SERVE_SH.replace(/^\s*#.*$/gm, "").matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]));
  /** The command itself: the image's vLLM unless replaced (a test runs the script with a stand-in). Not a server setting. */
  const COMMAND_OVERRIDE = "VLLM";

  test("every variable the settings set is read by the script", () => {
    expect(MODEL_SERVER_VARIABLES.filter((variable) => !readByScript.has(variable))).toEqual([]);
  });

  test("every variable the script reads is one the settings set", () => {
    expect([...readByScript].filter((variable) => variable !== COMMAND_OVERRIDE && !(MODEL_SERVER_VARIABLES as readonly string[]).includes(variable))).toEqual([]);
    expect(readByScript.has(COMMAND_OVERRIDE)).toBe(true);
  });
});
