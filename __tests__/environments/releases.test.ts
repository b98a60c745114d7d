import * as fs from "node:fs";
import * as path from "node:path";
import { dev } from "../../environments/dev";
import { pilot } from "../../environments/pilot";
import { prod } from "../../environments/prod";
import { ENVIRONMENTS } from "../../environments";
import { daysBetween } from "../../environments/schema/release";
import { formatProblem, validateEnvironment, validateReleases } from "../../environments/schema/validate";
import { currentDeployment, releaseOf, releasesInUse, requestBoundingModel, servedModelName } from "../../environments/schema/releases";
import { today } from "../../environments/schema/today";
import { RELEASES } from "../../releases";
import { catalogWith, rollingOut, TODAY, validated } from "../fixtures/releases";
import { catalogAfter, problemsAfter, type Loose } from "./problems";

const RELEASES_DIR = path.join(__dirname, "..", "..", "releases");

/** Problems of `env` (a Loose copy) against the catalog with clinical-llm-2 changed by `change`, on `day`. */
function problemsWith(env: Loose, change: (release: Loose) => void = () => undefined, day = TODAY): string[] {
  const result = validateEnvironment(env, env.name, { releases: catalogWith(change), today: day });
  return result.ok ? [] : result.problems.map(formatProblem);
}

/** prod with both regions' blue deployments moved to clinical-llm-2 (the default release). */
const prodOn = (release: string) => ({ ...structuredClone(prod), modelServer: { release } }) as Loose;

