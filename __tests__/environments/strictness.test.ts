import { ENVIRONMENTS } from "../../environments";
import { dev } from "../../environments/dev";
import { pilot } from "../../environments/pilot";
import { environmentSchema, type EnvironmentInput } from "../../environments/schema/config";
import { strictDeep } from "../../environments/schema/strict";
import { formatPath, formatProblem, validateEnvironment } from "../../environments/schema/validate";
import { run } from "../../scripts/program";

type Loose = Record<string, any>;

function problemsAfter(base: EnvironmentInput, mutate: (env: Loose) => void): string[] {
  const env = structuredClone(base) as Loose;
  mutate(env);
  const result = validateEnvironment(env, "dev");
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe("a misspelt field is an error naming the nearest known field, at any depth", () => {
  test.each([
    ["regions[0].aks.skuTeir", (env: Loose) => (env.regions[0].aks.skuTeir = "Standard"), 'did you mean "skuTier"?'],
    ["tagz", (env: Loose) => (env.tagz = {}), 'did you mean "tags"?'],
    ["regions[0].endpoints[0].deployments[0].compute.gpupool", (env: Loose) => (env.regions[0].endpoints[0].deployments[0].compute.gpupool = "x"), 'did you mean "gpuPool"?'],
    ["observability.keepDays", (env: Loose) => (env.observability.keepDays = 60), "remove it; the fields here are logRetentionDays"],
  ])("%s", (path, mutate, fix) => {
    expect(problemsAfter(dev, mutate)).toEqual([`dev: ${path}: unknown field. Fix: ${fix}`]);
  });

  test("every object of the schema is strict, including fields added later (the mechanism, not a list)", () => {
    const loose: string[] = [];
    const visit = (schema: any, path: string, seen: Set<unknown>) => {
      if (seen.has(schema)) return;
      seen.add(schema);
      const def = schema._zod.def;
      if (def.type === "object") {
        if (!def.catchall) loose.push(path);
        for (const [key, field] of Object.entries(def.shape)) visit(field, `${path}.${key}`, seen);
      }
      for (const [key, value] of Object.entries(def)) {
        if (key === "shape" || key === "catchall") continue;
        if ((value as any)?._zod?.def) visit(value, path, seen);
        if (Array.isArray(value)) for (const option of value) if (option?._zod?.def && !option._zod.traits.has("$ZodCheck")) visit(option, path, seen);
      }
    };
    visit(strictDeep(environmentSchema), "(root)", new Set());
    expect(loose).toEqual([]);
  });
});

describe("wrong types and missing fields get our words and a fix", () => {
  test("a missing field says required", () => {
    expect(problemsAfter(dev, (env) => delete env.description)).toEqual(["dev: description: required, and missing. Fix: add it (a string in quotes)"]);
  });

  test("a number written as text", () => {
    expect(problemsAfter(dev, (env) => (env.observability.logRetentionDays = "60"))).toEqual([
      'dev: observability.logRetentionDays: must be a number, not the text "60". Fix: write 60 without quotes',
    ]);
  });

  test("a misspelt choice suggests the nearest", () => {
    expect(problemsAfter(dev, (env) => (env.regions[0].aks.skuTier = "Premum"))).toEqual([
      'dev: regions[0].aks.skuTier: the text "Premum" is not one of "Free", "Standard", "Premium". Fix: did you mean "Premium"?',
    ]);
  });

  test("a union names the form that was meant", () => {
    expect(problemsAfter(dev, (env) => (env.cloud = "AzureGerman"))).toEqual([
      'dev: cloud: the text "AzureGerman" is not one of "AzureCloud", "AzureUSGovernment", "AzureChinaCloud". Fix: use one of "AzureCloud", "AzureUSGovernment", "AzureChinaCloud"',
    ]);
  });
});

/** Every string of the config that is an IPv4 range, by its path. */
function cidrFields(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (typeof value === "string") return /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => cidrFields(item, [...path, index]));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, item]) => cidrFields(item, [...path, key]));
  return [];
}

function setAt(target: Loose, path: readonly PropertyKey[], value: unknown): void {
  const parent = path.slice(0, -1).reduce<Loose>((node, key) => node[key as string], target);
  parent[path.at(-1) as string] = value;
}

describe("a malformed range is an input error on its field, with the fix (was: 'Invalid IPv4 address.', exit 1)", () => {
  const fields = cidrFields(pilot);
  test("pilot has ranges in many places", () => expect(fields.length).toBeGreaterThanOrEqual(7));

  test.each([
    ["10.10.300.0/24", "has 300, but each of the four numbers is 0-255"],
    ["banana", "has no /prefix length"],
    ["10.0.0.0/33", "has prefix length /33, but an IPv4 prefix is /0 to /32"],
    ["fd00::/64", "is an IPv6 range; these networks are IPv4 only"],
  ])("%s in every range field", (bad, what) => {
    for (const path of fields) {
      const problems = problemsAfter(pilot, (env) => setAt(env, path, bad));
      expect(problems).toContain(`dev: ${formatPath(path)}: "${bad}" ${what}. Fix: write an IPv4 range as a.b.c.d/n, e.g. 10.20.0.0/22`);
    }
  });

  test("a malformed single address too", () => {
    expect(problemsAfter(dev, (env) => (env.regions[0].aks.dnsServiceIp = "172.16.0.300"))).toEqual([
      'dev: regions[0].aks.dnsServiceIp: "172.16.0.300" has 300, but each of the four numbers is 0-255. Fix: write one IPv4 address as a.b.c.d, e.g. 10.20.0.10',
    ]);
  });

  test("the CLI exits 2 naming the field, before anything else", async () => {
    const broken = structuredClone(dev) as Loose;
    broken.regions[0].subnets.aksGpu = "banana";
    let stderr = "";
    const code = await run(["gpu", "status", "--env", "dev"], { stdout: () => undefined, stderr: (text) => (stderr += text), environments: { dev: broken as EnvironmentInput } });
    expect(code).toBe(2);
    expect(stderr).toContain('dev: regions[0].subnets.aksGpu: "banana" has no /prefix length');
  });
});

test("the shipped environments stay valid under the strict schema", () => {
  for (const [name, env] of Object.entries(ENVIRONMENTS)) expect(validateEnvironment(env, name)).toMatchObject({ ok: true });
});
