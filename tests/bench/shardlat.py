#!/usr/bin/env python3
# shardlat.py CADIR SOCKET CACTL CSR REPS: per-revocation publication cost
# in a running cad whose store holds many revoked certificates and whose
# ca.conf sets crl_shards.  Each round issues a certificate, then
#   - revokes it: times from `cactl revoke` to its shard's delta CRL file
#     changing (published first) and to the full CRL file changing;
#   - puts another on hold and lifts the hold: times from `cactl unhold`
#     to its shard's base CRL file changing (a lifted hold cannot be said
#     in a delta, so the base is rebuilt).
# Prints key=value lines: medians in ms and the three files' sizes.
import os, re, subprocess, sys, time

cadir, sock, cactl, csr, reps = sys.argv[1:6]
reps = int(reps)
crl = os.path.join(cadir, "crl")
name = "issuing-ca"

def run(*args):
    return subprocess.run([cactl, "-s", sock] + list(args), check=True,
                          capture_output=True, text=True).stdout

def issue(i):
    out = run("issue", "--csr", csr, "--org", "shard-bench", "--cn",
              "b%d" % i, "--out", "/dev/null")
    serial = out.split()[0]
    return serial, int(serial[-2:], 16)

def mtime(path):
    return os.stat(path).st_mtime_ns

def wait_change(path, before, t0):
    while True:
        if mtime(path) != before:
            return (time.monotonic() - t0) * 1000
        if time.monotonic() - t0 > 120:
            sys.exit("shardlat: %s did not change" % path)
        time.sleep(0.0005)

shards = int(re.search(r"^crl_shards = (\d+)$",
                       open(os.path.join(cadir, "ca.conf")).read(),
                       re.M).group(1))
full = os.path.join(crl, name + ".crl")
delta_ms, full_ms, base_ms = [], [], []
for i in range(reps):
    serial, last = issue(2 * i)
    k = last & (shards - 1)
    delta = os.path.join(crl, "%s-s%02x-delta.crl" % (name, k))
    b_delta, b_full = mtime(delta), mtime(full)
    t0 = time.monotonic()
    run("revoke", serial, "--reason", "lost")
    delta_ms.append(wait_change(delta, b_delta, t0))
    full_ms.append(wait_change(full, b_full, t0))
    # A hold, lifted: the shard's base is rebuilt.
    serial, last = issue(2 * i + 1)
    k = last & (shards - 1)
    base = os.path.join(crl, "%s-s%02x.crl" % (name, k))
    run("revoke", serial, "--reason", "certificateHold")
    time.sleep(1.2)         # let that delta and the full CRL go out
    b_base = mtime(base)
    t0 = time.monotonic()
    run("unhold", serial)
    base_ms.append(wait_change(base, b_base, t0))
    time.sleep(1.2)         # and the full CRL that follows

def med(v):
    v = sorted(v)
    return v[len(v) // 2]

print("shard_n=%d" % shards)
print("shard_reps=%d" % reps)
print("shard_delta_ms=%.1f" % med(delta_ms))
print("shard_base_ms=%.1f" % med(base_ms))
print("shard_full_ms=%.1f" % med(full_ms))
print("shard_full_bytes=%d" % os.path.getsize(full))
print("shard_base_bytes=%d" % os.path.getsize(base))
print("shard_delta_bytes=%d" % os.path.getsize(delta))
