/**
 * `fhi rollout status`: the endpoint's live split beside the config's step, how long the step has run against its
 * bake, and every gate on `next` over the step's bake window.
 *
 * When the step began: ARM's systemData.lastModifiedAt of the resource holding the split (the endpoint, or the serving
 * Flux configuration), which every writer moves (fhi rollout, a deploy, the portal, another operator's machine). The
 * local audit log was not chosen: it knows only this machine's advances. Any write to that resource restarts the bake
 * (a deploy, a `fhi gpu scale` of a served model's bounds), never shortens it.
 */
import { currentStep, describeStep, type RolloutStep } from "../../environments/schema/rollout";
import type { AzureClients } from "../clients";
import { readGates, type GateReading, type GateWindow } from "./gates";
import { describeLiveSplit, readLiveTraffic, splitDifferences, stepSplit, type LiveTraffic, type Split } from "./live";
import type { RolloutTarget } from "./target";

export interface StepProgress {
  readonly index: number;
  readonly step: RolloutStep;
  /** When the split was last written; unknown where ARM does not say. */
  readonly startedAt?: Date;
  readonly elapsedMinutes?: number;
  /** The step has run its bake time. */
  readonly baked: boolean;
}

export interface RolloutStatus {
  readonly target: RolloutTarget;
  readonly live: LiveTraffic;
  /** The split the config's step means. */
  readonly expected: Split;
  /** Where live differs from the config's step. */
  readonly differences: readonly string[];
  /** The live split in the plan's words: "step 1 (canary 5 %)", "rolled back ...", "no step of the plan". */
  readonly liveAs: string;
  readonly step: StepProgress;
  readonly window: GateWindow;
  readonly gates: readonly GateReading[];
  /** What keeps a cluster from running the split (Flux not compliant). */
  readonly problems: readonly string[];
}

function progressOf(target: RolloutTarget, live: LiveTraffic, now: Date): StepProgress {
  const step = currentStep(target.plan);
  const startedAt = live.changedAt;
  const elapsedMinutes = startedAt ? Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 60_000)) : undefined;
  return { index: target.plan.step, step, startedAt, elapsedMinutes, baked: elapsedMinutes !== undefined && elapsedMinutes >= step.bakeMinutes };
}

/** The last bake's worth of time, never reaching back before the step began (the previous step's traffic is not this one's). */
export function gateWindow(progress: StepProgress, now: Date): GateWindow {
  const bakeStart = now.getTime() - progress.step.bakeMinutes * 60_000;
  return { from: new Date(Math.max(bakeStart, progress.startedAt?.getTime() ?? bakeStart)), to: now };
}

function clusterProblems(live: LiveTraffic): string[] {
  if (live.complianceState === undefined || live.complianceState === "Compliant") return [];
  const detail = live.errorMessage ? ` (${live.errorMessage})` : "";
  if (live.complianceState === "Pending") return [`Flux reports the serving configuration Pending: the cluster's routers may not run this split yet${detail}. It turns Compliant at Flux's next reconcile`];
  return [`Flux reports the serving configuration ${live.complianceState}: the cluster may not run this split${detail}. Fix: read the configuration's statuses (the cluster's GitOps blade, az k8s-configuration flux show)`];
}

export async function rolloutStatus(clients: AzureClients, target: RolloutTarget, now: Date): Promise<RolloutStatus> {
  const live = await readLiveTraffic(clients, target);
  const expected = stepSplit(target, target.plan.step);
  const step = progressOf(target, live, now);
  const window = gateWindow(step, now);
  const gates = await readGates(clients, target, window);
  return { target, live, expected, differences: splitDifferences(live, expected), liveAs: describeLiveSplit(target, live), step, window, gates, problems: clusterProblems(live) };
}

/** Every gate holds, live is the config's step and the cluster runs it. */
export function rolloutHolds(status: RolloutStatus): boolean {
  return status.gates.every((gate) => gate.holds) && status.differences.length === 0 && status.problems.length === 0;
}

export function describeProgress(progress: StepProgress, stepCount: number): string {
  const where = `step ${progress.index} of ${stepCount}: ${describeStep(progress.step)} (bake ${progress.step.bakeMinutes} min)`;
  if (!progress.startedAt) return `${where}; when it began is unknown (ARM shows no modification time), so its bake cannot be counted`;
  const state = progress.baked ? "baked" : `${progress.step.bakeMinutes - progress.elapsedMinutes!} min of bake to go`;
  return `${where}; split last written ${progress.startedAt.toISOString()}, ${progress.elapsedMinutes} min ago (${state})`;
}
