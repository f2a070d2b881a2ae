#!/bin/sh
# The sample "deploy": prints what it deploys and proves it received the decrypted configuration without
# printing it (Jenkins masks the value anyway; the fingerprint shows which value arrived).
set -eu
echo "deploying ${JITPLOY_APP} ${JITPLOY_VERSION} to ${JITPLOY_ENV} (${JITPLOY_TRIGGER})"
echo "greeting: ${GREETING}"
echo "password fingerprint: $(printf %s "${DB_PASSWORD}" | sha256sum | cut -c1-12)"
# Slow enough to watch two deploys queue one behind the other (scenario 6).
sleep "${DEPLOY_SECONDS:-15}"
echo "deployed ${JITPLOY_VERSION} to ${JITPLOY_ENV}"
