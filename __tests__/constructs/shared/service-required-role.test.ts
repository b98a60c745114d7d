import { ServiceRequiredRoleAssignment } from "../../../constructs/shared/service-required-role";
import { single, synthResources } from "../synth";

const VAULT = "/subscriptions/0/resourceGroups/rg-test/providers/Microsoft.KeyVault/vaults/kv-test";
const DOC = "Microsoft Learn, how-to-identity-based-service-authentication";

test("one resource, the documentation as the assignment's description", () => {
  const resources = synthResources((scope) => new ServiceRequiredRoleAssignment(scope, "grant", { scope: VAULT, principalId: "aml-principal", role: "Key Vault Administrator", documentedBy: DOC }));
  expect(single(resources, "azurerm_role_assignment")).toEqual(
    expect.objectContaining({
      scope: VAULT,
      principal_id: "aml-principal",
      principal_type: "ServicePrincipal",
      role_definition_name: "Key Vault Administrator",
      description: `Required by ${DOC}`,
      skip_service_principal_aad_check: true,
    }),
  );
});

test.each([
  "/subscriptions/00000000-0000-0000-0000-000000000001",
  "/subscriptions/00000000-0000-0000-0000-000000000001/",
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-test",
  "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/rg-test/",
])("a subscription or resource group scope is refused: %s", (scope) => {
  expect(() => synthResources((stack) => new ServiceRequiredRoleAssignment(stack, "grant", { scope, principalId: "p", role: "Contributor", documentedBy: DOC }))).toThrow(
    /Contributor at .* would cover every resource there\. Fix: scope it to the one resource the service needs/,
  );
});
