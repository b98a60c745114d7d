import { ImageImport, parseImageByDigest, REGISTRY_ACTION_TYPE } from "../../../constructs/container-registry/image-import";
import { single, synthResources } from "../synth";

const REGISTRY_ID = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/crtest";
const DIGEST = `sha256:${"9c".repeat(32)}`;
const ENVOY = `docker.io/envoyproxy/envoy@${DIGEST}`;

test("an upstream image is imported by digest through ARM's importImage, untagged and never overwriting", () => {
  let reference = "";
  const resources = synthResources((scope) => {
    reference = new ImageImport(scope, "router", { registryId: REGISTRY_ID, source: ENVOY }).reference("crtest.azurecr.io");
  });
  expect(single(resources, "azapi_resource_action")).toMatchObject({
    type: REGISTRY_ACTION_TYPE,
    resource_id: REGISTRY_ID,
    action: "importImage",
    body: { source: { registryUri: "docker.io", sourceImage: `envoyproxy/envoy@${DIGEST}` }, untaggedTargetRepositories: ["envoyproxy/envoy"], mode: "NoForce" },
  });
  expect(single(resources, "azapi_resource_action").body).not.toHaveProperty("targetTags");
  expect(reference).toBe(`crtest.azurecr.io/envoyproxy/envoy@${DIGEST}`);
});

test("only <registry>/<repository>@sha256:<64 hex> is accepted: a tag, a short digest or a bare name is refused", () => {
  expect(parseImageByDigest(`nvcr.io/nvidia/k8s-device-plugin@${DIGEST}`)).toEqual({ registry: "nvcr.io", repository: "nvidia/k8s-device-plugin", digest: DIGEST });
  for (const image of ["docker.io/envoyproxy/envoy:v1.31", `docker.io/envoyproxy/envoy:v1.31@sha256:${"ab".repeat(31)}`, `envoy@${DIGEST}`, `docker.io/envoyproxy/envoy@sha256:${"AB".repeat(32)}`]) {
    expect(() => parseImageByDigest(image)).toThrow(/is not <registry>\/<repository>@sha256:<64 hex>\. Fix: name upstream images by digest/);
  }
  expect(() => synthResources((scope) => new ImageImport(scope, "router", { registryId: REGISTRY_ID, source: "docker.io/envoyproxy/envoy:latest" }))).toThrow(/by digest/);
});
