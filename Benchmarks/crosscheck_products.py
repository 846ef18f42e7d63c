#!/usr/bin/env python3
"""Cross-checks the McCormick spatial branch-and-bound (non-convex products in the leader's
objective) against SCIP on the same KKT system.

For each seed: a generated LP-LP instance (`bilevel generate random`), with random products
c·u·v (u, v leader or follower variables, at least one x·y) added to the leader's objective.
Ours: `bilevel solve` on the .blp. Reference: SCIP (pyscipopt) on the KKT system built by
../shared/anchors/kkt_ref.py (SOS1 complementarity), the products as an epigraph row
t = Σ c·u·v (SCIP's spatial branch-and-bound for non-convex quadratics). Prints one line per
instance and a summary; exit 1 on any disagreement.

    python3 Benchmarks/crosscheck_products.py --seeds 20 --size 3

Needs ../shared (kkt_ref.py and bilevel_io.py; --shared DIR elsewhere) and pyscipopt, which
Benchmarks/setup-peers installs in .venv-pao/: run from the system Python, the script re-runs itself
with that venv's Python. A missing piece stops it with a message, not a traceback.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import peers

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
bilevel_io = kkt_ref = None  # from ../shared/anchors, imported by load_peers() once it is checked


def load_peers(shared):
    """Checks ../shared and pyscipopt first, then imports the harnesses (module globals)."""
    global bilevel_io, kkt_ref
    peers.require_shared(
        "crosscheck_products.py",
        shared,
        ["anchors/kkt_ref.py", "anchors/bilevel_io.py"],
        "the reference (SCIP on the KKT system built by kkt_ref.py)",
    )
    try:
        import pyscipopt  # noqa: F401
    except ImportError:
        # Compare prefixes, not executables: the venv's python is a symlink to the system one.
        in_venv = os.path.realpath(sys.prefix) == os.path.realpath(peers.VENV)
        if os.path.exists(peers.VENV_PYTHON) and not in_venv:
            os.execv(peers.VENV_PYTHON, [peers.VENV_PYTHON] + sys.argv)
        state = "lacks it" if os.path.exists(peers.VENV_PYTHON) else "is missing"
        peers.fail(
            "crosscheck_products.py",
            [
                "pyscipopt is not importable by %s, and the peers' venv %s %s." % (sys.executable, peers.VENV, state),
                "Create or repair it with: Benchmarks/setup-peers",
            ],
        )
    sys.path.insert(0, os.path.join(shared, "anchors"))
    import bilevel_io as io_module
    import kkt_ref as kkt_module

    bilevel_io, kkt_ref = io_module, kkt_module


def scip_with_products(km, products, time_limit):
    import pyscipopt as ps
    from pyscipopt.scip import ExprCons

    m = ps.Model("kkt-products")
    m.hideOutput()
    m.setParam("limits/time", float(time_limit))
    m.setParam("limits/gap", 1e-9)
    inf = m.infinity()
    vs = []
    for j in range(len(km.names)):
        lb = None if km.lb[j] == -kkt_ref.INF else float(km.lb[j])
        ub = None if km.ub[j] == kkt_ref.INF else float(km.ub[j])
        vs.append(m.addVar(name="v%d" % j, vtype="C", lb=lb, ub=ub, obj=float(km.obj[j])))
    t = m.addVar(name="t", lb=None, ub=None, obj=1.0)
    if km.c0:
        m.addObjoffset(float(km.c0))
    R = km.R
    for i in range(R.shape[0]):
        s, e = R.indptr[i], R.indptr[i + 1]
        if e == s:
            continue
        expr = ps.quicksum(float(a) * vs[j] for j, a in zip(R.indices[s:e], R.data[s:e]))
        lo, up = km.row_lo[i], km.row_up[i]
        m.addCons(
            ExprCons(expr, lhs=None if lo == -kkt_ref.INF else float(lo), rhs=None if up == kkt_ref.INF else float(up))
        )
    for a, b in km.pairs:
        m.addConsSOS1([vs[a], vs[b]])
    m.addCons(t == ps.quicksum(c * vs[a] * vs[b] for (c, a, b) in products))
    m.setMinimize()
    m.optimize()
    st = m.getStatus()
    value = m.getObjVal() if m.getNSols() > 0 and st == "optimal" else None
    return st, value


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--size", type=int, default=3)
    ap.add_argument("--bilevel", default=os.path.join(ROOT, ".build", "release", "bilevel"))
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--shared", default=peers.DEFAULT_SHARED, help="the shared peer folder (default: ../shared)")
    args = ap.parse_args()
    load_peers(args.shared)
    peers.ensure_bilevel("crosscheck_products.py", args.bilevel)
    agree = disagree = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, args.seeds + 1):
            base = os.path.join(tmp, "r%d" % seed)
            subprocess.run(
                [
                    args.bilevel,
                    "generate",
                    "random",
                    "--size",
                    str(args.size),
                    "--seed",
                    str(seed),
                    "-o",
                    base + ".aux",
                ],
                check=True,
                capture_output=True,
            )
            subprocess.run([args.bilevel, "convert", base + ".aux", base + ".blp"], check=True, capture_output=True)
            inst = bilevel_io.read_instance(base + ".mps", base + ".aux")
            names = list(inst.col_names)
            leaders = [names[j] for j in range(inst.n) if j not in set(inst.lower_cols)]
            followers = [names[j] for j in inst.lower_cols]
            rng = random.Random(seed)
            terms = [(rng.choice([-3, -2, -1, 1, 2, 3]), rng.choice(leaders), rng.choice(followers))]
            for _ in range(rng.randint(0, 2)):
                pool = leaders + followers
                terms.append((rng.choice([-2, -1, 1, 2]), rng.choice(pool), rng.choice(pool)))
            text = open(base + ".blp").read()
            extra = "".join(" %s %d %s * %s" % ("+" if c > 0 else "-", abs(c), u, v) for c, u, v in terms)
            text = re.sub(r"(\n  minimize [^\n]*)", lambda mm: mm.group(1) + extra, text, count=1)
            open(base + ".blp", "w").write(text)
            ours = subprocess.run(
                [args.bilevel, "solve", base + ".blp", "--format", "json", "--time-limit", str(args.time_limit)],
                capture_output=True,
                text=True,
            )
            if ours.returncode not in (0, 1) or not ours.stdout.strip().startswith("{"):
                print("seed %2d  ours failed: %s" % (seed, (ours.stderr or ours.stdout).strip()[:200]))
                skipped += 1
                continue
            result = json.loads(ours.stdout)
            km = kkt_ref.KKTModel(inst)
            index = {name: j for j, name in enumerate(names)}
            sign = inst.ul_sense_orig if hasattr(inst, "ul_sense_orig") else 1
            products = [(sign * c, index[u], index[v]) for c, u, v in terms]
            st, value = scip_with_products(km, products, args.time_limit)
            ref = sign * value if value is not None else None
            status = result.get("status")
            obj = result.get("objective")
            ok = (status == "optimal" and st == "optimal" and abs(obj - ref) <= 1e-5 * max(1, abs(ref))) or (
                status == "infeasible" and st == "infeasible"
            )
            label = (
                "agree"
                if ok
                else (
                    "unchecked"
                    if st not in ("optimal", "infeasible") or status not in ("optimal", "infeasible")
                    else "DISAGREE"
                )
            )
            if label == "agree":
                agree += 1
            elif label == "DISAGREE":
                disagree += 1
            else:
                skipped += 1
            print(
                "seed %2d  %-9s  ours %-10s %-14s  SCIP %-10s %-14s  nodes %s  terms %s"
                % (seed, label, status, obj, st, ref, result.get("nodes"), extra.strip())
            )
    print("%d agree, %d disagree, %d unchecked" % (agree, disagree, skipped))
    sys.exit(1 if disagree else 0)


if __name__ == "__main__":
    main()
