import { Testing } from "cdktf";
import { BootstrapStack, GITOPS_CONTAINER, MODELS_CONTAINER } from "../../stacks/bootstrap-stack";
import { loadEnvironments } from "../../stacks/synth";
import { ROLE_DEFINITION_IDS, SERVICE_REQUIRED_ROLE_IDS } from "../../constructs/shared/roles";
import { hostsWorkspace } from "../../environments/schema/serving";

const environments = loadEnvironments();
const bootstrap = (name: string) => {
  const env = environments.find((candidate) => candidate.name === name)!;
  const json = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), { env }))) as { resource: Record<string, Record<string, Record<string, any>>> };
  return { env, resources: json.resource };
};
const deployerCondition = (resources: Record<string, Record<string, Record<string, any>>>) => {
  const constrained = Object.values(resources.azurerm_role_assignment).filter((assignment) => assignment.condition);
  expect(constrained).toHaveLength(1);
  return String(constrained[0].condition);
};

test.each(["dev", "pilot", "prod"])("%s: the deployer may assign Azure ML's required roles (Contributor, Key Vault Administrator, the approver) only where a workspace is hosted", (name) => {
  const { env, resources } = bootstrap(name);
  const condition = deployerCondition(resources);
  const hosts = env.regions.some(hostsWorkspace);
  expect([name, hosts]).toEqual([name, name === "prod"]);
  for (const guid of Object.values(SERVICE_REQUIRED_ROLE_IDS)) expect([name, guid, condition.includes(guid)]).toEqual([name, guid, hosts]);
  // ... and then to managed identities only.
  expect(condition.includes("PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}")).toBe(hosts);
  // The least-privilege roles are assignable everywhere.
  for (const guid of Object.values(ROLE_DEFINITION_IDS)) expect(condition).toContain(guid);
});

test("the artifacts account holds the gitops and models containers, private, and the deployer writes both", () => {
  const { resources } = bootstrap("pilot");
  const containers = Object.values(resources.azurerm_storage_container).map((container) => [container.name, container.container_access_type]);
  expect(containers).toEqual(expect.arrayContaining([[GITOPS_CONTAINER, "private"], [MODELS_CONTAINER, "private"]]));
  const writers = Object.values(resources.azurerm_role_assignment).filter((assignment) => assignment.role_definition_name === "Storage Blob Data Contributor").map((assignment) => String(assignment.scope));
  for (const name of [GITOPS_CONTAINER, MODELS_CONTAINER]) {
    const [key] = Object.entries(resources.azurerm_storage_container).find(([, container]) => container.name === name)!;
    expect(writers).toContain(`\${azurerm_storage_container.${key}.id}`);
  }
});
