#!/usr/bin/env bash
# Makes the example PKI for Sagsbro's default run and tests. EXAMPLE MATERIAL ONLY:
# every private key here is public; never trust this CA outside a test or a demo.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf work && mkdir -p work municipalities untrusted
DAYS=3650

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# Minimal CA database for 'openssl ca', which alone can set an explicit validity window (the expired certificate).
ca_setup() { # dir
  mkdir -p "$1/newcerts"; : > "$1/index.txt"; echo 1000 > "$1/serial"
  cat > "$1/ca.cnf" <<CNF
[ ca ]
default_ca = example
[ example ]
dir = $1
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
organizationName = optional
organizationIdentifier = optional
countryName = optional
[ municipality ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment, keyAgreement
extendedKeyUsage = clientAuth, serverAuth, emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ gateway ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment, keyAgreement
extendedKeyUsage = serverAuth, clientAuth, emailProtection
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
}

make_ca() { # name dir
  ec_key "$2/ca.key.pem"
  openssl req -new -utf8 -x509 -days 7300 -key "$2/ca.key.pem" -out "$2/ca.crt.pem" -subj "/C=DK/O=Sagsbro Example/CN=$1" \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign"
}

issue() { # ca-dir key-file cert-file subject extensions [startdate enddate]
  openssl req -new -utf8 -key "$2" -out work/req.csr -subj "$4"
  if [ $# -ge 7 ]; then window=(-startdate "$6" -enddate "$7"); else window=(-days "$DAYS"); fi
  openssl ca -batch -utf8 -preserveDN -config "$1/ca.cnf" -cert "$1/ca.crt.pem" -keyfile "$1/ca.key.pem" -extensions "$5" \
    -in work/req.csr -out "$3" -notext "${window[@]}" 2>/dev/null
}

municipality_subject() { # code name
  # OCES3-like organisation subject; the CVR numbers (99000 + code) are examples, not the real ones.
  echo "/C=DK/O=$2 Kommune/organizationIdentifier=NTRDK-99000$1/CN=Sagsbro example system $1"
}

ca_setup "$PWD/work/ca"; make_ca "Sagsbro Example Root CA" work/ca
cp work/ca/ca.crt.pem ca.crt.pem

ec_key gateway.key.pem
issue work/ca gateway.key.pem gateway.crt.pem "/C=DK/O=Sagsbro Example/CN=localhost" gateway

for entry in "101:København" "165:Albertslund" "751:Aarhus" "851:Aalborg"; do
  code=${entry%%:*}; name=${entry#*:}
  ec_key "municipalities/$code.key.pem"
  issue work/ca "municipalities/$code.key.pem" "municipalities/$code.crt.pem" "$(municipality_subject "$code" "$name")" municipality
done

# 147 Frederiksberg: a certificate whose validity ended in 2021.
ec_key municipalities/expired-147.key.pem
issue work/ca municipalities/expired-147.key.pem municipalities/expired-147.crt.pem \
  "$(municipality_subject 147 Frederiksberg)" municipality 20200101000000Z 20210101000000Z

# 461 Odense: an RSA key of 1024 bits, below the minimum the gateway accepts.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out municipalities/weak-rsa1024-461.key.pem 2>/dev/null
issue work/ca municipalities/weak-rsa1024-461.key.pem municipalities/weak-rsa1024-461.crt.pem \
  "$(municipality_subject 461 Odense)" municipality

# 101 København again, but from a CA that nobody trusts.
ca_setup "$PWD/work/untrusted"; make_ca "Untrusted Example CA" work/untrusted
ec_key untrusted/101.key.pem
issue work/untrusted untrusted/101.key.pem untrusted/101.crt.pem "$(municipality_subject 101 København)" municipality
cp work/untrusted/ca.crt.pem untrusted/ca.crt.pem

rm -rf work
echo "example PKI written to $(basename "$PWD")/"