describe("the shipped release records", () => {
  test("every record is valid, lives in releases/<id>.ts, and is listed in releases/index.ts under its ID", () => {
    expect(validateReleases()).toEqual([]);
    const files = fs.readdirSync(RELEASES_DIR).filter((file) => file !== "index.ts").map((file) => file.replace(/\.ts$/, ""));
    expect(Object.keys(RELEASES).sort()).toEqual(files.sort());
    for (const [id, record] of Object.entries(RELEASES)) expect(record.id).toBe(id);
  });

  test("dev runs the 3.2B stand-in; pilot and prod the 405B FP8 release on the same image", () => {
    const [devEnv, pilotEnv, prodEnv] = [dev, pilot, prod].map((env) => validated(env, env.name, RELEASES));
    expect(releasesInUse(devEnv).map((release) => [release.id, release.model.parametersBillions])).toEqual([["clinical-llm-mini-1", 3.2]]);
    expect(releasesInUse(pilotEnv).map((release) => release.id)).toEqual(["clinical-llm-1"]);
    expect(releasesInUse(prodEnv).map((release) => [release.id, release.model.parametersBillions, release.model.precision])).toEqual([["clinical-llm-1", 405, "fp8"]]);
    expect(RELEASES["clinical-llm-1"].image.digest).toBe(RELEASES["clinical-llm-mini-1"].image.digest);
  });

  test("prod's release served in pilot 14 days or more and carries a prod sign-off; pilot's served a week in dev with a pilot sign-off", () => {
    const release = RELEASES[prod.modelServer.release];
    expect(prod.promotion).toEqual({ after: "pilot", minDaysServed: 14 });
    expect(daysBetween(release.served!.pilot!.since, TODAY)).toBeGreaterThanOrEqual(14);
    expect(release.signOffs!.prod).toMatchObject({ by: expect.stringMatching(/<.+@.+>$/), evaluation: expect.stringMatching(/^https:\/\//) });
    expect(pilot.promotion).toEqual({ after: "dev", minDaysServed: 7 });
    expect(daysBetween(RELEASES[pilot.modelServer.release].served!.dev!.since, TODAY)).toBeGreaterThanOrEqual(7);
    expect(dev.promotion).toBeUndefined();
  });

  test.each(Object.entries(ENVIRONMENTS))("%s passes its gates on 2026-12-01 and every later day", (name, env) => {
    for (const day of [TODAY, "2027-06-30", "2031-01-01"]) expect(validateEnvironment(env, name, { today: day })).toMatchObject({ ok: true });
  });
});

describe("the promotion gate refuses an unproven release, naming the field and the reason (exit 2 in fhi synth)", () => {
  test("a release that served in pilot fewer days than prod's promotion asks", () => {
    expect(problemsWith(prodOn("clinical-llm-2"), (release) => (release.served.pilot.since = "2026-11-25"))).toEqual([
      "prod: modelServer.release: release clinical-llm-2 has served in pilot for 6 day(s) (since 2026-11-25), and prod takes only releases that served there for 14 (promotion.minDaysServed). Fix: keep prod on its current release until 2026-12-09",
    ]);
  });

  test("the same release passes on the day it has served 14 days", () => {
    expect(problemsWith(prodOn("clinical-llm-2"), (release) => (release.served.pilot.since = "2026-11-25"), "2026-12-09")).toEqual([]);
  });

  test("a release without a prod sign-off", () => {
    expect(problemsWith(prodOn("clinical-llm-2"), (release) => delete release.signOffs.prod)).toEqual([
      "prod: modelServer.release: release clinical-llm-2 has no prod sign-off. Fix: add signOffs.prod (by, at, evaluation) to releases/clinical-llm-2.ts once the clinical evaluation for prod is signed",
    ]);
  });

  test("a release that never served in pilot, and is not signed off either: both reasons, on the field", () => {
    expect(
      problemsWith(prodOn("clinical-llm-2"), (release) => {
        delete release.served.pilot;
        delete release.signOffs.prod;
      }),
    ).toEqual([
      "prod: modelServer.release: release clinical-llm-2 has not served in pilot (served.pilot is not set in releases/clinical-llm-2.ts), and prod takes only releases that served there for 14 days. Fix: serve it in pilot first, and record served.pilot.since",
      "prod: modelServer.release: release clinical-llm-2 has no prod sign-off. Fix: add signOffs.prod (by, at, evaluation) to releases/clinical-llm-2.ts once the clinical evaluation for prod is signed",
    ]);
  });

  test("a sign-off dated after today does not count yet", () => {
    expect(problemsWith(prodOn("clinical-llm-2"), (release) => (release.signOffs.prod.at = "2026-12-03"))).toEqual([
      "prod: modelServer.release: release clinical-llm-2's prod sign-off is dated 2026-12-03, after today (2026-12-01). Fix: record the day it was signed; a sign-off counts from that day",
    ]);
  });

  test("a green deployment's own release is gated too, on its own field", () => {
    const env = rollingOut(prod, 1);
    expect(problemsWith(env)).toEqual([]);
    expect(problemsWith(env, (release) => (release.served.pilot.since = "2026-11-30"))).toEqual([
      expect.stringContaining("prod: regions[0].endpoints[0].deployments[1].release: release clinical-llm-2 has served in pilot for 1 day(s) (since 2026-11-30)"),
      expect.stringContaining("prod: regions[1].endpoints[0].deployments[1].release: release clinical-llm-2 has served in pilot for 1 day(s) (since 2026-11-30)"),
    ]);
  });

  test("pilot takes a release after a week in dev with a pilot sign-off", () => {
    const pilotOn = { ...structuredClone(pilot), modelServer: { release: "clinical-llm-2" } } as Loose;
    expect(problemsWith(pilotOn)).toEqual([]);
    expect(problemsWith(pilotOn, (release) => (release.served.dev.since = "2026-11-28"))).toEqual([expect.stringContaining("pilot: modelServer.release: release clinical-llm-2 has served in dev for 3 day(s) (since 2026-11-28), and pilot takes only releases that served there for 7")]);
    expect(problemsWith(pilotOn, (release) => delete release.signOffs.pilot)).toEqual([expect.stringContaining("pilot: modelServer.release: release clinical-llm-2 has no pilot sign-off")]);
  });

  test("dev has no gate: an unsigned release that served nowhere may run there", () => {
    const devOn = { ...structuredClone(dev), modelServer: { release: "clinical-llm-mini-2" } };
    const mini2 = (catalog: Record<string, Loose>) => (catalog["clinical-llm-mini-2"] = { ...structuredClone(RELEASES["clinical-llm-mini-1"]), id: "clinical-llm-mini-2", model: { ...structuredClone(RELEASES["clinical-llm-mini-1"].model), version: "2", weights: { sha256: "5c".repeat(32) } }, served: {} });
    expect(problemsAfter(devOn, undefined, { catalog: mini2 })).toEqual([]);
  });

  test("a release ID that no record has", () => {
    expect(problemsAfter(prod, (env) => (env.modelServer.release = "clinical-llm-9"))).toEqual([
      'prod: modelServer.release: no release "clinical-llm-9". Fix: use one of clinical-llm-mini-1, clinical-llm-1, or add releases/clinical-llm-9.ts and list it in releases/index.ts',
    ]);
  });

  test("a promotion policy after itself, or on an environment no release can be signed off for", () => {
    expect(problemsAfter(prod, (env) => (env.promotion = { after: "prod", minDaysServed: 14 }))).toEqual([
      "prod: promotion.after: is this environment (prod); a release must have served somewhere else first. Fix: name the environment before it, e.g. pilot",
    ]);
    expect(problemsAfter(pilot, (env) => (env.name = "staging"))).toEqual([
      "staging: promotion: release records carry clinical sign-offs for pilot and prod only, so no release could ever be signed off for staging. Fix: remove promotion, or add staging to SIGNED_OFF_ENVIRONMENTS in environments/schema/release.ts",
    ]);
    expect(problemsAfter(pilot, (env) => (env.promotion = { after: "qa", minDaysServed: 0 }))).toEqual([
      "pilot: promotion.after: must be one of dev, pilot, prod: the environment a release must have served in first",
      "pilot: promotion.minDaysServed: must be at least 1 (it is 0). Fix: choose a value within the bound",
    ]);
  });

  test("every release of an environment serves one model name: clients name it in every request", () => {
    const renamed = rollingOut(prod, 1);
    expect(problemsWith(renamed, (release) => (release.model.name = "clinical-llm-next"))).toEqual([
      'prod: regions[0].endpoints[0].deployments[1].release: release clinical-llm-2 serves model "clinical-llm-next", but release clinical-llm-1 serves "clinical-llm"; clients name the model in every request, so part of the traffic would be refused. Fix: keep the model\'s name across releases (bump model.version instead)',
      expect.stringContaining("prod: regions[1].endpoints[0].deployments[1].release: release clinical-llm-2 serves model"),
    ]);
  });
});

describe("the release record itself", () => {
  test("a sign-off needs a name with an e-mail, a real date and an https link to the evaluation", () => {
    const problems = problemsAfter(prod, undefined, {
      release: (release) => (release.signOffs.prod = { by: "Lars", at: "2026-02-30", evaluation: "http://docs.hospital.example/e" }),
    });
    expect(problems).toEqual([
      "releases/clinical-llm-1.ts: signOffs.prod.by: must be a name and an e-mail address, e.g. Dr Amina Okafor <amina.okafor@hospital.example>",
      "releases/clinical-llm-1.ts: signOffs.prod.at: is not a day of the calendar. Fix: write a date that exists, YYYY-MM-DD",
      "releases/clinical-llm-1.ts: signOffs.prod.evaluation: must be an https:// link to the signed evaluation",
      "prod: modelServer.release: release clinical-llm-1 is not valid (its problems are listed under releases/clinical-llm-1.ts). Fix: correct the record",
    ]);
  });

  test("serving an environment before its sign-off contradicts the record", () => {
    expect(problemsAfter(prod, undefined, { release: (release) => (release.served.prod.since = "2026-10-20") })).toEqual([
      "releases/clinical-llm-1.ts: served.prod.since: 2026-10-20 is before the prod sign-off (2026-10-26): a release serves prod only once signed off. Fix: correct the date it started serving, or the sign-off's date",
      "prod: modelServer.release: release clinical-llm-1 is not valid (its problems are listed under releases/clinical-llm-1.ts). Fix: correct the record",
    ]);
  });

  test("a misspelt field names the nearest one", () => {
    expect(problemsAfter(prod, undefined, { release: (release) => (release.signOff = release.signOffs) })).toContain(
      'releases/clinical-llm-1.ts: signOff: unknown field. Fix: did you mean "signOffs"?',
    );
  });

  test("across records: the ID is the catalog key, and a model version always means the same weights", () => {
    expect(validateReleases({ ...RELEASES, "clinical-llm-2": { ...structuredClone(RELEASES["clinical-llm-1"]), id: "clinical-llm-3" } })).toEqual([
      { environment: "releases/clinical-llm-2.ts", path: "id", message: 'is "clinical-llm-3", but the catalog lists the record as "clinical-llm-2". Fix: name the file releases/clinical-llm-3.ts and list it under its ID in releases/index.ts' },
    ]);
    const sameVersion = catalogWith((release) => (release.model.version = "1"));
    expect(validateReleases(sameVersion)).toEqual([
      expect.objectContaining({ environment: "releases/clinical-llm-2.ts", path: "model.weights.sha256", message: expect.stringContaining("differs from releases/clinical-llm-1.ts, which gives clinical-llm v1 other weights") }),
    ]);
  });

  test("the catalog helper leaves the shipped records alone", () => {
    catalogAfter(prod, { release: (release) => (release.id = "changed") });
    expect(RELEASES["clinical-llm-1"].id).toBe("clinical-llm-1");
  });
});

describe("today: the clock's UTC date, or FHI_TODAY", () => {
  test("FHI_TODAY pins the day; unset it is the clock's UTC date", () => {
    expect(today({ FHI_TODAY: "2027-01-04" })).toEqual({ ok: true, date: "2027-01-04" });
    expect(today({}, () => new Date("2026-12-01T23:59:59Z"))).toEqual({ ok: true, date: "2026-12-01" });
  });

  test("a malformed FHI_TODAY is a problem naming the variable, never silently the clock", () => {
    expect(today({ FHI_TODAY: "1/12/2026" })).toEqual({ ok: false, problem: { environment: "(process)", path: "FHI_TODAY", message: expect.stringContaining('"1/12/2026" is not a date. Fix: write it as YYYY-MM-DD') } });
    const saved = process.env.FHI_TODAY;
    process.env.FHI_TODAY = "2026-13-01";
    try {
      expect(validateEnvironment(prod, "prod")).toMatchObject({ ok: false, problems: [{ path: "FHI_TODAY" }] });
    } finally {
      if (saved === undefined) delete process.env.FHI_TODAY;
      else process.env.FHI_TODAY = saved;
    }
  });
});

describe("the resolver: one answer for every reader", () => {
  const env = validated(rollingOut(prod, 2), "prod");
  const [endpoint] = env.regions[0].endpoints;
  type Endpoint = typeof endpoint;

  test("a deployment's release is its own, else the environment's", () => {
    expect(endpoint.deployments.map((deployment) => releaseOf(env, deployment).id)).toEqual(["clinical-llm-1", "clinical-llm-2"]);
    expect(releasesInUse(env).map((release) => release.id)).toEqual(["clinical-llm-1", "clinical-llm-2"]);
  });

  test("the current deployment is the rollout's current, else the largest share; it bounds the requests", () => {
    expect(currentDeployment(endpoint).name).toBe("blue");
    const plain: Endpoint = { ...endpoint, rollout: undefined };
    expect(currentDeployment({ ...plain, deployments: [{ ...endpoint.deployments[0], trafficPercent: 25 }, { ...endpoint.deployments[1], trafficPercent: 75 }] }).name).toBe("green");
    expect(requestBoundingModel(env).version).toBe("1");
    expect(servedModelName(env)).toBe("clinical-llm");
  });

  test("the model with the shortest context bounds the requests when endpoints' current releases differ", () => {
    const shorter = validated(rollingOut(prod, 2), "prod", catalogWith((release) => (release.model.maxModelLength = 16384)));
    const swapped = { ...shorter, regions: shorter.regions.map((region, index) => (index === 1 ? { ...region, endpoints: region.endpoints.map((candidate) => ({ ...candidate, rollout: { ...candidate.rollout!, current: "green", next: "blue" } })) } : region)) };
    expect(requestBoundingModel(swapped).maxModelLength).toBe(16384);
    expect(requestBoundingModel(swapped, swapped.regions[0].endpoints).maxModelLength).toBe(32768);
  });
});
