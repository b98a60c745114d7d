import { ManagedIdentities } from "../../../constructs/identities/managed-identities";
import { PLACEMENT, ofType, ref, single, synthResources } from "../synth";

test("one user-assigned identity per role, and grants on an identity go to the named principal only", () => {
  const resources = synthResources((scope) => {
    new ManagedIdentities(scope, "ids", {
      ...PLACEMENT,
      identities: {
        kubelet: { name: "id-kubelet", roleAssignments: { operator: { principalId: "control-plane", roleDefinitionName: "Managed Identity Operator" } } },
        modelServer: { name: "id-model-server" },
      },
    });
  });
  const identities = ofType(resources, "azurerm_user_assigned_identity");
  expect(identities.map((identity) => identity.values.name).sort()).toEqual(["id-kubelet", "id-model-server"]);
  const kubelet = identities.find((identity) => identity.values.name === "id-kubelet")!;
  expect(single(resources, "azurerm_role_assignment")).toMatchObject({ scope: ref(kubelet), principal_id: "control-plane", role_definition_name: "Managed Identity Operator" });
});

test("a privileged grant on an identity is refused", () => {
  expect(() =>
    synthResources((scope) => {
      new ManagedIdentities(scope, "ids", { ...PLACEMENT, identities: { x: { name: "id-x", roleAssignments: { bad: { principalId: "p", roleDefinitionName: "Owner" as never } } } } });
    }),
  ).toThrow(/privileged/);
});
