/**
 * A model release, described once: the model-server image by digest, the model it serves (weights by hash, size,
 * shape), where it has served since when, and the clinical sign-offs that let it into the trusted clinical environment
 * (pilot) and then to patients worldwide (prod). One record per release in `releases/<id>.ts`, edited by pull request;
 * environments name a release by its ID (docs/adr/0005-releases-and-rollouts.md). How a release's artefacts move
 * between tenants: docs/adr/0004-release-path.md.
 */
import { z } from "zod";
import { servedModel } from "./model";

/** The environments a release is promoted through, in order; sign-offs exist for those after the first. */
export const RELEASE_ENVIRONMENTS = ["dev", "pilot", "prod"] as const;
export type ReleaseEnvironment = (typeof RELEASE_ENVIRONMENTS)[number];
export const SIGNED_OFF_ENVIRONMENTS = ["pilot", "prod"] as const;
export type SignedOffEnvironment = (typeof SIGNED_OFF_ENVIRONMENTS)[number];

/** A release's ID: its file name in `releases/` and what environments write, e.g. clinical-llm-2. */
export const releaseId = z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, {
  error: "must be lowercase letters, digits and single hyphens starting with a letter, e.g. clinical-llm-2 (the file releases/<id>.ts)",
}).max(63);

/** A calendar date, `YYYY-MM-DD`, that exists (no 2026-02-30). Dates are UTC days. */
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date written YYYY-MM-DD, e.g. 2026-11-02" }).refine((text) => isCalendarDate(text), {
  error: "is not a day of the calendar. Fix: write a date that exists, YYYY-MM-DD",
});

export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD, UTC); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus `days` days, YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Names the model-server image only by digest: tags move, digests do not. */
export const imageReference = z.object({
  /** Repository path inside the environment's own registry, e.g. `model-server`. No tag, no registry host. */
  repository: z.string().regex(/^[a-z0-9]+(?:[._/-][a-z0-9]+)*$/, {
    error: "must be a lowercase repository path with no tag or digest, e.g. model-server. Fix: put the digest in `digest`",
  }),
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/, {
    error: "must be an image digest sha256:<64 hex>. Fix: take it from `docker buildx imagetools inspect` or the ACR push output; tags are not accepted",
  }),
});

/** The clinical sign-off for a release entering an environment: who signed, when, and the evaluation they signed. */
export const signOff = z.object({
  /** Name and e-mail of the clinician who signed, e.g. `Dr Amina Okafor <amina.okafor@hospital.example>`. */
  by: z.string().regex(/^[^<>@]*[^<>@\s][^<>@]* <[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>$/, {
    error: "must be a name and an e-mail address, e.g. Dr Amina Okafor <amina.okafor@hospital.example>",
  }),
  /** The day the sign-off was given (UTC). */
  at: calendarDate,
  /** The evaluation report signed off, on the hospital's document system. */
  evaluation: z.url({ protocol: /^https$/, error: "must be an https:// link to the signed evaluation" }),
});

const servedSince = z.object({
  /** The first day (UTC) the release served requests in the environment. */
  since: calendarDate,
});

export const releaseSchema = z
  .object({
    id: releaseId,
    /** The model-server image, by digest in the environments' own registries (imported by ARM: ADR 0004). */
    image: imageReference,
    /** The model the server loads: its size, precision and shape size the GPUs, the server's flags and the gateway's limits. */
    model: servedModel,
    /** Where the release has served and since when; set in the pull request that records it live there. */
    served: z
      .object({ dev: servedSince.optional(), pilot: servedSince.optional(), prod: servedSince.optional() })
      .prefault({}),
    /** The clinical sign-off for entering pilot (the trusted clinical environment) and prod (patients worldwide). */
    signOffs: z.object({ pilot: signOff.optional(), prod: signOff.optional() }).prefault({}),
  })
  .superRefine(checkRelease);

/** What a release file writes: defaults may be left out. */
export type ReleaseInput = z.input<typeof releaseSchema>;
/** A validated release. */
export type Release = z.output<typeof releaseSchema>;
export type SignOff = z.output<typeof signOff>;
export type ImageReference = z.output<typeof imageReference>;

/** A release cannot have served in an environment before it was signed off for it: the record would contradict itself. */
function checkRelease(release: Release, ctx: z.RefinementCtx): void {
  for (const environment of SIGNED_OFF_ENVIRONMENTS) {
    const served = release.served[environment];
    const signed = release.signOffs[environment];
    if (served && signed && served.since < signed.at) {
      ctx.addIssue({
        code: "custom",
        path: ["served", environment, "since"],
        message: `${served.since} is before the ${environment} sign-off (${signed.at}): a release serves ${environment} only once signed off. Fix: correct the date it started serving, or the sign-off's date`,
      });
    }
  }
}
