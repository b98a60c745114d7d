import { Construct } from "constructs";
import { AzapiResource } from "../azapi/resource";
import { AML_RESOURCE_TYPES, type BlobDatastoreBody, type ModelContainerBody, type ModelVersionBody } from "../azapi/machine-learning";

export interface ModelAssetProps {
  readonly workspaceId: string;
  /** The model store: a blob container in the workspace's tenant, reached through a managed-network private endpoint. */
  readonly store: { readonly datastoreName: string; readonly accountName: string; readonly containerName: string; readonly endpointSuffix: string };
  readonly name: string;
  /** A whole number; versions are immutable in Azure ML, so a new version never changes an old one. */
  readonly version: string;
  /** sha256 of the weights' SHA256SUMS, recorded on the asset so that the registry says what it points at. */
  readonly weightsSha256: string;
  readonly description?: string;
}

/** `<name>/<version>/`: where a model version's weights are in the store, the same on AKS and in Azure ML. */
export function weightsFolder(name: string, version: string): string {
  return `${name}/${version}/`;
}

/**
 * The served model as an Azure ML model asset (finding: deployments had no `model` to mount): an identity-based
 * datastore over the environment's model store (no key or SAS; the reader's own role decides) and the model version
 * that points at the release's weights folder in it (ARM: workspaces/models/versions, modelType CustomModel).
 */
export class ModelAsset extends Construct {
  readonly datastore: AzapiResource<BlobDatastoreBody>;
  readonly container: AzapiResource<ModelContainerBody>;
  readonly version: AzapiResource<ModelVersionBody>;
  /** The asset's ARM ID: what an online deployment's `model` names. */
  readonly versionId: string;
  /** The datastore path of the weights. */
  readonly modelUri: string;

  constructor(scope: Construct, id: string, props: ModelAssetProps) {
    super(scope, id);
    this.datastore = new AzapiResource<BlobDatastoreBody>(this, "datastore", {
      type: AML_RESOURCE_TYPES.datastore,
      name: props.store.datastoreName,
      parentId: props.workspaceId,
      body: {
        properties: {
          datastoreType: "AzureBlob",
          accountName: props.store.accountName,
          containerName: props.store.containerName,
          endpoint: props.store.endpointSuffix,
          protocol: "https",
          credentials: { credentialsType: "None" },
          description: "Released model weights, read with the caller's own identity",
        },
      },
    });
    this.container = new AzapiResource<ModelContainerBody>(this, "model", {
      type: AML_RESOURCE_TYPES.modelContainer,
      name: props.name,
      parentId: props.workspaceId,
      body: { properties: { description: props.description } },
    });
    this.modelUri = `azureml://datastores/${props.store.datastoreName}/paths/${weightsFolder(props.name, props.version)}`;
    this.version = new AzapiResource<ModelVersionBody>(this, `version-${props.version}`, {
      type: AML_RESOURCE_TYPES.modelVersion,
      name: props.version,
      parentId: this.container.id,
      body: {
        properties: {
          modelType: "CustomModel",
          modelUri: this.modelUri,
          description: props.description,
          properties: { weightsSha256: props.weightsSha256 },
        },
      },
      dependsOn: [this.datastore],
    });
    this.versionId = this.version.id;
  }
}
