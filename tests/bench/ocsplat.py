#!/usr/bin/env python3
# ocsplat.py PORT CACTL SOCK LIST OUTDIR CRL [INTERVAL_MS]: revocation ->
# pre-signed "revoked" served by nginx (ocspbench.sh, issue 16 item 5).
#
# LIST has one "SERIAL REQUEST.der" line per fresh certificate (the DER
# request of `openssl ocsp -issuer ca.crt -cert c.pem -no_nonce -reqout`).
# For each, one at a time: first (untimed) the CRL file CRL must have
# changed since the previous revocation began, i.e. cad has published
# the previous revocation's CRL, which its store thread does after the
# reply (so that a revocation does not queue behind the one before: each
# starts with the CA idle, as an operator's would), and its GET
# /ocsp/<base64> must answer "good" from the pre-signed file
# (Cache-Control: max-age=60; up to 10 s); then t0, `CACTL -s SOCK revoke SERIAL --reason
# lost` is started, and while it runs and after, the same GET is sent
# every INTERVAL_MS (5) ms over one keep-alive connection until an answer
# from the file (max-age=60) says revoked for that serial: that answer's
# arrival - t0 is the revocation's time.  An answer that says revoked but
# came from the workers (any other Cache-Control: the file was missing)
# is counted as "live" and does not end the wait.  The first revoked
# answer of each is written to OUTDIR/rev-N.der, for ocspbench.sh to
# verify with openssl.  Prints key=value lines (ocsp_rev_*).
#
# The status is read from the DER by the few lines of der() below:
# OCSPResponse -> responseBytes -> BasicOCSPResponse -> tbsResponseData
# -> the first SingleResponse: its CertID's serial and its certStatus tag
# (80 good, A1 revoked, 82 unknown).
import base64, http.client, os, subprocess, sys, time

port, cactl, sock, listf, outdir, crl = sys.argv[1:7]
interval = float(sys.argv[7]) / 1000 if len(sys.argv) > 7 else 0.005


def tlv(b, i):
    """(tag, start of contents, end of contents) of the TLV at b[i]."""
    tag, n = b[i], b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[i:i + k], "big")
        i += k
    return tag, i, i + n


def children(b, start, end):
    out = []
    while start < end:
        t, s, e = tlv(b, start)
        out.append((t, s, e))
        start = e
    return out


def status(b):
    """(serial as int, "good" / "revoked" / "unknown") or None."""
    try:
        t, s, e = tlv(b, 0)                     # OCSPResponse
        kids = children(b, s, e)
        if kids[0][0] != 0x0A or b[kids[0][1]] != 0:
            return None                         # not successful
        t, s, e = tlv(b, kids[1][1])            # [0] -> ResponseBytes
        rb = children(b, s, e)                  # OID, OCTET STRING
        t, s, e = tlv(b, rb[1][1])              # BasicOCSPResponse
        t, s, e = tlv(b, s)                     # tbsResponseData
        for t2, s2, e2 in children(b, s, e):
            if t2 == 0x30:                      # responses
                break
        else:
            return None
        t, s, e = tlv(b, s2)                    # first SingleResponse
        sr = children(b, s, e)
        cid = children(b, sr[0][1], sr[0][2])   # CertID
        serial = int.from_bytes(b[cid[3][1]:cid[3][2]], "big")
        st = {0x80: "good", 0xA1: "revoked", 0x82: "unknown"}.get(sr[1][0])
        return serial, st
    except (IndexError, ValueError):
        return None


class Client:
    def __init__(self):
        self.c = None

    def get(self, path):
        """(Cache-Control, body) of GET path; reconnects once if the
        kept-alive connection was closed."""
        for attempt in (0, 1):
            try:
                if self.c is None:
                    self.c = http.client.HTTPConnection("127.0.0.1",
                                                        int(port), timeout=5)
                self.c.request("GET", path)
                r = self.c.getresponse()
                body = r.read()
                if r.status != 200:
                    sys.exit("ocsplat: GET %s: HTTP %d" % (path, r.status))
                if r.getheader("Connection", "").lower() == "close":
                    self.c.close()
                    self.c = None
                return r.getheader("Cache-Control", ""), body
            except (http.client.HTTPException, ConnectionError, OSError):
                if self.c is not None:
                    self.c.close()
                self.c = None
                if attempt:
                    raise


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


STATIC = "max-age=60"
cl = Client()
lat, cmd, polls, live = [], [], 0, 0
crl_before = None
for k, line in enumerate(open(listf).read().splitlines()):
    serial, req = line.split()
    want = int(serial, 16)
    path = "/ocsp/" + base64.b64encode(open(req, "rb").read()).decode()
    # The previous revocation's CRL out first.
    t = time.monotonic()
    while crl_before is not None and os.stat(crl).st_mtime_ns == crl_before:
        if time.monotonic() - t > 30:
            sys.exit("ocsplat: no CRL published in 30 s after a revocation")
        time.sleep(0.005)
    crl_before = os.stat(crl).st_mtime_ns
    # Its pre-signed "good" file (signed within a second of issue).
    t = time.monotonic()
    while True:
        cc, body = cl.get(path)
        if cc == STATIC and status(body) == (want, "good"):
            break
        if time.monotonic() - t > 10:
            sys.exit("ocsplat: %s: no pre-signed good answer in 10 s "
                     "(Cache-Control %r, %r)" % (serial, cc, status(body)))
        time.sleep(0.05)
    t0 = time.monotonic()
    p = subprocess.Popen([cactl, "-s", sock, "revoke", serial, "--reason",
                          "lost"], stdout=subprocess.DEVNULL)
    tc = None
    while True:
        cc, body = cl.get(path)
        now = time.monotonic()
        polls += 1
        st = status(body)
        if st is None or st[0] != want:
            sys.exit("ocsplat: %s: unexpected answer %r" % (serial, st))
        if st[1] == "revoked":
            if cc == STATIC:
                break
            live += 1
        if tc is None and p.poll() is not None:
            tc = now
        if now - t0 > 30:
            sys.exit("ocsplat: %s: no pre-signed revoked answer in 30 s"
                     % serial)
        time.sleep(interval)
    if p.wait() != 0:
        sys.exit("ocsplat: cactl revoke %s failed" % serial)
    if tc is None:
        tc = time.monotonic()
    with open(os.path.join(outdir, "rev-%d.der" % k), "wb") as f:
        f.write(body)
    lat.append((now - t0) * 1000)
    cmd.append((tc - t0) * 1000)

print("ocsp_rev_n=%d" % len(lat))
print("ocsp_rev_p50=%.1f" % pct(lat, 50))
print("ocsp_rev_p99=%.1f" % pct(lat, 99))
print("ocsp_rev_max=%.1f" % max(lat))
print("ocsp_rev_min=%.1f" % min(lat))
print("ocsp_rev_cactl_p50=%.1f" % pct(cmd, 50))
print("ocsp_rev_cactl_p99=%.1f" % pct(cmd, 99))
print("ocsp_rev_polls=%d" % polls)
print("ocsp_rev_live=%d" % live)
print("ocsp_rev_interval_ms=%g" % (interval * 1000))
print("ocsp_rev_all=%s" % " ".join("%.1f" % x for x in lat))
