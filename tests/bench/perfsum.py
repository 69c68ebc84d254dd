#!/usr/bin/env python3
"""perfsum.py: summarise `perf script -F comm,ip,sym,dso` output of cad
(or of another of our programs: PROG, e.g. webd).

For every sample, walks the stack from the root and charges the sample to
(a) each of cad's own functions on the stack (inclusive), and (b) each
library function cad calls directly, named "caller -> callee" (inclusive),
so the costs of OpenSSL and SQLite are attributed to the call site in ca/,
and (c) each library function at any depth (inclusive), which shows what
inside OpenSSL or SQLite is expensive.  Also prints the self time by DSO.
Usage:

    perf script -i perf.data -F comm,ip,sym,dso | perfsum.py [TOP [PROG]]
"""
import collections
import sys


def resolve(frames):
    """Gives each inlined frame the DSO of the real frame at its address
    (the function it was inlined into), if perf printed one."""
    real = {ip: dso for ip, _, dso in frames if dso != "inlined"}
    out = []
    for ip, sym, dso in frames:
        if dso == "inlined":
            dso = real.get(ip, "inlined, unresolved")
        out.append((sym, dso))
    return out


def samples(lines):
    cur = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if cur:
                yield resolve(cur)
            cur = []
            continue
        if not line.startswith(("\t", " ")):
            continue
        parts = line.strip().split(None, 1)
        if len(parts) < 2:
            continue
        sym, _, dso = parts[1].rpartition(" (")
        cur.append((parts[0], sym.strip(), dso.rstrip(")")))
    if cur:
        yield resolve(cur)


SKIP = {"_start", "main", "serve"}
LIB_SKIP = {"[unknown]", "__libc_start_main_impl", "__libc_start_call_main"}


PROG = sys.argv[2] if len(sys.argv) > 2 else "cad"


def is_own(dso):
    return dso.endswith("/" + PROG)


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    own = collections.Counter()
    edge = collections.Counter()
    libfn = collections.Counter()
    selfdso = collections.Counter()
    total = 0
    for st in samples(sys.stdin):
        total += 1
        selfdso[st[0][1].rsplit("/", 1)[-1]] += 1
        frames = list(reversed(st))     # root first
        seen_own, seen_edge, seen_lib = set(), set(), set()
        for i, (sym, dso) in enumerate(frames):
            if not is_own(dso):
                if (sym not in seen_lib and sym not in LIB_SKIP and
                        "kernel" not in dso):
                    libfn[sym] += 1
                    seen_lib.add(sym)
                continue
            if sym not in seen_own:
                own[sym] += 1
                seen_own.add(sym)
            if (sym not in SKIP and i + 1 < len(frames) and
                    not is_own(frames[i + 1][1])):
                nsym, ndso = frames[i + 1]
                lib = ndso.rsplit("/", 1)[-1]
                key = "%s -> %s [%s]" % (sym, nsym, lib)
                if key not in seen_edge:
                    edge[key] += 1
                    seen_edge.add(key)
    if total == 0:
        print("no samples")
        return
    print("samples: %d" % total)
    print("\nself time by library:")
    for k, v in selfdso.most_common(8):
        print("  %5.1f%%  %s" % (100.0 * v / total, k))
    print("\n%s functions, inclusive:" % PROG)
    for k, v in [x for x in own.most_common() if x[0] not in SKIP][:top]:
        print("  %5.1f%%  %s" % (100.0 * v / total, k))
    print("\ncalls from %s into libraries, inclusive:" % PROG)
    for k, v in edge.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * v / total, k))
    print("\nlibrary functions at any depth, inclusive:")
    for k, v in libfn.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * v / total, k))


if __name__ == "__main__":
    main()
