/**
 * Rules that relate several fields of an environment. Each is attached to the smallest object that holds
 * all the fields it reads, so that a broken field elsewhere does not hide it: zod runs an object's checks
 * only when everything inside that object parsed.
 */
import type { z } from "zod";
import { Address4 } from "ip-address";
import { findGpuSku, GPU_SKUS, isGeneralPurposeSize, type GpuSku } from "./gpu-skus";
import { NAME_RULES, RegionNames } from "./naming";
import type { AutoscaleRuleConfig, DeploymentConfig, EnvironmentSettings, GpuPoolConfig, RegionConfig } from "./config";

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

export function fail(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: "custom", path, message });
}

interface NamedRange {
  readonly label: string;
  readonly path: Path;
  readonly range: string;
  /** Ranges of one group are checked elsewhere; only pairs from different groups are compared. */
  readonly group?: number;
}

export function overlaps(a: string, b: string): boolean {
  const first = new Address4(a);
  const second = new Address4(b);
  return first.isInSubnet(second) || second.isInSubnet(first);
}

export function contains(outer: string, inner: string): boolean {
  return new Address4(inner).isInSubnet(new Address4(outer));
}

/** Reports every pair of ranges that overlap, on the later one of the pair. */
function checkDisjoint(ctx: Ctx, ranges: readonly NamedRange[]): void {
  ranges.forEach((later, index) => {
    for (const earlier of ranges.slice(0, index)) {
      if (later.group !== undefined && later.group === earlier.group) continue;
      if (overlaps(earlier.range, later.range)) {
        fail(ctx, later.path, `${later.range} overlaps ${earlier.label} (${earlier.range}). Fix: choose a range that overlaps no other`);
      }
    }
  });
}

/** Reports names that occur more than once, on each repeat. */
function checkUnique(ctx: Ctx, items: readonly { name: string }[], path: Path, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = item.name.toLowerCase();
    if (seen.has(key)) fail(ctx, [...path, index, "name"], `duplicate ${what} name "${item.name}". Fix: give each ${what} its own name`);
    seen.add(key);
  });
}

function checkBounds(ctx: Ctx, path: Path, min: number, max: number, minKey: string, maxKey: string): void {
  if (min > max) fail(ctx, [...path, minKey], `${minKey} ${min} is greater than ${maxKey} ${max}. Fix: make ${minKey} <= ${maxKey}`);
}

/** The configured bounds must sit inside what on-call staff may scale to, or on-call could not restore them. */
function checkWithinOnCall(ctx: Ctx, path: Path, min: number, max: number, onCall: { minCount: number; maxCount: number }): void {
  checkBounds(ctx, [...path, "onCall"], onCall.minCount, onCall.maxCount, "minCount", "maxCount");
  if (min < onCall.minCount || max > onCall.maxCount) {
    fail(
      ctx,
      [...path, "onCall"],
      `configured range ${min}-${max} is outside the on-call hard bounds ${onCall.minCount}-${onCall.maxCount}. Fix: widen onCall or narrow the configured range`,
    );
  }
}

export function checkGpuPool(pool: GpuPoolConfig, ctx: Ctx): void {
  checkBounds(ctx, [], pool.minCount, pool.maxCount, "minCount", "maxCount");
  checkWithinOnCall(ctx, [], pool.minCount, pool.maxCount, pool.onCall);
  checkGpuSize(ctx, ["vmSize"], pool.vmSize);
}

function checkGpuSize(ctx: Ctx, path: Path, vmSize: string): void {
  if (findGpuSku(vmSize)) return;
  const reason = isGeneralPurposeSize(vmSize) ? "is not a GPU size" : "is not in the GPU SKU catalog";
  fail(ctx, path, `${vmSize} ${reason}. Fix: use a GPU size from environments/schema/gpu-skus.ts (e.g. Standard_NC24ads_A100_v4)`);
}

