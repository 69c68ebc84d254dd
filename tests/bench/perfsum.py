#!/usr/bin/env python3
"""perfsum.py: summarise `perf script -F comm,ip,sym,dso` output of cad.

For every sample, walks the stack from the root and charges the sample to
(a) each of cad's own functions on the stack (inclusive), and (b) each
library function cad calls directly, named "caller -> callee" (inclusive),
so the costs of OpenSSL and SQLite are attributed to the call site in ca/.
Also prints the library split (self time by DSO).  Usage:

    perf script -i perf.data -F comm,ip,sym,dso | perfsum.py [TOP]
"""
import collections
import sys


def samples(lines):
    cur = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if cur:
                yield cur
            cur = []
            continue
        if not line.startswith(("\t", " ")):
            continue
        parts = line.strip().split(None, 1)
        if len(parts) < 2:
            continue
        rest = parts[1]
        sym, _, dso = rest.rpartition(" (")
        dso = dso.rstrip(")")
        cur.append((sym.strip(), dso))
    if cur:
        yield cur


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    own = collections.Counter()
    edge = collections.Counter()
    selfdso = collections.Counter()
    total = 0
    for st in samples(sys.stdin):
        total += 1
        leaf_dso = st[0][1]
        selfdso[leaf_dso.rsplit("/", 1)[-1]] += 1
        frames = list(reversed(st))     # root first
        seen_own, seen_edge = set(), set()
        for i, (sym, dso) in enumerate(frames):
            if dso.endswith("/cad") or sym.endswith("(inlined)"):
                name = sym.replace(" (inlined)", "")
                if name not in seen_own:
                    own[name] += 1
                    seen_own.add(name)
                if i + 1 < len(frames):
                    nsym, ndso = frames[i + 1]
                    if not (ndso.endswith("/cad") or
                            nsym.endswith("(inlined)")):
                        lib = ndso.rsplit("/", 1)[-1]
                        key = "%s -> %s [%s]" % (name, nsym, lib)
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
    print("\ncad functions, inclusive:")
    for k, v in own.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * v / total, k))
    print("\ncalls from cad into libraries, inclusive:")
    for k, v in edge.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * v / total, k))


if __name__ == "__main__":
    main()
