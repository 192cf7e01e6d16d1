#!/usr/bin/env bash
# Verifies an escalation webhook from Sagsbro as a receiving municipality would, with nothing but openssl.
#
#   verify-webhook.sh WEBHOOK_ID WEBHOOK_TIMESTAMP SAGSBRO_SIGNATURE BODY_FILE CA_PEM GATEWAY_CERT_PEM
#
# WEBHOOK_ID, WEBHOOK_TIMESTAMP and SAGSBRO_SIGNATURE are the values of the request's webhook-id, webhook-timestamp
# and Sagsbro-Signature headers; BODY_FILE holds the request body exactly as received (before any JSON parsing).
# CA_PEM is the municipal PKI's CA, GATEWAY_CERT_PEM the gateway's signing certificate (the one its receipts carry).
# Exit status 0 and "verified" only when the body, id and timestamp are signed by that gateway and the timestamp is
# within five minutes of now. The receiver must also drop a webhook-id it has already processed.
set -euo pipefail
if [ $# -ne 6 ]; then
  echo "usage: $0 WEBHOOK_ID WEBHOOK_TIMESTAMP SAGSBRO_SIGNATURE BODY_FILE CA_PEM GATEWAY_CERT_PEM" >&2
  exit 2
fi
id=$1 timestamp=$2 signature=$3 body=$4 ca=$5 gateway=$6
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. A message older or newer than five minutes is refused: a replayed or held-back message.
case "$timestamp" in ''|*[!0-9]*) echo "refused: webhook-timestamp is not a number" >&2; exit 1;; esac
now=$(date +%s)
if [ $(( now - timestamp )) -gt 300 ] || [ $(( timestamp - now )) -gt 300 ]; then
  echo "refused: webhook-timestamp is more than five minutes from now" >&2
  exit 1
fi

# 2. What was signed: webhook-id "." webhook-timestamp "." body, byte for byte.
printf '%s.%s.' "$id" "$timestamp" > "$work/signed"
cat "$body" >> "$work/signed"

# 3. The detached CMS signature over it, by a certificate of the municipal PKI.
printf '%s' "$signature" | openssl base64 -d -A > "$work/signature.der"
if ! openssl cms -verify -binary -inform DER -in "$work/signature.der" -content "$work/signed" \
    -CAfile "$ca" -signer "$work/signer.pem" -out /dev/null 2> "$work/openssl.txt"; then
  echo "refused: the signature does not verify: $(tr '\n' ' ' < "$work/openssl.txt")" >&2
  exit 1
fi

# 4. Signed by the gateway itself, not by some other holder of a certificate from the same CA.
fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256; }
if [ "$(fingerprint "$work/signer.pem")" != "$(fingerprint "$gateway")" ]; then
  echo "refused: signed by $(openssl x509 -in "$work/signer.pem" -noout -subject), not by the gateway" >&2
  exit 1
fi
echo "verified"
