/**
 * `fhi gpu` finds a cluster-served deployment's replica bounds by name: the Flux configuration, its kustomization
 * and the post-build variables. Those names must be the ones the inference stack deploys, or on-call would read and
 * patch something that does not exist; this test holds them to the synthesized Terraform.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../../stacks/app";
import { loadEnvironments, readSynthesizedStacks } from "../../stacks/synth";
import { listGpuPools, resolvePool, type AksDeployment } from "../../ops/gpu/pools";
import { loadEnvironment } from "../../ops/environment";

type Block = Record<string, any>;
const CLUSTER_ENVIRONMENTS = ["dev", "pilot"];
let stacks: { stack: string; resources: Record<string, Record<string, Block>> }[];
let outdir: string;

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-gpu-pools-"));
  buildApp(loadEnvironments(CLUSTER_ENVIRONMENTS), outdir).synth();
  stacks = readSynthesizedStacks(outdir).map((stack) => ({ stack: stack.stack, resources: JSON.parse(fs.readFileSync(stack.file, "utf8")).resource ?? {} }));
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const clusterDeployments = (env: string) => listGpuPools(loadEnvironment(env)).filter((pool): pool is AksDeployment => pool.kind === "aks-deployment");

describe.each(CLUSTER_ENVIRONMENTS)("%s", (env) => {
  test("has deployments served on its cluster, and no Azure ML deployment", () => {
    const kinds = listGpuPools(loadEnvironment(env)).map((pool) => pool.kind);
    expect(kinds).toContain("aks-deployment");
    expect(kinds).not.toContain("aml-deployment");
  });

  test("each one's Flux configuration, kustomization, variables, cluster and node pool are the ones the stack deploys", () => {
    for (const pool of clusterDeployments(env)) {
      const { resources } = stacks.find((candidate) => candidate.stack === `${env}-${pool.region}-inference`)!;
      const configurations = Object.values(resources.azurerm_kubernetes_flux_configuration ?? {});
      const configuration = configurations.find((block) => block.name === pool.flux.configuration);
      expect(configuration).toBeDefined();
      const kustomization = configuration!.kustomizations.find((block: Block) => block.name === pool.flux.kustomization);
      expect(kustomization.post_build.substitute).toMatchObject({ [pool.flux.variables.min]: String(pool.config.min), [pool.flux.variables.max]: String(pool.config.max) });
      const [clusterKey, cluster] = Object.entries(resources.azurerm_kubernetes_cluster).find(([, block]) => block.name === pool.cluster)!;
      expect(configuration!.cluster_id).toBe(`\${azurerm_kubernetes_cluster.${clusterKey}.id}`);
      const nodePools = Object.values(resources.azurerm_kubernetes_cluster_node_pool ?? {}).filter((block) => block.kubernetes_cluster_id === configuration!.cluster_id);
      expect(nodePools.map((block) => block.name)).toContain(pool.nodePool.name);
      const group = /^\$\{azurerm_resource_group\.([^.]+)\.name\}$/.exec(cluster.resource_group_name)?.[1];
      expect(resources.azurerm_resource_group[group!].name).toBe(pool.resourceGroup);
    }
  });
});

test("a deployment's kind, VM size, quota and place in the file come from its node pool", () => {
  const blue = resolvePool(loadEnvironment("dev"), "fhi-llm-dev/blue") as AksDeployment;
  expect(blue).toMatchObject({
    kind: "aks-deployment",
    id: "eastus2/fhi-llm-dev/blue",
    vmSize: "Standard_NC8as_T4_v3",
    consumesQuota: false,
    config: { min: 1, max: 2 },
    fields: { min: "instanceCount.min", max: "instanceCount.max" },
    configPath: "regions[0].endpoints[0].deployments[0]",
    nodePool: { id: "eastus2/gput4", name: "gput4", configPath: "regions[0].aks.gpuPools[0]", configMaxCount: 2, onCall: { minCount: 0, maxCount: 4 } },
    flux: { configuration: "model-serving", kustomization: "model-serving", variables: { min: "BLUE_MIN_REPLICAS", max: "BLUE_MAX_REPLICAS" } },
  });
  expect(blue.fields).not.toHaveProperty("count");
  // `eastus2/blue` names the deployment, as it does for Azure ML deployments; the node pool answers to its own name.
  expect(resolvePool(loadEnvironment("dev"), "eastus2/blue").id).toBe("eastus2/fhi-llm-dev/blue");
  expect(resolvePool(loadEnvironment("dev"), "gput4").kind).toBe("aks-node-pool");
});
