"""Copies one model version's weights from the environment's model store into a local folder.

The AKS init container runs this as the model server's workload identity (Storage Blob Data Reader on the
store's `models` container); the model server then verifies what arrived (verify-weights.sh) before it loads it.
Usage: fetch_weights.py <account blob URL> <container> <prefix, e.g. clinical-llm/1/> <destination folder>
"""

import os
import sys

from azure.identity import WorkloadIdentityCredential
from azure.storage.blob import ContainerClient


def main(account_url: str, container: str, prefix: str, destination: str) -> int:
    client = ContainerClient(account_url, container, credential=WorkloadIdentityCredential())
    root = os.path.realpath(destination)
    copied = 0
    for blob in client.list_blobs(name_starts_with=prefix):
        target = os.path.realpath(os.path.join(root, blob.name[len(prefix):]))
        if not target.startswith(root + os.sep):
            print(f"fetch-weights: {blob.name} would land outside {root}; refusing", file=sys.stderr)
            return 3
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            client.download_blob(blob.name, max_concurrency=8).readinto(out)
        copied += 1
        print(f"fetch-weights: {blob.name} ({blob.size} bytes)", file=sys.stderr)
    if copied == 0:
        print(f"fetch-weights: nothing under {account_url}/{container}/{prefix}; was the release published?", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
