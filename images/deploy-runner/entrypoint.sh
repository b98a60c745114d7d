#!/usr/bin/env bash
# Registers one ephemeral runner, runs one job, exits (the Container Apps job execution ends with it).
# Environment, set by the job definition (constructs/deployer/container-apps-runners.ts):
#   GITHUB_PAT                  the runners' GitHub token (from Key Vault; fine-grained: Administration read/write on the repository)
#   GH_URL                      https://github.com/<owner>/<repo>
#   REGISTRATION_TOKEN_API_URL  https://api.github.com/repos/<owner>/<repo>/actions/runners/registration-token
#   RUNNER_LABELS               the environment's label, e.g. fhi-prod-deploy
set -euo pipefail

for name in GITHUB_PAT GH_URL REGISTRATION_TOKEN_API_URL RUNNER_LABELS; do
  if [ -z "${!name:-}" ]; then
    echo "deploy-runner: $name is not set; the job definition sets it (constructs/deployer/container-apps-runners.ts)" >&2
    exit 2
  fi
done

registration=$(curl --fail-with-body --silent --show-error --retry 3 -X POST \
  -H "Accept: application/vnd.github+json" -H "Authorization: Bearer ${GITHUB_PAT}" -H "X-GitHub-Api-Version: 2022-11-28" \
  "${REGISTRATION_TOKEN_API_URL}") || {
  echo "deploy-runner: GitHub refused a registration token ($registration). Fix: rotate the token in Key Vault (docs/deploy.md, 'The runners' GitHub token')" >&2
  exit 1
}
token=$(jq -r .token <<<"$registration")
unset GITHUB_PAT

./config.sh --unattended --ephemeral --disableupdate --replace \
  --url "${GH_URL}" --token "${token}" --labels "${RUNNER_LABELS}" --name "${CONTAINER_APP_REPLICA_NAME:-$(hostname)}"
exec ./run.sh