/** Scale-in must never be more aggressive than scale-out, or a burst drops capacity faster than it added it. */
function checkAutoscaleRules(ctx: Ctx, rules: readonly AutoscaleRuleConfig[]): void {
  rules.forEach((rule, index) => {
    const expected = rule.direction === "out" ? /^GreaterThan/ : /^LessThan/;
    if (!expected.test(rule.operator)) {
      fail(
        ctx,
        ["autoscaleRules", index, "operator"],
        `a scale-${rule.direction} rule on ${rule.metric} with ${rule.operator} scales the wrong way. Fix: use ${rule.direction === "out" ? "GreaterThan" : "LessThan"} for scale-${rule.direction}`,
      );
    }
  });
  const outRules = rules.filter((rule) => rule.direction === "out");
  if (rules.length > 0 && outRules.length === 0) {
    fail(ctx, ["autoscaleRules"], "has scale-in rules but no scale-out rule. Fix: add a rule with direction \"out\"");
    return;
  }
  const gentlestOutStep = Math.min(...outRules.map((rule) => rule.changeCount));
  const shortestOutCooldown = Math.min(...outRules.map((rule) => rule.cooldownMinutes));
  rules.forEach((rule, index) => {
    if (rule.direction !== "in") return;
    if (rule.changeCount > gentlestOutStep) {
      fail(ctx, ["autoscaleRules", index, "changeCount"], `scale-in step ${rule.changeCount} is larger than the scale-out step ${gentlestOutStep}. Fix: scale in by at most ${gentlestOutStep}`);
    }
    if (rule.cooldownMinutes < shortestOutCooldown) {
      fail(ctx, ["autoscaleRules", index, "cooldownMinutes"], `scale-in cooldown ${rule.cooldownMinutes} min is shorter than the scale-out cooldown ${shortestOutCooldown} min. Fix: make it at least ${shortestOutCooldown}`);
    }
  });
}

export function checkDeployment(deployment: DeploymentConfig, ctx: Ctx): void {
  const { min, max, default: initial } = deployment.instanceCount;
  checkBounds(ctx, ["instanceCount"], min, max, "min", "max");
  if (initial < min || initial > max) {
    fail(ctx, ["instanceCount", "default"], `default ${initial} is outside min-max ${min}-${max}. Fix: pick a default within the bounds`);
  }
  checkWithinOnCall(ctx, [], min, max, deployment.onCall);
  if (deployment.compute.kind === "managed") {
    checkGpuSize(ctx, ["compute", "instanceType"], deployment.compute.instanceType);
    if (findGpuSku(deployment.compute.instanceType)?.managedOnline === false) {
      const listed = GPU_SKUS.filter((sku) => sku.managedOnline).map((sku) => sku.vmSize);
      fail(
        ctx,
        ["compute", "instanceType"],
        `${deployment.compute.instanceType} is not on Azure ML's list of managed online endpoint sizes (Learn: reference-managed-online-endpoints-vm-sku-list). Fix: use one of ${listed.join(", ")}, or serve it from an AKS GPU pool`,
      );
    }
    if (deployment.queueScaling) {
      fail(ctx, ["queueScaling"], "queue scaling (KEDA) applies to Kubernetes compute only. Fix: use autoscaleRules for managed deployments");
    }
    if (min === 0) {
      fail(ctx, ["instanceCount", "min"], "managed online deployments cannot scale to zero instances. Fix: set min to 1 or more");
    }
    checkAutoscaleRules(ctx, deployment.autoscaleRules);
  } else if (deployment.autoscaleRules.length > 0) {
    fail(ctx, ["autoscaleRules"], "Azure Monitor autoscale applies to managed compute only. Fix: use queueScaling for Kubernetes deployments");
  }
}

export function checkRegion(region: RegionConfig, ctx: Ctx): void {
  checkDisjoint(
    ctx,
    region.addressSpace.map((range, index) => ({ label: `addressSpace[${index}]`, path: ["addressSpace", index], range })),
  );
  const subnets = Object.entries(region.subnets).filter((entry): entry is [string, string] => entry[1] !== undefined);
  for (const [role, range] of subnets) {
    if (!region.addressSpace.some((space) => contains(space, range))) {
      fail(ctx, ["subnets", role], `${range} is outside the VNet address space ${region.addressSpace.join(", ")}. Fix: pick a range inside it`);
    }
  }
  checkDisjoint(ctx, subnets.map(([role, range]) => ({ label: `subnets.${role}`, path: ["subnets", role], range })));
  if (region.hub) {
    const hub = region.hub;
    region.addressSpace.forEach((range, index) => {
      for (const hubRange of hub.addressSpace) {
        if (overlaps(range, hubRange)) {
          fail(ctx, ["addressSpace", index], `${range} overlaps the hub network (${hubRange}); peering would fail. Fix: choose a range outside the hub's`);
        }
      }
    });
  }
  if (region.aks) checkCluster(region, region.aks, ctx);
  checkUnique(ctx, region.endpoints, ["endpoints"], "endpoint");
  region.endpoints.forEach((endpoint, endpointIndex) => {
    const path = ["endpoints", endpointIndex];
    checkUnique(ctx, endpoint.deployments, [...path, "deployments"], "deployment");
    const kinds = new Set(endpoint.deployments.map((d) => d.compute.kind));
    if (kinds.size > 1) {
      fail(ctx, [...path, "deployments"], "mixes managed and kubernetes compute; Azure ML serves one endpoint from one kind of compute. Fix: move the deployments of the other kind to their own endpoint");
    }
    const traffic = endpoint.deployments.reduce((sum, d) => sum + d.trafficPercent, 0);
    if (traffic !== 100) {
      fail(ctx, [...path, "deployments"], `trafficPercent adds up to ${traffic}, not 100. Fix: split the endpoint's traffic so it totals 100`);
    }
    endpoint.deployments.forEach((deployment, deploymentIndex) => {
      checkKubernetesPlacement(ctx, region, deployment, [...path, "deployments", deploymentIndex]);
    });
  });
  checkKubernetesServing(ctx, region);
}

