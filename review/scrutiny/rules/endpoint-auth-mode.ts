import { ladderExposure, settingRule } from "../rule";

/** Entra ID tokens are per caller and short-lived; AML tokens expire but are shared; keys never expire. */
export const endpointAuthMode = settingRule({
  id: "endpoint-auth-mode",
  title: "Online endpoint authentication mode",
  settings: [
    {
      types: ["azapi_resource"],
      armTypes: ["Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints"],
      paths: ["body.properties.authMode"],
      label: "endpoint auth mode",
      exposure: ladderExposure(["AADToken", "AMLToken", "Key"]),
      broadeningOnCreate: true,
    },
  ],
});
