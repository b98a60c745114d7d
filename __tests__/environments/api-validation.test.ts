import { prod } from "../../environments/prod";
import { dev } from "../../environments/dev";
import type { EnvironmentInput } from "../../environments/schema/config";
import { formatProblem, validateEnvironment } from "../../environments/schema/validate";

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Env = Mutable<EnvironmentInput> & Record<string, any>;

function problemsAfter(base: EnvironmentInput, mutate: (env: Env) => void): string[] {
  const env = structuredClone(base) as Env;
  mutate(env);
  const result = validateEnvironment(env, env.name);
  return result.ok ? [] : result.problems.map(formatProblem);
}

test("prod's api section is valid and gets secure defaults", () => {
  const result = validateEnvironment(prod, "prod");
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  const api = result.environment.api!;
  expect(api.waf).toMatchObject({ mode: "Prevention", managedRuleSets: { default: { type: "Microsoft_DefaultRuleSet", version: "2.1" }, botManager: { version: "1.1" } } });
  expect(api.gateway).toMatchObject({ sku: "StandardV2_1" });
  expect(Object.values(api.geographies).map((geography) => geography.failoverTo)).toEqual([undefined, undefined]);
});

test("environments without api stay valid", () => {
  expect(problemsAfter(dev, () => undefined)).toEqual([]);
});

describe("bad api config is reported with its field and the fix", () => {
  test("a geography naming a region the environment does not deploy", () => {
    expect(problemsAfter(prod, (env) => (env.api!.geographies.eu.regions = ["westeurope"]))).toEqual([
      "prod: api.geographies.eu.regions[0]: region westeurope is not deployed by this environment. Fix: use one of eastus2, swedencentral, or add the region to regions",
    ]);
  });

  test("a region in two geographies (an origin group would mix geographies)", () => {
    expect(problemsAfter(prod, (env) => (env.api!.geographies.eu.regions = ["swedencentral", "eastus2"]))).toEqual([
      'prod: api.geographies.eu.regions[1]: region eastus2 already serves geography "us"; an origin group would mix geographies. Fix: list each region under one geography only',
    ]);
  });

  test("failover into a geography that does not exist, or into itself", () => {
    expect(problemsAfter(prod, (env) => (env.api!.geographies.eu.failoverTo = "apac"))).toEqual([
      'prod: api.geographies.eu.failoverTo: no geography "apac". Fix: use one of us, eu, or remove failoverTo',
    ]);
    expect(problemsAfter(prod, (env) => (env.api!.geographies.eu.failoverTo = "eu"))).toEqual([
      'prod: api.geographies.eu.failoverTo: geography "eu" cannot fail over into itself. Fix: remove failoverTo, or name another geography',
    ]);
  });

  test("failover into another existing geography is allowed when the config says so", () => {
    expect(problemsAfter(prod, (env) => (env.api!.geographies.eu.failoverTo = "us"))).toEqual([]);
  });

  test("token limits that are not positive", () => {
    expect(problemsAfter(prod, (env) => (env.api!.products[0].tokensPerMinute = 0))).toEqual([
      "prod: api.products[0].tokensPerMinute: must be a positive whole number of tokens",
    ]);
    expect(problemsAfter(prod, (env) => (env.api!.products[1].monthlyTokenQuota = -5))).toEqual([
      "prod: api.products[1].monthlyTokenQuota: must be a positive whole number of tokens",
    ]);
  });

  test("a per-minute limit that does not fit the monthly quota", () => {
    expect(problemsAfter(prod, (env) => (env.api!.products[1].tokensPerMinute = 30000000))).toEqual([
      "prod: api.products[1].tokensPerMinute: 30000000 tokens per minute exceed the monthly quota of 20000000. Fix: lower tokensPerMinute or raise monthlyTokenQuota",
    ]);
  });

  test("host names that are not DNS names, or used twice", () => {
    expect(problemsAfter(prod, (env) => (env.api!.geographies.us.hostnames = ["US_API.example"]))).toEqual([
      'prod: api.geographies.us.hostnames[0]: "US_API.example" is not a valid DNS host name. Fix: use lowercase labels of letters, digits and inner hyphens, e.g. eu.api.example.org',
    ]);
    expect(problemsAfter(prod, (env) => (env.api!.geographies.us.hostnames = ["eu.api.clinical-ai.hospital.example"]))).toEqual([
      'prod: api.geographies.eu.hostnames[0]: host name eu.api.clinical-ai.hospital.example is already used by geography "us". Fix: give each geography its own host names',
    ]);
  });

  test("duplicate products", () => {
    expect(problemsAfter(prod, (env) => (env.api!.products[1].name = "clinical-standard"))).toEqual([
      'prod: api.products[1].name: duplicate product name "clinical-standard". Fix: give each product its own name',
    ]);
  });

  test("a serving region without a gateway subnet", () => {
    expect(problemsAfter(prod, (env) => delete env.regions[1].subnets.apiGateway)).toEqual([
      "prod: api.geographies.eu.regions[0]: region swedencentral has no subnets.apiGateway for its API gateway. Fix: add a subnets.apiGateway range (/27 or larger) to that region",
    ]);
  });

  test("edge logs in a region the environment does not deploy", () => {
    expect(problemsAfter(prod, (env) => (env.api!.edgeLogsRegion = "westeurope"))).toEqual([
      "prod: api.edgeLogsRegion: region westeurope is not deployed by this environment. Fix: use one of eastus2, swedencentral",
    ]);
  });

  test("a WAF in a mode that does not exist, and a country code that is not one", () => {
    expect(
      problemsAfter(prod, (env) => {
        // Values an environment file could hold only by defeating its type; validation still has to catch them.
        Object.assign(env.api!.waf!, { mode: "Block", allowedCountries: ["Sweden"] });
      }),
    ).toEqual([
      'prod: api.waf.mode: the text "Block" is not one of "Prevention", "Detection". Fix: use one of "Prevention", "Detection"',
      "prod: api.waf.allowedCountries[0]: must be an ISO 3166-1 alpha-2 country code such as SE",
    ]);
  });
});
