#!/usr/bin/env python3
# noticelat.py DIR CACTL SERIALS_FILE: for each serial, revokes it and
# measures (from just before `cactl revoke`) when the CRL file changed and
# when all five demo platforms (the reference receiver) had accepted the
# signed "revoked" notice.  Prints key=value lines for report.sh.
import os, subprocess, sys, time

d, cactl, serials = sys.argv[1], sys.argv[2], sys.argv[3]
crl = os.path.join(d, "ca", "crl", "issuing-ca.crl")
recv = os.path.join(d, "platforms", "received.tsv")
sock = os.path.join(d, "run", "cad.sock")

def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]

crl_ms, all_ms = [], []
for serial in open(serials).read().split():
    before = os.stat(crl).st_mtime_ns
    off = os.path.getsize(recv)
    t0 = time.monotonic()
    subprocess.run([cactl, "-s", sock, "revoke", serial, "--reason",
                    "lost"], check=True, stdout=subprocess.DEVNULL)
    tc = ta = None
    n = 0
    needle = "\trevoked\t%s\t" % serial
    while ta is None or tc is None:
        now = time.monotonic()
        if now - t0 > 30:
            sys.exit("noticelat: %s not published/notified in 30 s" % serial)
        if tc is None and os.stat(crl).st_mtime_ns != before:
            tc = now
        if ta is None:
            with open(recv, encoding="utf-8") as f:
                f.seek(off)
                n = f.read().count(needle)
            if n == 5:
                ta = now
        time.sleep(0.0005)
    crl_ms.append((tc - t0) * 1000)
    all_ms.append((ta - t0) * 1000)

print("notice_n=%d" % len(all_ms))
print("notice_crl_p50=%.1f" % pct(crl_ms, 50))
print("notice_crl_p99=%.1f" % pct(crl_ms, 99))
print("notice_all_p50=%.1f" % pct(all_ms, 50))
print("notice_all_p99=%.1f" % pct(all_ms, 99))