/** Kubernetes endpoints are reached through the cluster's router: one endpoint per cluster, with its address and name. */
function checkKubernetesServing(ctx: Ctx, region: RegionConfig): void {
  const onKubernetes = region.endpoints.map((endpoint, index) => ({ endpoint, index })).filter(({ endpoint }) => endpoint.deployments.some((d) => d.compute.kind === "kubernetes"));
  if (onKubernetes.length === 0) return;
  onKubernetes.slice(1).forEach(({ endpoint, index }) => {
    fail(ctx, ["endpoints", index], `${endpoint.name} is a second Kubernetes endpoint in ${region.location}; the cluster's router serves one (${onKubernetes[0].endpoint.name}) on its host name. Fix: add this model's deployments to ${onKubernetes[0].endpoint.name}, or serve it from another region`);
  });
  const serving = region.aks?.serving;
  if (!serving) {
    fail(ctx, ["aks", "serving"], `${onKubernetes[0].endpoint.name} runs on Kubernetes but the cluster has no serving section. Fix: add aks.serving (hostname, privateIp, entraAudience, tlsCertificateName, images)`);
    return;
  }
  const ingress = region.subnets.modelIngress;
  if (!ingress) {
    fail(ctx, ["subnets", "modelIngress"], "Kubernetes endpoints need a subnet for the router's internal load balancer. Fix: add subnets.modelIngress, e.g. a /28 of the VNet");
  } else if (!new Address4(serving.privateIp).isInSubnet(new Address4(ingress))) {
    fail(ctx, ["aks", "serving", "privateIp"], `${serving.privateIp} is outside subnets.modelIngress ${ingress}. Fix: pick an address inside it (not its first four or last, which Azure reserves)`);
  }
}

function checkCluster(region: RegionConfig, aks: NonNullable<RegionConfig["aks"]>, ctx: Ctx): void {
  checkUnique(ctx, aks.gpuPools, ["aks", "gpuPools"], "GPU pool");
  checkBounds(ctx, ["aks", "systemPool"], aks.systemPool.minCount, aks.systemPool.maxCount, "minCount", "maxCount");
  const networks = [...region.addressSpace, ...(region.hub?.addressSpace ?? [])];
  for (const key of ["podCidr", "serviceCidr"] as const) {
    for (const network of networks) {
      if (overlaps(aks[key], network)) {
        fail(ctx, ["aks", key], `${aks[key]} overlaps ${network}, a network the cluster routes to. Fix: choose a range used nowhere in the VNet or hub`);
      }
    }
  }
  if (overlaps(aks.podCidr, aks.serviceCidr)) {
    fail(ctx, ["aks", "serviceCidr"], `${aks.serviceCidr} overlaps podCidr ${aks.podCidr}. Fix: choose disjoint ranges`);
  }
  if (!new Address4(aks.dnsServiceIp).isInSubnet(new Address4(aks.serviceCidr))) {
    fail(ctx, ["aks", "dnsServiceIp"], `${aks.dnsServiceIp} is outside serviceCidr ${aks.serviceCidr}. Fix: use an address inside it, e.g. its .10`);
  }
}

/** A Kubernetes deployment runs on a pool of this region's cluster, and the pool must hold its largest scale-out. */
function checkKubernetesPlacement(ctx: Ctx, region: RegionConfig, deployment: DeploymentConfig, path: Path): void {
  if (deployment.compute.kind !== "kubernetes") return;
  const poolName = deployment.compute.gpuPool;
  const pool = region.aks?.gpuPools.find((candidate) => candidate.name === poolName);
  if (!pool) {
    const known = region.aks?.gpuPools.map((p) => p.name).join(", ") || "none: this region has no aks";
    fail(ctx, [...path, "compute", "gpuPool"], `no GPU pool "${poolName}" in ${region.location}. Fix: use one of the region's aks.gpuPools (${known})`);
    return;
  }
  // One replica uses every GPU of a node (tensor parallelism over the VM), so a pool holds maxCount replicas.
  if (deployment.instanceCount.max > pool.maxCount) {
    fail(
      ctx,
      [...path, "instanceCount", "max"],
      `max ${deployment.instanceCount.max} replicas do not fit GPU pool "${pool.name}": each takes a whole node and the pool has at most ${pool.maxCount}. Fix: raise the pool's maxCount or lower this max`,
    );
  }
}

