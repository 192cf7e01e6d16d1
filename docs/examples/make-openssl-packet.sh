#!/usr/bin/env bash
# Makes a signed Sagsbro case packet with nothing but openssl and zip, as an integrator without a library could.
# usage: make-openssl-packet.sh <folder holding case.json and documents/> <certificate.pem> <key.pem> <out.asice>
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 <folder> <certificate.pem> <key.pem> <out.asice>" >&2; exit 2; }
source_dir=$1; certificate=$(realpath "$2"); key=$(realpath "$3"); out=$(realpath -m "$4")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$source_dir"/. "$work"/
cd "$work"

printf '%s' 'application/vnd.etsi.asic-e+zip' > mimetype
mkdir -p META-INF
{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo '<asic:ASiCManifest xmlns:asic="http://uri.etsi.org/02918/v1.2.1#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
  echo '  <asic:SigReference URI="META-INF/signature.p7s" MimeType="application/pkcs7-signature"/>'
  find case.json documents -type f | LC_ALL=C sort | while read -r file; do
    echo "  <asic:DataObjectReference URI=\"$file\" MimeType=\"application/octet-stream\">"
    echo '    <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
    echo "    <ds:DigestValue>$(openssl dgst -sha256 -binary "$file" | base64 -w0)</ds:DigestValue>"
    echo '  </asic:DataObjectReference>'
  done
  echo '</asic:ASiCManifest>'
} > META-INF/ASiCManifest.xml

# A detached CMS signature over the manifest's exact bytes.
openssl cms -sign -binary -md sha256 -outform DER -in META-INF/ASiCManifest.xml \
  -signer "$certificate" -inkey "$key" -out META-INF/signature.p7s

rm -f "$out"
zip -q -X -0 "$out" mimetype
zip -q -X -r "$out" case.json documents META-INF
