#!/usr/bin/env python3
"""Cross-checks `bilevel solve --pessimistic` on pricing-type models (the leader's choice x moves
the follower's costs) against an independent exact computation, and says whether the infimum is
attained.

Random small models: one leader variable x ∈ [0, U] (integer in every fourth model); follower y ∈ [0, u]^n with a few rows
without x, minimizing (d + C·x)·y; leader minimizing c_x·x + c_y·y + α·x·(C·y) (α = 0: no pricing
terms, α ≠ 0: pricing). Independent computation: enumerate the vertices of the follower's
polytope; the follower's costs tie along finitely many breakpoints in x; between two breakpoints
the optimal vertex set is constant, so the pessimistic value (the worst optimal vertex for the
leader) is linear there. The infimum is the smallest of the values at breakpoints (and the ends
of [0, U]) and of the limits at the ends of each open interval; it is attained when a point takes
it. With x integer, the minimum over 0, 1, …, U. Exact arithmetic is not used; ties are detected
within 1e-9.

    python3 Benchmarks/crosscheck_pessimistic_pricing.py --seeds 40
"""
import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def vertices(rows, ub):
    """Vertices of {0 <= y <= ub, a·y <= b for (a, b) in rows}."""
    n = len(ub)
    cons = []
    for j in range(n):
        e = np.zeros(n); e[j] = -1.0; cons.append((e, 0.0))
        e = np.zeros(n); e[j] = 1.0; cons.append((e, ub[j]))
    for a, b in rows:
        cons.append((np.array(a, float), float(b)))
    out = []
    for active in itertools.combinations(range(len(cons)), n):
        A = np.array([cons[i][0] for i in active]); b = np.array([cons[i][1] for i in active])
        if abs(np.linalg.det(A)) < 1e-12:
            continue
        y = np.linalg.solve(A, b)
        if all(a @ y <= bb + 1e-9 for a, bb in cons) and not any(np.allclose(y, v, atol=1e-9) for v in out):
            out.append(y)
    return out


def pessimistic(x, verts, d, C, cx, cy, alpha):
    cost = [float((d + C * x) @ v) for v in verts]
    best = min(cost)
    worst = max(float(cx * x + cy @ v + alpha * x * (C @ v)) for v, c in zip(verts, cost) if c <= best + 1e-9)
    return worst


def exact(verts, d, C, cx, cy, alpha, U):
    points = {0.0, U}
    for v, w in itertools.combinations(verts, 2):
        # (d + C x)·(v − w) = 0
        a, b = float(C @ (v - w)), float(d @ (v - w))
        if abs(a) > 1e-12:
            t = -b / a
            if 0 < t < U:
                points.add(t)
    points = sorted(points)
    values = [(pessimistic(p, verts, d, C, cx, cy, alpha), p) for p in points]
    limits = []
    for lo, hi in zip(points, points[1:]):
        mid = (lo + hi) / 2
        cost = [float((d + C * mid) @ v) for v in verts]
        best = min(cost)
        opt = [v for v, c in zip(verts, cost) if c <= best + 1e-9]
        f = lambda x: max(float(cx * x + cy @ v + alpha * x * (C @ v)) for v in opt)
        limits += [(f(lo), lo), (f(hi), hi)]
        values.append((f(mid), mid))
    inf = min(min(values)[0], min(limits)[0])
    attained = min(values)[0] <= inf + 1e-7 * max(1, abs(inf))
    return inf, attained


def exact_integer(verts, d, C, cx, cy, alpha, U):
    return min(pessimistic(float(x), verts, d, C, cx, cy, alpha) for x in range(int(U) + 1)), True


