import { createHash } from "node:crypto";
import { Construct } from "constructs";
import { StorageBlob } from "@cdktf/provider-azurerm/lib/storage-blob";
import { stringify } from "yaml";

export type ManifestObject = Readonly<Record<string, unknown>>;

export interface ManifestBundleProps {
  /** The storage account and container Flux reads. */
  readonly storageAccountName: string;
  readonly containerName: string;
  /** Folder of this bundle in the container: what the Flux kustomization's path names. */
  readonly folder: string;
  /** YAML file name -> the objects in it. */
  readonly files: Readonly<Record<string, readonly ManifestObject[]>>;
}

/** One YAML file of Kubernetes objects, as Flux reads it: documents separated by `---`. */
export function renderManifestFile(objects: readonly ManifestObject[]): string {
  return objects.map((object) => stringify(object, { lineWidth: 0 })).join("---\n");
}

/**
 * Terraform reads `${...}` in a string as its own interpolation; Flux's post-build placeholders must reach the blob
 * as written, so they are escaped as `$${...}` (Terraform: "Strings and Templates", escape sequences). cdktf escapes
 * nothing in a resource's plain string attributes, and writes its own tokens as `${TfToken[...]}` until it resolves
 * them to references (cdktf BEGIN_STRING_TOKEN_MARKER): those stay as they are. A replacer function, because in a
 * replacement string `$$` stands for one `$`.
 */
export function escapeForTerraform(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, () => "$${");
}

/**
 * Kubernetes manifests written by the pipeline into the container Flux watches, one blob per file. The runner
 * reaches the container through the deployer network's private endpoint (docs/adr/0002-deployment-network.md).
 */
export class ManifestBundle extends Construct {
  readonly blobs: StorageBlob[] = [];
  /** sha256 over every file: changes whenever any manifest does. */
  readonly contentSha256: string;

  constructor(scope: Construct, id: string, props: ManifestBundleProps) {
    super(scope, id);
    if (!/^[a-z0-9][a-z0-9./-]*[a-z0-9]$/.test(props.folder)) throw new Error(`${this.node.path}: folder "${props.folder}" must be a relative path of lowercase letters, digits, dots, hyphens and slashes`);
    const digest = createHash("sha256");
    for (const [file, objects] of Object.entries(props.files).sort(([a], [b]) => a.localeCompare(b))) {
      if (!/\.ya?ml$/.test(file)) throw new Error(`${this.node.path}: ${file} would be skipped by Flux, which applies only .yaml and .yml files. Fix: name it <name>.yaml`);
      const content = renderManifestFile(objects);
      digest.update(file).update(content);
      this.blobs.push(
        new StorageBlob(this, file.replace(/\.ya?ml$/, ""), {
          name: `${props.folder}/${file}`,
          storageAccountName: props.storageAccountName,
          storageContainerName: props.containerName,
          type: "Block",
          contentType: "application/yaml",
          sourceContent: escapeForTerraform(content),
        }),
      );
    }
    this.contentSha256 = digest.digest("hex");
  }
}
