/**
 * What the scrutiny rules of releases and rollouts read: an endpoint's serving record (a `terraform_data` resource the
 * inference stack writes: environments/schema/serving-record.ts) before and after the change, and how much of the
 * endpoint's traffic each deployment sees in it.
 */
import { isServingRecord, type DeploymentRecord, type ServingRecord } from "../../environments/schema/serving-record";
import { today } from "../../environments/schema/today";
import type { ResourceChange } from "../model";

export const SERVING_RECORD_TYPES = ["terraform_data"] as const;

export interface RecordChange {
  readonly before?: ServingRecord;
  readonly after?: ServingRecord;
}

/** The serving records a change is between; undefined when the change is not to a serving record. */
export function servingRecords(change: ResourceChange): RecordChange | undefined {
  const before = change.before?.input;
  const after = change.after?.input;
  const record = { before: isServingRecord(before) ? before : undefined, after: isServingRecord(after) ? after : undefined };
  return record.before || record.after ? record : undefined;
}

/** The share of the endpoint's requests that reach a deployment: answered, or copied to it. */
export function exposure(deployment: DeploymentRecord | undefined): number {
  return deployment ? deployment.trafficPercent + deployment.mirrorPercent : 0;
}

/** `<endpoint>/<deployment>`, as reasons name a deployment. */
export function deploymentLabel(record: ServingRecord, deployment: string): string {
  return `${record.endpoint}/${deployment}`;
}

/** The day promotions are judged on: FHI_TODAY or the clock's UTC date; the clock when FHI_TODAY is malformed (synth refuses that). */
export function reviewDay(): string {
  const day = today();
  return day.ok ? day.date : new Date().toISOString().slice(0, 10);
}

/** Why a deployment's release is not proven for the record's environment on `day`; undefined when it is, or no gate applies. */
export function unproven(deployment: DeploymentRecord, environment: string, day: string): string | undefined {
  const evidence = deployment.evidence;
  if (!evidence) return undefined;
  const missing: string[] = [];
  if (!evidence.servedSince) missing.push(`it has not served in ${evidence.after}`);
  if (!evidence.signedOffBy) missing.push(`it has no ${environment} sign-off`);
  if (missing.length === 0 && evidence.provenOn && evidence.provenOn <= day) return undefined;
  if (missing.length === 0) missing.push(`it is proven only from ${evidence.provenOn} (${evidence.minDaysServed} days in ${evidence.after} from ${evidence.servedSince}, signed off ${evidence.signedOffAt}), not on ${day}`);
  return `release ${deployment.release} is not proven for ${environment}: ${missing.join(", and ")}`;
}
