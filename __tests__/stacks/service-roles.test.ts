import { TerraformStack, Testing } from "cdktf";
import { grantServiceRequiredRole } from "../../stacks/service-roles";
import { synthResources } from "../constructs/synth";

const WORKSPACE = "/subscriptions/0/resourceGroups/rg-test/providers/Microsoft.MachineLearningServices/workspaces/mlw-test";
const DOC = "Microsoft Learn, how-to-identity-based-service-authentication, 'User-assigned managed identity > Workspace'";

/** The assignment as the stack writes it, with the `//` block where suppressions travel (Testing.synth drops it). */
function grant(role: Parameters<typeof grantServiceRequiredRole>[2]["role"]): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), "stack");
  grantServiceRequiredRole(stack, "grant", { scope: WORKSPACE, principalId: "aml-principal", role, documentedBy: DOC });
  const assignments = Object.values((stack.toTerraform() as { resource: Record<string, Record<string, Record<string, any>>> }).resource.azurerm_role_assignment);
  expect(assignments).toHaveLength(1);
  return assignments[0];
}

test("a privileged role a service documents as required carries the FHI-IAM-001 exception, with the documentation as its reason", () => {
  const contributor = grant("Contributor");
  expect(contributor).toMatchObject({ scope: WORKSPACE, role_definition_name: "Contributor", description: `Required by ${DOC}` });
  expect(contributor["//"].policy_suppressions).toEqual([{ ruleId: "FHI-IAM-001", reason: `Documented as required: ${DOC}. Scoped to this one resource.` }]);
});

test("a role that is not privileged needs no exception", () => {
  for (const role of ["Azure AI Enterprise Network Connection Approver", "Key Vault Administrator"] as const) {
    expect(grant(role)["//"]?.policy_suppressions).toBeUndefined();
  }
});

test("the scope rule of the assignment still holds: no resource group", () => {
  expect(() => synthResources((scope) => grantServiceRequiredRole(scope, "grant", { scope: "/subscriptions/0/resourceGroups/rg-test", principalId: "p", role: "Contributor", documentedBy: DOC }))).toThrow(/would cover every resource there/);
});
