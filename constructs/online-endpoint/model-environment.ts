import { createHash } from "node:crypto";
import { Construct } from "constructs";
import { AzapiResource } from "../azapi/resource";
import { AML_RESOURCE_TYPES, type EnvironmentContainerBody, type EnvironmentVersionBody } from "../azapi/machine-learning";

export interface ModelServerRoutes {
  readonly liveness: string;
  readonly readiness: string;
  readonly scoring: string;
}

export interface ModelServerEnvironmentProps {
  readonly workspaceId: string;
  /** AML environment name, e.g. `model-server`. */
  readonly name: string;
  /** Login server of the registry holding the image, e.g. `crfhi....azurecr.io`. */
  readonly registryLoginServer: string;
  readonly repository: string;
  /** Every digest some deployment runs; one immutable environment version each (blue and green may differ). */
  readonly digests: readonly string[];
  readonly port: number;
  readonly routes: ModelServerRoutes;
}

/**
 * The model server as Azure ML environment versions: the image pinned by digest plus the routes Azure ML probes
 * and scores on. Versions are immutable in Azure ML, so a version's name is derived from everything in it: a new
 * digest or route makes a new version beside the old one, and deployments move to it one at a time.
 */
export class ModelServerEnvironment extends Construct {
  readonly container: AzapiResource<EnvironmentContainerBody>;
  private readonly versions = new Map<string, AzapiResource<EnvironmentVersionBody>>();

  constructor(scope: Construct, id: string, props: ModelServerEnvironmentProps) {
    super(scope, id);
    this.container = new AzapiResource<EnvironmentContainerBody>(this, "environment", {
      type: AML_RESOURCE_TYPES.environmentContainer,
      name: props.name,
      parentId: props.workspaceId,
      body: { properties: { description: `Model server ${props.repository}, one version per image digest` } },
    });
    const route = (path: string) => ({ path, port: props.port });
    const inferenceConfig = { livenessRoute: route(props.routes.liveness), readinessRoute: route(props.routes.readiness), scoringRoute: route(props.routes.scoring) };
    for (const digest of new Set(props.digests)) {
      const version = environmentVersionName(digest, inferenceConfig);
      this.versions.set(
        digest,
        new AzapiResource<EnvironmentVersionBody>(this, `version-${version}`, {
          type: AML_RESOURCE_TYPES.environmentVersion,
          name: version,
          parentId: this.container.id,
          body: {
            properties: {
              description: `${props.repository}@${digest}`,
              image: `${props.registryLoginServer}/${props.repository}@${digest}`,
              osType: "Linux",
              inferenceConfig,
            },
          },
        }),
      );
    }
  }

  /** ARM ID of the environment version that runs `digest`. */
  versionId(digest: string): string {
    const version = this.versions.get(digest);
    if (!version) throw new Error(`${this.node.path}: no environment version for ${digest}. Fix: list the digest in digests`);
    return version.id;
  }
}

/** `<first 12 hex of the digest>-<6 hex of the inference config>`: readable, and new whenever the content changes. */
export function environmentVersionName(digest: string, inferenceConfig: object): string {
  const configHash = createHash("sha256").update(JSON.stringify(inferenceConfig)).digest("hex").slice(0, 6);
  return `${digest.replace(/^sha256:/, "").slice(0, 12)}-${configHash}`;
}
