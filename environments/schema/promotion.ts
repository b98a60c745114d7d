/**
 * The promotion gate: a release may serve an environment with a `promotion` policy only once it has served in the
 * environment before (`after`) for `minDaysServed` days and carries the clinical sign-off for this environment. The
 * evidence comes from the release record (releases/<id>.ts), the day from the clock (today.ts).
 */
import type { PromotionPolicy } from "./config";
import { addDays, daysBetween, SIGNED_OFF_ENVIRONMENTS, type Release, type ReleaseEnvironment, type SignOff, type SignedOffEnvironment } from "./release";

/** What a release record says about its way into one environment. */
export interface PromotionEvidence {
  readonly after: ReleaseEnvironment;
  readonly minDaysServed: number;
  /** The first day it served in `after`, if it has. */
  readonly servedSince?: string;
  /** The sign-off for the environment, if given. */
  readonly signOff?: SignOff;
  /** The first day the gate opens (served long enough and signed off); undefined while either is missing. */
  readonly provenOn?: string;
}

export function isSignedOffEnvironment(name: string): name is SignedOffEnvironment {
  return (SIGNED_OFF_ENVIRONMENTS as readonly string[]).includes(name);
}

export function promotionEvidence(release: Release, environment: string, policy: PromotionPolicy): PromotionEvidence {
  const servedSince = release.served[policy.after]?.since;
  const signOff = isSignedOffEnvironment(environment) ? release.signOffs[environment] : undefined;
  const servedLongEnough = servedSince === undefined ? undefined : addDays(servedSince, policy.minDaysServed);
  const provenOn = servedLongEnough === undefined || signOff === undefined ? undefined : [servedLongEnough, signOff.at].sort().at(-1);
  return { after: policy.after, minDaysServed: policy.minDaysServed, servedSince, signOff, provenOn };
}

/** Why the release may not serve `environment` on `today`, one reason per missing proof; empty when it may. */
export function promotionRefusals(release: Release, environment: string, policy: PromotionPolicy, today: string): string[] {
  const evidence = promotionEvidence(release, environment, policy);
  const file = `releases/${release.id}.ts`;
  const reasons: string[] = [];
  if (evidence.servedSince === undefined) {
    reasons.push(`release ${release.id} has not served in ${policy.after} (served.${policy.after} is not set in ${file}), and ${environment} takes only releases that served there for ${policy.minDaysServed} days. Fix: serve it in ${policy.after} first, and record served.${policy.after}.since`);
  } else {
    const days = daysBetween(evidence.servedSince, today);
    if (days < policy.minDaysServed) {
      const served = days < 0 ? `starts serving in ${policy.after} only on ${evidence.servedSince}` : `has served in ${policy.after} for ${days} day(s) (since ${evidence.servedSince})`;
      reasons.push(`release ${release.id} ${served}, and ${environment} takes only releases that served there for ${policy.minDaysServed} (promotion.minDaysServed). Fix: keep ${environment} on its current release until ${addDays(evidence.servedSince, policy.minDaysServed)}`);
    }
  }
  if (evidence.signOff === undefined) {
    reasons.push(`release ${release.id} has no ${environment} sign-off. Fix: add signOffs.${environment} (by, at, evaluation) to ${file} once the clinical evaluation for ${environment} is signed`);
  } else if (evidence.signOff.at > today) {
    reasons.push(`release ${release.id}'s ${environment} sign-off is dated ${evidence.signOff.at}, after today (${today}). Fix: record the day it was signed; a sign-off counts from that day`);
  }
  return reasons;
}
