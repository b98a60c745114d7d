import { TerraformVariable } from "cdktf";
import { parseAllDocuments } from "yaml";
import { escapeForTerraform, ManifestBundle, renderManifestFile, type ManifestBundleProps } from "../../../constructs/gitops/manifest-bundle";
import { ofType, synthResources } from "../synth";

const PROPS: ManifestBundleProps = {
  storageAccountName: "stdpfhidev",
  containerName: "gitops",
  folder: "clusters/aks-fhi-dev-eus2",
  files: {
    "namespace.yaml": [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "model-serving" } }],
    "scaling.yaml": [
      { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "model-blue" }, spec: { minReplicaCount: "${BLUE_MIN_REPLICAS}" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "other" }, data: { text: "keep %{this} and $$ as they are" } },
    ],
  },
};

const blobs = (props: ManifestBundleProps = PROPS, build?: (scope: import("constructs").Construct) => Partial<ManifestBundleProps>) =>
  ofType(
    synthResources((scope) => new ManifestBundle(scope, "bundle", { ...props, ...build?.(scope) })),
    "azurerm_storage_blob",
  ).map(({ values }) => values);

test("one block blob per file, named <folder>/<file>.yaml, in the container Flux reads", () => {
  expect(blobs().map((blob) => [blob.name, blob.storage_account_name, blob.storage_container_name, blob.type, blob.content_type])).toEqual([
    ["clusters/aks-fhi-dev-eus2/namespace.yaml", "stdpfhidev", "gitops", "Block", "application/yaml"],
    ["clusters/aks-fhi-dev-eus2/scaling.yaml", "stdpfhidev", "gitops", "Block", "application/yaml"],
  ]);
});

test("a file holds its objects as YAML documents separated by ---", () => {
  const documents = parseAllDocuments(renderManifestFile(PROPS.files["scaling.yaml"])).map((document) => document.toJS());
  expect(documents).toEqual(PROPS.files["scaling.yaml"]);
});

test("Flux placeholders reach the Terraform JSON escaped as $${...}, so Terraform writes them as text; nothing else changes", () => {
  const scaling = blobs().find((blob) => blob.name.endsWith("/scaling.yaml"))!;
  expect(scaling.source_content).toContain("minReplicaCount: $${BLUE_MIN_REPLICAS}");
  expect(scaling.source_content).not.toMatch(/[^$]\$\{BLUE/);
  expect(scaling.source_content).toContain("text: keep %{this} and $$ as they are");
});

test("references to other resources inside a manifest stay Terraform references, not text", () => {
  const [blob] = blobs(PROPS, (scope) => ({
    files: { "identity.yaml": [{ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa", annotations: { id: new TerraformVariable(scope, "client_id", { type: "string" }).stringValue } } }] },
  }));
  expect(blob.source_content).toContain("id: ${var.client_id}");
  expect(blob.source_content).not.toContain("$${var.client_id}");
});

test("escapeForTerraform escapes every interpolation sequence but cdktf's own token markers", () => {
  expect(escapeForTerraform("a: ${X}\nb: ${Y}")).toBe("a: $${X}\nb: $${Y}");
  expect(escapeForTerraform("id: ${TfToken[TOKEN.12]}")).toBe("id: ${TfToken[TOKEN.12]}");
  expect(escapeForTerraform("no placeholders")).toBe("no placeholders");
});

test("a file Flux would skip, or a folder that is not a relative path, is refused", () => {
  expect(() => blobs({ ...PROPS, files: { "namespace.json": [] } })).toThrow(/namespace\.json would be skipped by Flux, which applies only \.yaml and \.yml files/);
  expect(() => blobs({ ...PROPS, folder: "/clusters/x" })).toThrow(/folder "\/clusters\/x" must be a relative path/);
});

test("the bundle's digest changes whenever any manifest does", () => {
  const digest = (files: ManifestBundleProps["files"]) => {
    let value = "";
    synthResources((scope) => (value = new ManifestBundle(scope, "bundle", { ...PROPS, files }).contentSha256));
    return value;
  };
  expect(digest(PROPS.files)).toMatch(/^[0-9a-f]{64}$/);
  expect(digest(PROPS.files)).toBe(digest(PROPS.files));
  expect(digest({ ...PROPS.files, "namespace.yaml": [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } }] })).not.toBe(digest(PROPS.files));
});
