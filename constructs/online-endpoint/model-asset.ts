import { Construct } from "constructs";
import { AzapiResource } from "../azapi/resource";
import { AML_RESOURCE_TYPES, type BlobDatastoreBody, type ModelContainerBody, type ModelVersionBody } from "../azapi/machine-learning";

export interface ModelAssetProps {
  readonly workspaceId: string;
  /** The model store: a blob container in the workspace's tenant, reached through a managed-network private endpoint. */
  readonly store: { readonly datastoreName: string; readonly accountName: string; readonly containerName: string; readonly endpointSuffix: string };
  readonly name: string;
  /** The versions deployments mount: the model of every release in use (blue's and green's during a rollout). */
  readonly versions: readonly ModelVersionSpec[];
}

export interface ModelVersionSpec {
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
 * datastore over the environment's model store (no key or SAS; the reader's own role decides) and a model version per
 * release in use, each pointing at its weights folder in it (ARM: workspaces/models/versions, modelType CustomModel).
 */
export class ModelAsset extends Construct {
  readonly datastore: AzapiResource<BlobDatastoreBody>;
  readonly container: AzapiResource<ModelContainerBody>;
  /** The versions, by version number. */
  readonly versions: Readonly<Record<string, AzapiResource<ModelVersionBody>>>;
  private readonly store: ModelAssetProps["store"];
  private readonly modelName: string;

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
      // The container describes the model as its first (serving) version does; each version describes itself.
      body: { properties: { description: props.versions[0]?.description } },
    });
    this.store = props.store;
    this.modelName = props.name;
    const versions: Record<string, AzapiResource<ModelVersionBody>> = {};
    for (const spec of props.versions) {
      if (versions[spec.version]) throw new Error(`${this.node.path}: version ${spec.version} of ${props.name} is listed twice. Fix: list each version once`);
      versions[spec.version] = new AzapiResource<ModelVersionBody>(this, `version-${spec.version}`, {
        type: AML_RESOURCE_TYPES.modelVersion,
        name: spec.version,
        parentId: this.container.id,
        body: {
          properties: {
            modelType: "CustomModel",
            modelUri: this.modelUri(spec.version),
            description: spec.description,
            properties: { weightsSha256: spec.weightsSha256 },
          },
        },
        dependsOn: [this.datastore],
      });
    }
    this.versions = versions;
  }

  /** The datastore path of a version's weights. */
  modelUri(version: string): string {
    return `azureml://datastores/${this.store.datastoreName}/paths/${weightsFolder(this.modelName, version)}`;
  }

  /** A version's ARM ID: what an online deployment's `model` names. */
  versionId(version: string): string {
    const found = this.versions[version];
    if (!found) throw new Error(`${this.node.path}: no model version ${version}. Fix: list it in versions`);
    return found.id;
  }
}
