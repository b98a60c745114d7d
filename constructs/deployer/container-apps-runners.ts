import { Construct } from "constructs";
import { ContainerAppEnvironment } from "@cdktf/provider-azurerm/lib/container-app-environment";
import { ContainerAppJob } from "@cdktf/provider-azurerm/lib/container-app-job";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { ResourcePlacement } from "../shared/interfaces";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import { PropagationWait, ROLE_PROPAGATION } from "../time/sleep";

/** The Container Apps secret that holds the GitHub token (read from Key Vault, never stored in the app or in state). */
const TOKEN_SECRET = "github-token";
const WORKLOAD_PROFILE = "Consumption";

export interface ContainerAppsRunnersProps extends ResourcePlacement {
  /** Subnet delegated to Microsoft.App/environments, /27 or larger. */
  readonly subnetId: string;
  /** The runner image by digest. */
  readonly image: string;
  /** `owner/name` of the repository the runners register with. */
  readonly repository: string;
  /** The one label the deploy jobs ask for (`runs-on`); the scaler counts only queued jobs that carry it. */
  readonly label: string;
  /**
   * The GitHub token (fine-grained: Actions read, Administration read and write, on this repository only): the vault
   * it is in, and its versionless secret URL, so that a rotated token is picked up without a deploy.
   */
  readonly token: { readonly keyVaultId: string; readonly secretUrl: string };
  readonly maxConcurrentJobs: number;
  /** Longest a runner may live; at least the deploy job's timeout. */
  readonly jobTimeoutMinutes: number;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Ephemeral GitHub Actions runners as an Azure Container Apps job (learn.microsoft.com/azure/container-apps/
 * tutorial-ci-cd-runners-jobs): KEDA's github-runner scaler polls the repository's queue and starts one execution
 * per queued job with our label; the container registers one ephemeral runner, runs that job and exits, so no
 * state or credential survives between deployments. Internal environment in the deployer network: nothing can
 * reach it; it reaches GitHub and Azure outbound. The GitHub token is a Key Vault reference read with the
 * runner's own identity, which has no Azure role beyond reading that secret: deploying is done by the workflow's
 * federated identity, not by the runner.
 */
export class ContainerAppsRunners extends Construct {
  /** The identity Container Apps reads the token secret with; grant it Key Vault Secrets User on the vault. */
  readonly identity: UserAssignedIdentity;
  readonly environment: ContainerAppEnvironment;
  readonly job: ContainerAppJob;

  constructor(scope: Construct, id: string, props: ContainerAppsRunnersProps) {
    super(scope, id);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    const [owner, repo] = props.repository.split("/");
    this.identity = new UserAssignedIdentity(this, "identity", { ...placement, name: `id-${props.name}` });
    // Container Apps resolves the Key Vault reference with this identity when it creates the job.
    const tokenReader = new ResourceInterfaces(this, "token-reader", {
      resourceId: props.token.keyVaultId,
      placement: { ...placement, name: "token-reader" },
      props: { roleAssignments: { runners: { principalId: this.identity.principalId, roleDefinitionName: "Key Vault Secrets User", description: "The deploy runners read their GitHub token" } } },
    });
    const tokenReadable = new PropagationWait(this, "token-readable", { after: Object.values(tokenReader.roleAssignments), duration: ROLE_PROPAGATION });
    this.environment = new ContainerAppEnvironment(this, "environment", {
      ...placement,
      name: `cae-${props.name}`,
      infrastructureSubnetId: props.subnetId,
      internalLoadBalancerEnabled: true,
      publicNetworkAccess: "Disabled",
      workloadProfile: [{ name: WORKLOAD_PROFILE, workloadProfileType: WORKLOAD_PROFILE }],
      logsDestination: "azure-monitor",
    });
    const registrationUrl = `https://api.github.com/repos/${owner}/${repo}/actions/runners/registration-token`;
    this.job = new ContainerAppJob(this, "job", {
      ...placement,
      name: `caj-${props.name}`,
      containerAppEnvironmentId: this.environment.id,
      workloadProfileName: WORKLOAD_PROFILE,
      replicaTimeoutInSeconds: props.jobTimeoutMinutes * 60,
      // A failed runner is not retried: GitHub re-queues nothing, the workflow run fails and says so.
      replicaRetryLimit: 0,
      dependsOn: [tokenReadable],
      identity: { type: "UserAssigned", identityIds: [this.identity.id] },
      secret: [{ name: TOKEN_SECRET, keyVaultSecretId: props.token.secretUrl, identity: this.identity.id }],
      eventTriggerConfig: {
        parallelism: 1,
        replicaCompletionCount: 1,
        scale: [
          {
          minExecutions: 0,
          maxExecutions: props.maxConcurrentJobs,
          pollingIntervalInSeconds: 30,
          rules: [
            {
              name: "github-runner",
              customRuleType: "github-runner",
              metadata: { githubAPIURL: "https://api.github.com", owner, runnerScope: "repo", repos: repo, targetWorkflowQueueLength: "1", labels: props.label },
              authentication: [{ secretName: TOKEN_SECRET, triggerParameter: "personalAccessToken" }],
            },
          ],
          },
        ],
      },
      template: {
        container: [
          {
            name: "runner",
            image: props.image,
            cpu: 2,
            memory: "4Gi",
            env: [
              { name: "GITHUB_PAT", secretName: TOKEN_SECRET },
              { name: "GH_URL", value: `https://github.com/${props.repository}` },
              { name: "REGISTRATION_TOKEN_API_URL", value: registrationUrl },
              { name: "RUNNER_LABELS", value: props.label },
            ],
          },
        ],
      },
    });
  }
}
