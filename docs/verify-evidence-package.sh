#!/usr/bin/env bash
# Verifies a Jaring evidence package (jaring audit export) without Jaring: bash, openssl (1.1.1 or later),
# sha256sum, base64, od, cmp, tr, sed, grep, mktemp (coreutils/grep/sed/diffutils) and python3 (standard library
# only, to read the JSON). What each check proves and what it does not: docs/audit.md, "Verifying a package
# with standard tools".
#
#   verify-evidence-package.sh PACKAGE.json [CA_SHA256]
#
# Exit 0 when every check passed; otherwise 1 and a line "FAILED: ..." naming the first failure.
set -euo pipefail

fail() { echo "FAILED: $*" >&2; exit 1; }
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 PACKAGE.json [CA_SHA256]" >&2; exit 2; }
pkg=$1
pin=${2:-}
for tool in openssl sha256sum base64 od cmp python3; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed"
done
[ -r "$pkg" ] || fail "cannot read $pkg"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Take the JSON apart into files, without judging anything: one line per record in $work/list,
#    "sequence checkpoint(0/1) prev_hash hash", and record.N, sealed.N (and for checkpoints sig.N, chain.N.pem,
#    cp.N = "covers_sequence time_epoch") as files.
python3 - "$pkg" "$work" <<'PY' || fail "the package cannot be read (not JSON, or a field is missing or not base64)"
import base64, json, sys
pkg, out = sys.argv[1], sys.argv[2]
with open(pkg, "rb") as f:
    p = json.load(f)
if p.get("format") != "jaring-audit-package/1":
    sys.exit("not a jaring-audit-package/1 file")
open(out + "/ca.pem", "w").write(p["ca_certificate_pem"])
open(out + "/node_id", "w").write(p["node_id"])
m = p["manifest"]
open(out + "/manifest", "w").write("%d %d %d\n" % (m["count"], m["first_sequence"], m["last_sequence"]))
with open(out + "/list", "w") as lst:
    for r in p["records"]:
        n = int(r["sequence"])
        open("%s/record.%d" % (out, n), "wb").write(base64.b64decode(r["record"], validate=True))
        open("%s/sealed.%d" % (out, n), "wb").write(base64.b64decode(r["sealed"], validate=True))
        cp = r.get("checkpoint")
        if cp is not None:
            open("%s/sig.%d" % (out, n), "wb").write(base64.b64decode(cp["signature"], validate=True))
            open("%s/chain.%d.pem" % (out, n), "w").write(cp["signer_chain_pem"])
            open("%s/cp.%d" % (out, n), "w").write("%d %d\n" % (int(cp["covers_sequence"]), int(cp["time_epoch"])))
        lst.write("%d %d %s %s\n" % (n, 0 if cp is None else 1, r["prev_hash"], r["hash"]))
PY

node_id=$(cat "$work/node_id")
hex_to_bin() { printf "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }
bin_to_hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }
varint() { # protobuf base-128 varint of $1
  local n=$1
  while [ "$n" -ge 128 ]; do printf "\\x$(printf '%02x' $(( (n & 127) | 128 )))"; n=$(( n >> 7 )); done
  printf "\\x$(printf '%02x' "$n")"
}

