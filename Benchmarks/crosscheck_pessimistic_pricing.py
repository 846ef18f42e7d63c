#!/usr/bin/env python3
"""Cross-checks `bilevel solve --pessimistic` on pricing-type models (the leader's choice x moves
the follower's costs) against an independent exact computation, and says whether the infimum is
attained.

Random small models: one leader variable x ∈ [0, U] (integer in every fourth model); follower
y ∈ [0, u]^n with a few rows without x, minimizing (d + C·x)·y; leader minimizing
c_x·x + c_y·y + α·x·(C·y) (α = 0: no pricing terms, α ≠ 0: pricing). Independent computation:
enumerate the vertices of the follower's polytope; the follower's costs tie along finitely many
breakpoints in x; between two breakpoints the optimal vertex set, the worst of its vertices and the
coupling row's sign are constant (their changes are breakpoints too), so the pessimistic value is
linear there. The infimum is the smallest of the values at breakpoints (and the ends of [0, U]) and
of the limits at the ends of each open interval; it is attained when a point takes it. With x
integer, the minimum over 0, 1, …, U. With --coupling, every other model has a leader row
a·x + b·y <= h that must hold for every follower optimum (the strong reading), and x is feasible
only where it does. Exact arithmetic is not used; ties are detected within 1e-9.

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

import peers

try:
    import numpy as np
except ImportError:
    peers.fail(
        "crosscheck_pessimistic_pricing.py",
        [
            "numpy is not installed for %s." % sys.executable,
            "Install it (pip install numpy), or run with %s" % peers.VENV_PYTHON,
        ],
    )

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def vertices(rows, ub):
    """Vertices of {0 <= y <= ub, a·y <= b for (a, b) in rows}."""
    n = len(ub)
    cons = []
    for j in range(n):
        e = np.zeros(n)
        e[j] = -1.0
        cons.append((e, 0.0))
        e = np.zeros(n)
        e[j] = 1.0
        cons.append((e, ub[j]))
    for a, b in rows:
        cons.append((np.array(a, float), float(b)))
    out = []
    for active in itertools.combinations(range(len(cons)), n):
        A = np.array([cons[i][0] for i in active])
        b = np.array([cons[i][1] for i in active])
        if abs(np.linalg.det(A)) < 1e-12:
            continue
        y = np.linalg.solve(A, b)
        if all(a @ y <= bb + 1e-9 for a, bb in cons) and not any(np.allclose(y, v, atol=1e-9) for v in out):
            out.append(y)
    return out


def optimal_set(x, verts, d, C):
    cost = [float((d + C * x) @ v) for v in verts]
    best = min(cost)
    return [v for v, c in zip(verts, cost) if c <= best + 1e-9]


def F(x, v, cx, cy, alpha, C):
    return float(cx * x + cy @ v + alpha * x * (C @ v))


def holds(x, opt, coupling):
    """The coupling row a·x + b·y <= h at every optimal vertex (the strong reading)."""
    if coupling is None:
        return True
    a, b, h = coupling
    return all(a * x + float(b @ v) <= h + 1e-9 for v in opt)


def exact(verts, d, C, cx, cy, alpha, U, coupling=None):
    """(infimum, attained), or (None, None) when no x is feasible. Every point where the optimal
    set, the worst vertex or the coupling row's sign can change is a breakpoint; between two of
    them the worst value is linear and feasibility constant."""
    points = {0.0, U}

    def add(a, b):  # a·x + b = 0
        if abs(a) > 1e-12 and 0 < -b / a < U:
            points.add(-b / a)

    for v, w in itertools.combinations(verts, 2):
        add(float(C @ (v - w)), float(d @ (v - w)))  # cost ties
        add(float(alpha * (C @ (v - w))), float(cy @ (v - w)))  # worst-vertex changes
    if coupling is not None:
        a, b, h = coupling
        for v in verts:
            add(a, float(b @ v) - h)
    points = sorted(points)
    attained, limits = [], []
    for p in points:
        opt = optimal_set(p, verts, d, C)
        if holds(p, opt, coupling):
            attained.append(max(F(p, v, cx, cy, alpha, C) for v in opt))
    for lo, hi in zip(points, points[1:]):
        mid = (lo + hi) / 2
        opt = optimal_set(mid, verts, d, C)
        if not holds(mid, opt, coupling):
            continue
        f = lambda x: max(F(x, v, cx, cy, alpha, C) for v in opt)
        attained.append(f(mid))
        limits += [f(lo), f(hi)]
    if not attained:
        return None, None
    inf = min(attained + limits)
    return inf, min(attained) <= inf + 1e-7 * max(1, abs(inf))


def exact_integer(verts, d, C, cx, cy, alpha, U, coupling=None):
    values = [
        max(F(float(x), v, cx, cy, alpha, C) for v in optimal_set(float(x), verts, d, C))
        for x in range(int(U) + 1)
        if holds(float(x), optimal_set(float(x), verts, d, C), coupling)
    ]
    return (min(values), True) if values else (None, None)


def blp(seed, n, rows, ub, d, C, cx, cy, alpha, U, integer=False, coupling=None):
    ys = ["y%d" % j for j in range(n)]

    def lin(cs, names):
        return (
            " ".join("%s %.17g %s" % ("+" if c >= 0 else "-", abs(float(c)), v) for c, v in zip(cs, names) if c != 0)
            or "0 " + names[0]
        )

    lead = lin([cx] + list(cy), ["x"] + ys)
    lead += "".join(
        " %s %.17g x * %s" % ("+" if alpha * c >= 0 else "-", abs(float(alpha * c)), y) for c, y in zip(C, ys) if c != 0
    )
    foll = lin(list(d), ys) + "".join(
        " %s %.17g x * %s" % ("+" if c >= 0 else "-", abs(float(c)), y) for c, y in zip(C, ys) if c != 0
    )
    text = (
        [
            "model pp%d" % seed,
            "leader",
            "  variables x",
            "  minimize " + lead.lstrip("+ "),
            "  bounds",
            "    x <= %r" % U,
        ]
        + (
            [
                "  subject to",
                "    coupling: %s <= %r"
                % (lin([coupling[0]] + list(coupling[1]), ["x"] + ys).lstrip("+ "), coupling[2]),
            ]
            if coupling is not None
            else []
        )
        + (["  integer x"] if integer else [])
        + ["follower", "  variables " + " ".join(ys), "  minimize " + foll.lstrip("+ ")]
    )
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
    ap.add_argument("--coupling", action="store_true", help="give every other model a coupling row")
    args = ap.parse_args()
    peers.ensure_bilevel("crosscheck_pessimistic_pricing.py", args.bilevel)
    agree = disagree = 0
    kinds = {}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, args.seeds + 1):
            rng = random.Random(seed)
            n = rng.choice([1, 2, 3])
            ub = [float(rng.randint(1, 5)) for _ in range(n)]
            rows = [
                ([float(rng.randint(-2, 3)) for _ in range(n)], float(rng.randint(1, 8)))
                for _ in range(rng.randint(0, 2))
            ]
            d = np.array([float(rng.randint(-6, 6)) for _ in range(n)])
            C = np.array([float(rng.choice([-1, 0, 1, 1, 2])) for _ in range(n)])
            if not C.any():
                C[0] = 1.0
            cx = float(rng.randint(-2, 2))
            cy = np.array([float(rng.randint(-3, 3)) for _ in range(n)])
            alpha = float(rng.choice([0, -1, -1, 1]))
            U = float(rng.randint(2, 10))
            integer = seed % 4 == 0  # every fourth model: x integer (then the infimum is a minimum)
            coupling = None
            if args.coupling and seed % 2 == 1:  # every other model: a coupling row a·x + b·y <= h
                coupling = (
                    float(rng.choice([-1, 0, 1])),
                    np.array([float(rng.randint(-2, 2)) for _ in range(n)]),
                    float(rng.randint(0, 6)),
                )
                if not coupling[1].any():
                    coupling[1][0] = 1.0
            verts = vertices(rows, ub)
            inf, attained = (exact_integer if integer else exact)(verts, d, C, cx, cy, alpha, U, coupling)
            path = os.path.join(tmp, "pp%d.blp" % seed)
            open(path, "w").write(blp(seed, n, rows, ub, d, C, cx, cy, alpha, U, integer, coupling))
            run = subprocess.run(
                [args.bilevel, "solve", path, "--pessimistic", "--format", "json", "--time-limit", "60"],
                capture_output=True,
                text=True,
            )
            try:
                r = json.loads(run.stdout)
            except ValueError:
                print("seed %2d  ours failed: %s" % (seed, (run.stderr or run.stdout).strip()[:200]))
                disagree += 1
                continue
            if inf is None:
                expected = "infeasible"
                ok = r["status"] == "infeasible"
            else:
                expected = "optimal" if attained else "not_attained"
                ok = (
                    r["status"] == expected
                    and r["objective"] is not None
                    and abs(r["objective"] - inf) <= 1e-6 * max(1, abs(inf))
                )
            agree += ok
            disagree += not ok
            kinds[expected] = kinds.get(expected, 0) + 1
            eps = "" if r.get("point_objective") is None else "  eps %.2g" % abs(r["point_objective"] - r["objective"])
            print(
                "seed %2d  %-8s  ours %-12s %-22s  exact %-12s %-22s  nodes %s%s"
                % (seed, "agree" if ok else "DISAGREE", r["status"], r["objective"], expected, inf, r["nodes"], eps)
            )
    print(
        "%d agree, %d disagree (%s)" % (agree, disagree, ", ".join("%d %s" % (v, k) for k, v in sorted(kinds.items())))
    )
    sys.exit(1 if disagree else 0)


if __name__ == "__main__":
    main()
