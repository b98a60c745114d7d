import { FeatureRegistration, RegisteredFeatureGuard } from "../../../constructs/subscription/feature-registration";
import { single, synthResources } from "../synth";
import { Testing } from "cdktf";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
const FEATURE = { namespace: "Microsoft.Compute", name: "EncryptionAtHost" };
const FEATURE_ID = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Features/providers/Microsoft.Compute/features/EncryptionAtHost`;

test("registration asks the Features API to register each feature (idempotent POST)", () => {
  const action = single(synthResources((scope) => void new FeatureRegistration(scope, "features", { subscriptionId: SUBSCRIPTION, features: [FEATURE] })), "azapi_resource_action");
  expect(action).toEqual({ type: "Microsoft.Features/providers/features@2021-07-01", resource_id: FEATURE_ID, action: "register", method: "POST" });
});

test("the guard stops the plan unless the feature is Registered, then refreshes the provider's registration", () => {
  const json = JSON.parse(Testing.synthScope((scope) => void new RegisteredFeatureGuard(scope, "guard", { subscriptionId: SUBSCRIPTION, feature: FEATURE })));
  const [[name, state]] = Object.entries(json.data.azapi_resource) as [string, any][];
  expect(state).toMatchObject({ resource_id: FEATURE_ID, response_export_values: ["properties.state"] });
  expect(state.lifecycle.postcondition).toEqual([{ condition: '${self.output.properties.state == "Registered"}', error_message: expect.stringMatching(/not registered.*Fix: wait until 'az feature show --namespace Microsoft.Compute --name EncryptionAtHost' says Registered/) }]);
  const refresh = Object.values(json.resource.azapi_resource_action)[0] as any;
  expect(refresh).toMatchObject({ resource_id: `/subscriptions/${SUBSCRIPTION}`, action: "providers/Microsoft.Compute/register", depends_on: [`data.azapi_resource.${name}`] });
});