# 2. The national CA.
openssl x509 -in "$work/ca.pem" -noout 2>/dev/null || fail "the package's CA certificate cannot be read"
ca_fp=$(openssl x509 -in "$work/ca.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
echo "national CA SHA-256: $ca_fp (compare with the fingerprint the issuing state published)"
if [ -n "$pin" ]; then
  want=$(printf '%s' "$pin" | tr -d ': ' | tr 'A-F' 'a-f')
  [ "$want" = "$ca_fp" ] || fail "the package's CA is $ca_fp, not the expected $want"
  echo "ok   CA is the expected one"
fi

# 3. Every record: sealed bytes, hash, link to the previous record; every checkpoint: signature and signer.
count=0; first=""; last=""; prev=""; last_kind=0; covered=0
while read -r seq is_cp prev_hex hash_hex; do
  count=$((count + 1))
  if [ -z "$first" ]; then
    first=$seq
    [ "${#prev_hex}" -eq 64 ] || fail "record $seq: prev_hash is not 32 bytes"
    prev=$prev_hex   # the first record's link is taken as given: the first checkpoint's signature covers it
  else
    [ "$seq" -eq $((last + 1)) ] || fail "record $seq follows record $last: a record is missing or out of place"
    [ "$prev_hex" = "$prev" ] || fail "record $seq: prev_hash does not link to record $last (BROKEN_LINK)"
  fi
  rec="$work/record.$seq"
  # The record holds the link itself (AuditRecord field 7: tag 0x3a, length 0x20, 32 bytes).
  rec_hex=$(bin_to_hex "$rec")
  [[ $rec_hex == *"3a20$prev"* ]] || fail "record $seq: its bytes do not hold prev_hash $prev"
  # hash = SHA-256(prev_hash || record)
  h=$( { hex_to_bin "$prev"; cat "$rec"; } | sha256sum | cut -c1-64)
  [ "$h" = "$hash_hex" ] || fail "record $seq: SHA-256(prev_hash || record) is $h, not the stated hash (HASH_MISMATCH)"
  # sealed = SealedAuditRecord {1: record, 2: hash}, rebuilt byte for byte and compared with the exported bytes.
  { printf '\x0a'; varint "$(stat -c %s "$rec")"; cat "$rec"; printf '\x12\x20'; hex_to_bin "$h"; } > "$work/rebuilt"
  cmp -s "$work/rebuilt" "$work/sealed.$seq" || fail "record $seq: the sealed bytes are not record and hash"
  if [ "$is_cp" = 1 ]; then
    read -r covers at < "$work/cp.$seq"
    [ "$covers" -eq $((seq - 1)) ] || fail "checkpoint $seq covers record $covers, not the record before it"
    [ -n "$last" ] || fail "checkpoint $seq is the first record of the package: its head is not in the package"
    # The signature is in the record's bytes (it is not a side field of the JSON only).
    sig_hex=$(bin_to_hex "$work/sig.$seq")
    [[ $rec_hex == *"$sig_hex"* ]] || fail "checkpoint $seq: the signature is not the one in the record"
    # Signed bytes: "jaring-audit-checkpoint-v1\0" || node_id || 0x00 || covers (8 bytes BE) || head hash,
    # with the head hash computed here, not read from the package.
    { printf 'jaring-audit-checkpoint-v1\0'; printf '%s' "$node_id"; printf '\0'; hex_to_bin "$(printf '%016x' "$covers")"; hex_to_bin "$prev"; } > "$work/signed.$seq"
    cert="$work/chain.$seq.pem"
    openssl x509 -in "$cert" -out "$work/leaf.$seq.pem" 2>/dev/null || fail "checkpoint $seq: the signer certificate cannot be read"
    openssl x509 -in "$work/leaf.$seq.pem" -noout -pubkey > "$work/pub.$seq.pem"
    openssl dgst -sha256 -verify "$work/pub.$seq.pem" -signature "$work/sig.$seq" "$work/signed.$seq" >/dev/null 2>&1 \
      || fail "checkpoint $seq: the ECDSA signature does not verify with the signer certificate's key"
    openssl verify -x509_strict -attime "$at" -purpose sslclient -CAfile "$work/ca.pem" "$work/leaf.$seq.pem" >/dev/null 2>&1 \
      || fail "checkpoint $seq: the signer certificate does not chain to the package's national CA (as a TLS client, at the checkpoint's time $at)"
    openssl verify -x509_strict -attime "$at" -purpose sslserver -CAfile "$work/ca.pem" "$work/leaf.$seq.pem" >/dev/null 2>&1 \
      || fail "checkpoint $seq: the signer certificate is not valid for TLS server authentication"
    ext=$(openssl x509 -in "$work/leaf.$seq.pem" -noout -ext basicConstraints,keyUsage,extendedKeyUsage,subjectAltName 2>/dev/null)
    [[ $ext == *'CA:TRUE'* ]] && fail "checkpoint $seq: the signer certificate is a CA certificate"
    [[ $ext == *'Digital Signature'* ]] || fail "checkpoint $seq: the signer certificate's key usage lacks digitalSignature"
    [[ $ext == *'TLS Web Server Authentication'* && $ext == *'TLS Web Client Authentication'* ]] \
      || fail "checkpoint $seq: the signer certificate's extended key usage is not serverAuth and clientAuth (not a node certificate)"
    uris=$(printf '%s' "$ext" | grep -o 'URI:[^,]*' | sed 's/^URI://')
    [ "$uris" = "urn:jaring:node:$node_id" ] \
      || fail "checkpoint $seq: the signer certificate's identity is '$uris', not urn:jaring:node:$node_id"
    covered=$covers
    echo "ok   checkpoint $seq: records $first..$covers signed by urn:jaring:node:$node_id, certificate issued by the national CA, valid at $(date -u -d "@$at" +%Y-%m-%dT%H:%M:%SZ)"
  fi
  prev=$h; last=$seq; last_kind=$is_cp
done < "$work/list"

[ "$count" -gt 0 ] || fail "the package holds no records"
echo "ok   $count records $first..$last: every hash is SHA-256(prev_hash || record) and links to the one before"
[ "$last_kind" = 1 ] && [ "$covered" -eq $((last - 1)) ] \
  || fail "record $last is not a signed checkpoint: records after $covered are not covered by a signature (truncated package?)"
echo "ok   every record is covered by a signed checkpoint (the last record is the checkpoint itself)"
read -r m_count m_first m_last < "$work/manifest"
[ "$m_count" -eq "$count" ] && [ "$m_first" -eq "$first" ] && [ "$m_last" -eq "$last" ] \
  || fail "the manifest says $m_count records $m_first..$m_last, the package holds $count records $first..$last"
echo "ok   manifest count and range match"
echo "VERIFIED: $count records of node $node_id, anchored at the national CA $ca_fp"
