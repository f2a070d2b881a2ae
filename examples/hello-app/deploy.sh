#!/usr/bin/env bash
# Demo deploy script: shows what a deploy command receives from `jitploy run` (or the Jenkins jitployDeploy step).
# It prints the JITPLOY_* variables and the NAMES of its config variables, never their values.
set -euo pipefail

echo "Deploying ${JITPLOY_APP:-?} to ${JITPLOY_ENV:-?} (version ${JITPLOY_VERSION:-?}, trigger ${JITPLOY_TRIGGER:-?})"
env | grep '^JITPLOY_' | sort

echo "Config variables:"
for name in GREETING DATABASE_URL API_TOKEN FEATURE_FLAGS_unencrypted; do
  if [ -n "${!name+x}" ]; then
    echo "  $name is set (value hidden)"
  else
    echo "  $name is MISSING" >&2
    exit 1
  fi
done
echo "Done."
