/**
 * Request bodies for the Azure ML resources we manage through azapi, typed from `@azure/arm-machinelearning`
 * 2.1.1. That package's model types mirror the REST bodies of Azure ML API version 2022-10-01 (its client sends
 * `api-version=2022-10-01`), so every resource type below is pinned to that same version: the types and the
 * wire format cannot drift apart. Only types are imported; the SDK adds nothing at run time.
 */
import type {
  AzureBlobDatastore,
  Datastore,
  EnvironmentContainer,
  EnvironmentVersion,
  ManagedOnlineDeployment,
  ModelContainer,
  ModelVersion,
  OnlineDeployment,
  OnlineEndpoint,
  OnlineEndpointProperties,
} from "@azure/arm-machinelearning";

/** The API version `@azure/arm-machinelearning` 2.1.1 speaks. */
export const AML_API_VERSION = "2022-10-01";

const ML = "Microsoft.MachineLearningServices/workspaces";

/** `type` arguments for azapi_resource, each `<type>@<AML_API_VERSION>`. */
export const AML_RESOURCE_TYPES = {
  onlineEndpoint: `${ML}/onlineEndpoints@${AML_API_VERSION}`,
  onlineDeployment: `${ML}/onlineEndpoints/deployments@${AML_API_VERSION}`,
  environmentContainer: `${ML}/environments@${AML_API_VERSION}`,
  environmentVersion: `${ML}/environments/versions@${AML_API_VERSION}`,
  datastore: `${ML}/datastores@${AML_API_VERSION}`,
  modelContainer: `${ML}/models@${AML_API_VERSION}`,
  modelVersion: `${ML}/models/versions@${AML_API_VERSION}`,
} as const;

/** What azapi takes as its own arguments rather than inside `body`, and what only the server fills in. */
type ArmEnvelope = "id" | "name" | "type" | "systemData" | "location" | "identity" | "tags";

/** An ARM body as azapi wants it: the SDK model minus the envelope. */
export type ArmBody<T> = Omit<T, ArmEnvelope>;

export type OnlineEndpointBody = ArmBody<OnlineEndpoint>;
/**
 * The one exception to the version pin above: the update that sets an endpoint's live and mirrored traffic speaks
 * 2023-04-01, the first stable API version with `mirrorTraffic` (2022-10-01 removed it from its preview; the REST spec
 * Azure/azure-rest-api-specs specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/
 * stable/2023-04-01/mfe.json, OnlineEndpointProperties: "Percentage of traffic to be mirrored to each deployment
 * without using returned scoring. Traffic values need to sum to utmost 50."). `traffic` is typed from the SDK;
 * `mirrorTraffic` has the same shape (deployment name -> percent).
 */
export const AML_TRAFFIC_API_VERSION = "2023-04-01";
export const AML_ENDPOINT_TRAFFIC_TYPE = `${ML}/onlineEndpoints@${AML_TRAFFIC_API_VERSION}`;

/** The endpoint body with only the live and mirrored traffic set, for the update that shifts traffic between deployments. */
export type OnlineEndpointTrafficBody = {
  properties: Required<Pick<OnlineEndpointProperties, "traffic">> & { mirrorTraffic: Required<OnlineEndpointProperties>["traffic"] };
};
export type ManagedOnlineDeploymentBody = ArmBody<OnlineDeployment> & { properties: ManagedOnlineDeployment };
export type OnlineDeploymentBody = ManagedOnlineDeploymentBody;
export type EnvironmentContainerBody = ArmBody<EnvironmentContainer>;
export type EnvironmentVersionBody = ArmBody<EnvironmentVersion>;
export type BlobDatastoreBody = ArmBody<Datastore> & { properties: AzureBlobDatastore };
export type ModelContainerBody = ArmBody<ModelContainer>;
export type ModelVersionBody = ArmBody<ModelVersion>;
