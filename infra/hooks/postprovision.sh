#!/usr/bin/env bash
# azd postprovision hook (azure.yaml): creates the gateway's identity-assertion signing key in Key Vault, once.
#
# The key is an ECDSA P-256 private key, PKCS#8 PEM, stored as the secret GATEWAY_ASSERTION_KEY_SECRET_NAME
# (gateway-assertion-key) in the vault AZURE_KEY_VAULT_NAME; the gateway reads it through the Key Vault reference in
# its app setting Auth__IdentityAssertion__SigningKeys__0__PrivateKeyPem (key id k1). Bicep cannot generate it.
#
# - Idempotent: when the secret exists it is left alone, so re-provisioning never rotates the key (rotation is a
#   deliberate procedure: infra/README.md). A secret deleted by mistake (soft-deleted, recoverable) is recovered,
#   not replaced.
# - The key never appears on stdout, stderr or a command line: openssl writes it to a file that only this user can
#   read, in a private temporary folder deleted on exit; `az` reads the file and prints nothing (-o none). Existence is
#   checked by listing secret names, so the key is not even downloaded.
# - Needs the Azure CLI signed in as the deployer (`az login`; azd's own sign-in is separate), who holds Key Vault
#   Secrets Officer on the vault (main.bicep, principalId), and openssl. A role assignment made by this provisioning
#   can take minutes to reach Key Vault, so every call is retried for a while before the hook gives up.
#
# azd passes the deployment's outputs as environment variables. Overridable for tests: AZ (the az command),
# HOOK_ATTEMPTS (default 30) and HOOK_RETRY_SECONDS (default 10).
set -euo pipefail

vault="${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set: run this hook through azd (azd provision) after main.bicep created the vault.}"
secret="${GATEWAY_ASSERTION_KEY_SECRET_NAME:-gateway-assertion-key}"
az="${AZ:-az}"
attempts="${HOOK_ATTEMPTS:-30}"
retry_seconds="${HOOK_RETRY_SECONDS:-10}"

for tool in "$az" openssl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "postprovision: '$tool' is not installed; it is needed to create the gateway's signing key in $vault." >&2
    exit 1
  fi
done

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
chmod 700 "$workdir"
errors="$workdir/errors"

# Runs "$az" "$@" until it succeeds, up to $attempts times; its stdout is the function's. On the last failure, shows
# az's error (which never holds the key: no call here sends or receives it on stdout or stderr).
az_retrying() {
  local attempt
  for ((attempt = 1; ; attempt++)); do
    if "$az" "$@" 2>"$errors"; then
      return 0
    fi
    if ((attempt >= attempts)); then
      echo "postprovision: 'az $1 $2 $3' failed $attempt times; the last error:" >&2
      cat "$errors" >&2
      return 1
    fi
    if ((attempt == 1)); then
      echo "postprovision: 'az $1 $2 $3' failed (a new role assignment may not have reached Key Vault yet); retrying every ${retry_seconds}s." >&2
    fi
    sleep "$retry_seconds"
  done
}

names="$(az_retrying keyvault secret list --vault-name "$vault" --query '[].name' -o tsv)"
if grep -Fxq "$secret" <<<"$names"; then
  echo "postprovision: the signing key '$secret' exists in $vault; left as it is (no rotation)."
  exit 0
fi

deleted="$(az_retrying keyvault secret list-deleted --vault-name "$vault" --query '[].name' -o tsv)"
if grep -Fxq "$secret" <<<"$deleted"; then
  az_retrying keyvault secret recover --vault-name "$vault" --name "$secret" -o none
  echo "postprovision: the signing key '$secret' was deleted but recoverable; recovered it in $vault (no new key)."
  exit 0
fi

umask 077
key="$workdir/key.pem"
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$key"
az_retrying keyvault secret set --vault-name "$vault" --name "$secret" --file "$key" --encoding utf-8 --tags kid=k1 -o none
echo "postprovision: created the signing key '$secret' (ECDSA P-256, PKCS#8 PEM, key id k1) in $vault."

# The gateway's app settings were applied before the secret existed, so its Key Vault reference may have failed to
# resolve. A restart should make the platform resolve it again (not verifiable here); failing that, it refetches
# references within 24 hours and on any app-settings change, such as the next `azd provision`.
if [[ -n "${SERVICE_GATEWAY_NAME:-}" && -n "${AZURE_RESOURCE_GROUP:-}" ]]; then
  subscription=()
  if [[ -n "${AZURE_SUBSCRIPTION_ID:-}" ]]; then
    subscription=(--subscription "$AZURE_SUBSCRIPTION_ID")
  fi
  if "$az" functionapp restart --name "$SERVICE_GATEWAY_NAME" --resource-group "$AZURE_RESOURCE_GROUP" ${subscription[@]+"${subscription[@]}"} -o none 2>"$errors"; then
    echo "postprovision: restarted $SERVICE_GATEWAY_NAME so it resolves the new key."
  else
    cat "$errors" >&2
    echo "postprovision: could not restart $SERVICE_GATEWAY_NAME; restart it (az functionapp restart) if it reports an unresolved Key Vault reference." >&2
  fi
fi
