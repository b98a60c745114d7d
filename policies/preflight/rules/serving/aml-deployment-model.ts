import { fail, pass } from "../../../engine/rule";
import { isAbsent, isUnknown } from "../../../model/value";
import { bodyValue } from "../../../rules/common/azapi";
import { definePreflightRule } from "../../rule";
import { isOnlineDeployment } from "./relations";

/** Curated environments live in the `azureml` system registry (Learn: resource-curated-environments). */
const CURATED_ENVIRONMENT = /^azureml(:\/\/registries\/azureml\/|:AzureML-)/i;

export const amlDeploymentMountsModel = definePreflightRule({
  id: "FHI-PF-AML-002",
  title: "An online deployment of a custom container mounts a model",
  severity: "error",
  service: "serving",
  resourceTypes: ["azapi_resource"],
  applies: isOnlineDeployment,
  rationale:
    "Azure ML downloads a deployment's `model` and mounts it at `modelMountPath` (the AZUREML_MODEL_DIR of the container); a custom container without one gets no weights. Our model server refuses to start without verified weights, so the deployment is created, never becomes ready, and the apply times out after the deployment's whole provisioning budget.",
  remediation:
    "Register the weights as a model version (workspaces/models/versions, constructs/online-endpoint/model-asset.ts) and set properties.model (and modelMountPath) on the deployment; an image that carries its own weights needs a suppression that says so.",
  sources: [
    "https://learn.microsoft.com/azure/machine-learning/how-to-deploy-custom-container (model and model_mount_path)",
    "https://learn.microsoft.com/azure/machine-learning/reference-yaml-deployment-managed-online (model, model_mount_path)",
  ],
  check: (deployment) => {
    const environment = bodyValue(deployment, "properties.environmentId");
    if (isAbsent(environment)) return pass("no custom environment: the deployment runs a model-based (no-code) deployment");
    if (typeof environment === "string" && CURATED_ENVIRONMENT.test(environment)) return pass(`a curated environment (${environment})`);
    const model = bodyValue(deployment, "properties.model");
    if (isAbsent(model)) return fail("body.properties.model is not set: Azure ML mounts nothing into the custom container, which has no weights to load");
    return pass(isUnknown(model) ? `body.properties.model is set (${model.why})` : `body.properties.model is ${String(model)}`);
  },
});
