#!/bin/sh
# The container's entrypoint: finds the weights under MODEL_DIR, verifies them (verify-weights.sh), then starts vLLM
# with the flags the deployment's environment sets (constructs/model-server/settings.ts names every variable).
set -eu

: "${MODEL_DIR:?MODEL_DIR is not set}" "${WEIGHTS_SHA256:?WEIGHTS_SHA256 is not set}" "${SERVED_MODEL_NAME:?SERVED_MODEL_NAME is not set}"
: "${TENSOR_PARALLEL_SIZE:?}" "${MAX_MODEL_LEN:?}" "${GPU_MEMORY_UTILIZATION:?}" "${MAX_NUM_SEQS:?}" "${DTYPE:?}" "${KV_CACHE_DTYPE:?}"
PORT=${PORT:-8000}
QUANTIZATION=${QUANTIZATION:-}

# Azure ML mounts a model asset below the mount path it is given (Learn: how-to-deploy-custom-container), so the
# weights are the one folder under MODEL_DIR that holds a SHA256SUMS.
weights=$MODEL_DIR
if [ ! -f "$weights/SHA256SUMS" ]; then
  found=$(find "$MODEL_DIR" -maxdepth 4 -name SHA256SUMS -type f)
  count=$(printf '%s' "$found" | grep -c . || true)
  if [ "$count" -ne 1 ]; then
    echo "serve: expected one SHA256SUMS under $MODEL_DIR, found $count" >&2
    exit 3
  fi
  weights=$(dirname "$found")
fi
"$(dirname "$0")/verify-weights.sh" "$weights" "$WEIGHTS_SHA256"

set -- --model "$weights" --served-model-name "$SERVED_MODEL_NAME" --host 0.0.0.0 --port "$PORT" \
  --tensor-parallel-size "$TENSOR_PARALLEL_SIZE" --max-model-len "$MAX_MODEL_LEN" \
  --gpu-memory-utilization "$GPU_MEMORY_UTILIZATION" --max-num-seqs "$MAX_NUM_SEQS" \
  --dtype "$DTYPE" --kv-cache-dtype "$KV_CACHE_DTYPE"
[ -z "$QUANTIZATION" ] || set -- "$@" --quantization "$QUANTIZATION"
exec ${VLLM:-python3 -m vllm.entrypoints.openai.api_server} "$@"
