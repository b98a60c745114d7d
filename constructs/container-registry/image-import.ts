import { Construct } from "constructs";
import { AzapiResourceAction } from "../azapi/resource";

/** `Microsoft.ContainerRegistry/registries` at the API version whose `importImage` action we call. */
export const REGISTRY_ACTION_TYPE = "Microsoft.ContainerRegistry/registries@2023-07-01";

export interface ImageImportProps {
  readonly registryId: string;
  /** `<registry host>/<repository>@sha256:<digest>` in a registry Azure can pull from without credentials. */
  readonly source: string;
}

/** Splits `<host>/<repository>@sha256:<hex>` into its parts; anything else is refused, so a tag can never slip in. */
export function parseImageByDigest(image: string): { registry: string; repository: string; digest: string } {
  const match = /^([^/]+)\/(.+)@(sha256:[a-f0-9]{64})$/.exec(image);
  if (!match) throw new Error(`"${image}" is not <registry>/<repository>@sha256:<64 hex>. Fix: name upstream images by digest`);
  return { registry: match[1], repository: match[2], digest: match[3] };
}

/**
 * Copies one upstream image, by digest, into the environment's registry through ARM (`importImage`): the registry
 * service fetches it, so neither the pipeline nor the cluster needs a route to the upstream registry, and nodes
 * pull only from the private registry. Imported untagged: the digest is the only name, as in the manifests.
 * (Learn: container-registry-import-images; the registry must allow trusted services.)
 */
export class ImageImport extends Construct {
  /** `<login server>/<repository>@sha256:...` once imported. */
  readonly repository: string;
  readonly digest: string;
  readonly action: AzapiResourceAction;

  constructor(scope: Construct, id: string, props: ImageImportProps) {
    super(scope, id);
    const { registry, repository, digest } = parseImageByDigest(props.source);
    this.repository = repository;
    this.digest = digest;
    this.action = new AzapiResourceAction(this, "import", {
      type: REGISTRY_ACTION_TYPE,
      resourceId: props.registryId,
      action: "importImage",
      body: { source: { registryUri: registry, sourceImage: `${repository}@${digest}` }, untaggedTargetRepositories: [repository], mode: "NoForce" },
    });
  }

  /** The image as the cluster pulls it. */
  reference(loginServer: string): string {
    return `${loginServer}/${this.repository}@${this.digest}`;
  }
}
