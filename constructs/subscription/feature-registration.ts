import { Construct } from "constructs";
import { AzapiResourceAction, AzapiResourceData } from "../azapi/resource";

/** The Features API version (learn.microsoft.com/rest/api/resources/features). */
const FEATURES_TYPE = "Microsoft.Features/providers/features@2021-07-01";
const SUBSCRIPTIONS_TYPE = "Microsoft.Resources/subscriptions@2021-04-01";

/** A preview feature of a resource provider, e.g. `{ namespace: "Microsoft.Compute", name: "EncryptionAtHost" }`. */
export interface SubscriptionFeature {
  readonly namespace: string;
  readonly name: string;
}

export function featureId(subscriptionId: string, feature: SubscriptionFeature): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Features/providers/${feature.namespace}/features/${feature.name}`;
}

export interface FeatureRegistrationProps {
  readonly subscriptionId: string;
  readonly features: readonly SubscriptionFeature[];
}

/**
 * Asks Azure to register preview features on the subscription (idempotent: registering a registered feature is a
 * no-op). Registration completes asynchronously, minutes later; the stack that uses a feature checks it with
 * `RegisteredFeatureGuard` before it creates anything. Resource providers are registered by the azurerm provider
 * itself (`resource_providers_to_register`), which waits until they are.
 */
export class FeatureRegistration extends Construct {
  readonly registrations: AzapiResourceAction[];

  constructor(scope: Construct, id: string, props: FeatureRegistrationProps) {
    super(scope, id);
    this.registrations = props.features.map(
      (feature) =>
        new AzapiResourceAction(this, `${feature.namespace}-${feature.name}`.toLowerCase().replace(/[^a-z0-9-]/g, "-"), {
          type: FEATURES_TYPE,
          resourceId: featureId(props.subscriptionId, feature),
          action: "register",
        }),
    );
  }
}

export interface RegisteredFeatureGuardProps {
  readonly subscriptionId: string;
  readonly feature: SubscriptionFeature;
}

/**
 * Stops the plan, before anything is created, when a feature the stack needs is not registered yet: a feature's
 * registration is asynchronous and a resource using it fails only at create time (for encryption at host, after
 * the AKS cluster has been provisioning for many minutes). Then re-registers the feature's resource provider, which
 * Azure requires for the registration to reach it (learn.microsoft.com/azure/virtual-machines/disks-enable-host-based-encryption-cli,
 * "Prerequisites"). Depend on `ready`.
 */
export class RegisteredFeatureGuard extends Construct {
  readonly ready: AzapiResourceAction;

  constructor(scope: Construct, id: string, props: RegisteredFeatureGuardProps) {
    super(scope, id);
    const { namespace, name } = props.feature;
    const state = new AzapiResourceData(this, "state", {
      type: FEATURES_TYPE,
      resourceId: featureId(props.subscriptionId, props.feature),
      responseExportValues: ["properties.state"],
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.output.properties.state == "Registered"}`,
            errorMessage: `The ${namespace}/${name} feature is not registered on subscription ${props.subscriptionId} (it is \${self.output.properties.state}). The bootstrap asks for it; registration takes minutes. Fix: wait until 'az feature show --namespace ${namespace} --name ${name}' says Registered, then re-run (docs/deploy.md).`,
          },
        ],
      },
    });
    this.ready = new AzapiResourceAction(this, "provider-refresh", {
      type: SUBSCRIPTIONS_TYPE,
      resourceId: `/subscriptions/${props.subscriptionId}`,
      action: `providers/${namespace}/register`,
      dependsOn: [state],
    });
  }
}