def blp(seed, n, rows, ub, d, C, cx, cy, alpha, U, integer=False):
    ys = ["y%d" % j for j in range(n)]
    def lin(cs, names):
        return " ".join("%s %.17g %s" % ("+" if c >= 0 else "-", abs(float(c)), v) for c, v in zip(cs, names) if c != 0) or "0 " + names[0]
    lead = lin([cx] + list(cy), ["x"] + ys)
    lead += "".join(" %s %.17g x * %s" % ("+" if alpha * c >= 0 else "-", abs(float(alpha * c)), y) for c, y in zip(C, ys) if c != 0)
    foll = lin(list(d), ys) + "".join(" %s %.17g x * %s" % ("+" if c >= 0 else "-", abs(float(c)), y) for c, y in zip(C, ys) if c != 0)
    text = ["model pp%d" % seed, "leader", "  variables x", "  minimize " + lead.lstrip("+ "), "  bounds", "    x <= %r" % U,
            ] + (["  integer x"] if integer else []) + [
            "follower", "  variables " + " ".join(ys), "  minimize " + foll.lstrip("+ ")]
    if rows:
        text.append("  subject to")
        for i, (a, b) in enumerate(rows):
            text.append("    r%d: %s <= %r" % (i, lin(a, ys).lstrip("+ "), b))
    text.append("  bounds")
    text += ["    %s <= %r" % (y, u) for y, u in zip(ys, ub)]
    text.append("end")
    return "\n".join(text) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=40)
    ap.add_argument("--bilevel", default=os.path.join(ROOT, ".build", "release", "bilevel"))
    args = ap.parse_args()
    agree = disagree = 0
    kinds = {}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, args.seeds + 1):
            rng = random.Random(seed)
            n = rng.choice([1, 2, 3])
            ub = [float(rng.randint(1, 5)) for _ in range(n)]
            rows = [([float(rng.randint(-2, 3)) for _ in range(n)], float(rng.randint(1, 8))) for _ in range(rng.randint(0, 2))]
            d = np.array([float(rng.randint(-6, 6)) for _ in range(n)])
            C = np.array([float(rng.choice([-1, 0, 1, 1, 2])) for _ in range(n)])
            if not C.any():
                C[0] = 1.0
            cx = float(rng.randint(-2, 2)); cy = np.array([float(rng.randint(-3, 3)) for _ in range(n)])
            alpha = float(rng.choice([0, -1, -1, 1]))
            U = float(rng.randint(2, 10))
            integer = seed % 4 == 0   # every fourth model: x integer (then the infimum is a minimum)
            verts = vertices(rows, ub)
            inf, attained = (exact_integer if integer else exact)(verts, d, C, cx, cy, alpha, U)
            path = os.path.join(tmp, "pp%d.blp" % seed)
            open(path, "w").write(blp(seed, n, rows, ub, d, C, cx, cy, alpha, U, integer))
            run = subprocess.run([args.bilevel, "solve", path, "--pessimistic", "--format", "json", "--time-limit", "60"],
                                 capture_output=True, text=True)
            try:
                r = json.loads(run.stdout)
            except ValueError:
                print("seed %2d  ours failed: %s" % (seed, (run.stderr or run.stdout).strip()[:200]))
                disagree += 1
                continue
            expected = "optimal" if attained else "not_attained"
            ok = r["status"] == expected and r["objective"] is not None and abs(r["objective"] - inf) <= 1e-6 * max(1, abs(inf))
            agree += ok
            disagree += not ok
            kinds[expected] = kinds.get(expected, 0) + 1
            eps = "" if r.get("point_objective") is None else "  eps %.2g" % abs(r["point_objective"] - r["objective"])
            print("seed %2d  %-8s  ours %-12s %-22s  exact %-12s %-22s  nodes %s%s" % (
                seed, "agree" if ok else "DISAGREE", r["status"], r["objective"], expected, inf, r["nodes"], eps))
    print("%d agree, %d disagree (%s)" % (agree, disagree, ", ".join("%d %s" % (v, k) for k, v in sorted(kinds.items()))))
    sys.exit(1 if disagree else 0)


if __name__ == "__main__":
    main()