export function checkEnvironment(env: EnvironmentSettings, ctx: Ctx): void {
  const seenRegions = new Set<string>();
  env.regions.forEach((region, index) => {
    if (seenRegions.has(region.location)) {
      fail(ctx, ["regions", index, "location"], `region ${region.location} is listed twice. Fix: declare each region once`);
    }
    seenRegions.add(region.location);
  });
  checkDisjoint(
    ctx,
    env.regions.flatMap((region, regionIndex) =>
      region.addressSpace.map((range, index) => ({
        label: `regions[${regionIndex}].addressSpace[${index}] (${region.location})`,
        path: ["regions", regionIndex, "addressSpace", index],
        range,
        group: regionIndex,
      })),
    ),
  );
  env.regions.forEach((region, index) => {
    const names = new RegionNames(env, region.location).checkedNames();
    for (const [kind, name] of Object.entries(names) as [keyof typeof NAME_RULES, string][]) {
      if (!NAME_RULES[kind].pattern.test(name)) {
        fail(
          ctx,
          ["regions", index, "location"],
          `the ${kind} name "${name}" breaks Azure's rule (${NAME_RULES[kind].rule}). Fix: shorten naming.prefix or the environment name`,
        );
      }
    }
    region.aks?.gpuPools.forEach((pool, poolIndex) => {
      if (pool.spot && env.tags.dataClassification === "restricted-phi") {
        fail(ctx, ["regions", index, "aks", "gpuPools", poolIndex, "spot"], "spot capacity can be evicted at any moment; not allowed where patient data is served. Fix: set spot to false");
      }
    });
  });
  checkUnique(ctx, env.keyVault.secrets, ["keyVault", "secrets"], "secret");
  checkAlerts(ctx, env);
}

/** The GPU size a deployment runs on, and for Kubernetes the index of its pool; undefined when the size is unknown (reported elsewhere). */
export function deploymentGpus(region: RegionConfig, deployment: DeploymentConfig): { sku: GpuSku; poolIndex?: number } | undefined {
  if (deployment.compute.kind === "managed") {
    const sku = findGpuSku(deployment.compute.instanceType);
    return sku && { sku };
  }
  const poolName = deployment.compute.gpuPool;
  const poolIndex = region.aks?.gpuPools.findIndex((pool) => pool.name === poolName) ?? -1;
  const sku = poolIndex >= 0 ? findGpuSku(region.aks!.gpuPools[poolIndex].vmSize) : undefined;
  return sku && { sku, poolIndex };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function checkAlerts(ctx: Ctx, env: EnvironmentSettings): void {
  const { actionGroup, latencyP95Ms } = env.alerts;
  if (actionGroup.emails.length === 0 && actionGroup.webhooks.length === 0 && !EMAIL.test(env.tags.owner)) {
    fail(ctx, ["alerts", "actionGroup", "emails"], `no receiver, and the owner tag "${env.tags.owner}" is not an e-mail address to fall back on. Fix: add an e-mail or webhook receiver`);
  }
  checkUnique(ctx, actionGroup.emails, ["alerts", "actionGroup", "emails"], "e-mail receiver");
  checkUnique(ctx, actionGroup.webhooks, ["alerts", "actionGroup", "webhooks"], "webhook receiver");
  env.regions.forEach((region, regionIndex) => {
    region.endpoints.forEach((endpoint, endpointIndex) => {
      endpoint.deployments.forEach((deployment, deploymentIndex) => {
        if (latencyP95Ms >= deployment.requestTimeoutMs) {
          fail(
            ctx,
            ["alerts", "latencyP95Ms"],
            `${latencyP95Ms} ms is not below the request timeout ${deployment.requestTimeoutMs} ms of regions[${regionIndex}].endpoints[${endpointIndex}].deployments[${deploymentIndex}] (${deployment.name}), so the alert could never fire. Fix: lower latencyP95Ms or raise that requestTimeoutMs`,
          );
        }
      });
    });
  });
}
