#!/usr/bin/env python3
"""Benchmark suite: bilevel against its peers, side by side, in one run on this machine.

From a clean clone, two commands (from the repository root):
  Benchmarks/setup-peers                 # once: .venv-pao/ (PAO, Pyomo, SCIP, HiGHS) and glpsol
  python3 Benchmarks/bench.py ...        # builds .build/release/bilevel first when it is missing
The peers' harnesses and the shared instances live in ../shared, beside the repository (not in it);
the scip and pao-fa columns and the shared set need it, and the script stops with a message saying so
when it is missing (see Benchmarks/README.md).

  python3 Benchmarks/bench.py                                   # everything (hours: see --help)
  python3 Benchmarks/bench.py --sets models,shared --runs 3     # the literature sets only
  python3 Benchmarks/bench.py --sets interdiction --sizes interdiction=50,100 --time-limit 60
  python3 Benchmarks/bench.py --sets models --only bard_1984_ex1 --time-limit 5 --runs 1   # a smoke test

Solvers (all timed end to end, process start to answer):
  bilevel-branch     `bilevel solve` default method, all cores
  bilevel-branch-1t  the same with --threads 1 (for the two-thread speed-up)
  bilevel-cb-1t      `--method branch --threads 1`: the complementarity search alone, without the
                     race `auto` runs where linking variables are integers (to show what the race adds)
  bilevel-bigm       `bilevel solve --method bigm`
  glpsol             glpsol on the big-M MILP that `bilevel reformulate --form bigm` writes (proven Ms,
                     else M = 1e5); its answer is judged like everyone's
  scip               ../shared/anchors/kkt_ref.py (run by .venv-pao's Python): SCIP with one SOS1 per
                     complementarity pair
  pao-fa             ../shared/anchors/pao_run.py --solver fa: PAO 1.0.2 FA (KKT + big-M 1e5, GLPK)
Each instance runs --runs times per solver (a solver whose first run exceeds --repeat-below seconds
runs once: said in the table). Answers are judged against the reference optimum (ours when
certified, else SCIP's): "ok", "WRONG" (a claimed optimum, infeasibility or unboundedness that
contradicts it), "worse" (a point, no claim) or "-".

Writes OUT/results.csv, OUT/results.md (tables, the targets with their measured ratios) and
OUT/time-vs-size.svg (one panel per generated family, log-scale time against size).
"""

import argparse, csv, json, math, os, platform, re, statistics, subprocess, sys, time

import peers

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FAMILIES = (
    "random",
    "random-int",
    "interdiction",
    "toll",
    "graph-interdiction",
    "packing",
    "covering",
    "mixed",
)
# The last four are the families that are not kind to us (issue 14; Benchmarks/README.md): their sizes
# reach past where anyone proves them within 120 s.
DEFAULT_SIZES = {
    "random": [10, 20, 30, 40],
    "random-int": [5, 10, 15, 20],
    "interdiction": [50, 100, 200, 400],
    "toll": [100, 400, 1600, 3200],
    "graph-interdiction": [20, 30, 50, 100, 200, 400],
    "packing": [10, 15, 20, 30, 50, 80],
    "covering": [10, 15, 20, 30, 50, 80],
    "mixed": [10, 15, 20, 30, 50, 80],
}
SOLVED = ("optimal", "infeasible", "unbounded")


def run(cmd, timeout):
    t0 = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr, time.time() - t0
    except subprocess.TimeoutExpired:
        return "hang", "", "", time.time() - t0


def last_json(out):
    for line in reversed(out.strip().splitlines()):
        try:
            return json.loads(line)
        except ValueError:
            continue
    return None


def ours(a, path, method, threads):
    cmd = [a.bin, "solve", path, "--format", "json", "--time-limit", str(a.time_limit), "--method", method]
    if threads:
        cmd += ["--threads", str(threads)]
    code, out, err, wall = run(cmd, a.time_limit * 2 + 30)
    r = last_json(out)
    if r is None:
        return dict(status="error", objective=None, nodes=None, time=wall, note=(err or out)[:60].replace("\n", " "))
    return dict(status=r["status"], objective=r["objective"], nodes=r["nodes"], time=wall, note=r.get("big_m") or "")


def glpsol(a, path, work):
    base = os.path.join(work, os.path.basename(path).rsplit(".", 1)[0])
    mps, sol = base + ".bigm.mps", base + ".bigm.sol"
    t0 = time.time()
    code, out, err, _ = run([a.bin, "reformulate", path, "-o", mps, "--form", "bigm"], 600)
    m = re.search(r"big_m: (\w+)", err)
    state = m.group(1) if m else "?"
    sign = -1.0 if "leader_sense: max" in err else 1.0  # the file minimizes −F for a maximizing leader
    code, out, err, _ = run(
        ["glpsol", "--freemps", mps, "--min", "--tmlim", str(int(a.time_limit)), "-o", sol], a.time_limit * 2 + 30
    )
    wall = time.time() - t0
    status, objective = "error", None
    if os.path.exists(sol):
        text = open(sol).read()
        m = re.search(r"Status:\s+(.*)", text)
        s = m.group(1).strip() if m else ""
        status = {
            "INTEGER OPTIMAL": "optimal",
            "INTEGER NON-OPTIMAL": "feasible",
            "INTEGER EMPTY": "infeasible",
            "INTEGER UNDEFINED": "time_limit",
        }.get(s, s.lower() or "error")
        m = re.search(r"Objective:\s+\S+\s+=\s+(\S+)", text)
        if m and status in ("optimal", "feasible"):
            objective = sign * float(m.group(1))
        os.remove(sol)
    elif "NO PRIMAL FEASIBLE" in out.upper():
        status = "infeasible"
    return dict(status=status, objective=objective, nodes=None, time=wall, note="M " + state)


def mps_of(path):
    if path.endswith(".blp"):
        return None
    return path[:-4] + ".mps" if not path.endswith(".mps") else path


def peer(a, cmd, nodes_key, note):
    """Runs a peer's script (one JSON line per answer on stdout) and reads its last answer."""
    code, out, err, wall = run(cmd, a.time_limit * 3 + 60)
    r = last_json(out)
    if r is None:
        return dict(status="error", objective=None, nodes=None, time=wall, note=(err or out)[-60:].replace("\n", " "))
    return dict(
        status=r.get("status"),
        objective=r.get("objective"),
        nodes=r.get(nodes_key) if nodes_key else None,
        time=wall,
        note=note(r),
    )


def scip(a, path):
    return peer(
        a,
        [a.peer_python, a.kkt_ref, mps_of(path), "--aux", path, "--solver", "scip", "--time-limit", str(a.time_limit)],
        "nodes",
        lambda r: "",
    )


def pao(a, path):
    return peer(
        a,
        [a.pao_python, a.pao_run, mps_of(path), "--aux", path, "--solver", "fa", "--time-limit", str(a.time_limit)],
        None,
        lambda r: "" if r.get("bilevel_feasible", True) else "point not bilevel feasible",
    )


def close(x, y):
    return x is not None and y is not None and abs(x - y) <= 1e-6 * max(1.0, abs(y))


def judge(r, ref, ref_status):
    claimed = r["status"] in SOLVED
    if ref_status is None:
        return "-"
    if ref_status in ("infeasible", "unbounded"):
        if r["status"] == ref_status:
            return "ok"
        return "WRONG" if claimed else "-"
    if r["status"] in ("infeasible", "unbounded"):
        return "WRONG"
    if r["objective"] is None:
        return "-"
    if close(r["objective"], ref):
        return "ok"
    return "WRONG" if claimed else "worse"


def svg_plot(records, path, time_limit):
    """Log-scale time against size, one panel per generated family, one line per solver."""
    colors = {
        "bilevel-branch": "#1f77b4",
        "bilevel-branch-1t": "#aec7e8",
        "bilevel-cb-1t": "#17becf",
        "bilevel-bigm": "#2ca02c",
        "glpsol": "#ff7f0e",
        "scip": "#d62728",
        "pao-fa": "#9467bd",
    }
    fams = [f for f in FAMILIES if any(r["set"] == f for r in records)]
    if not fams:
        return
    W, H, pad = 360, 260, 50
    cols = min(4, len(fams))
    panel_rows = (len(fams) + cols - 1) // cols
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
        % (W * cols, H * panel_rows + 40)
    ]
    lo, hi = 0.005, time_limit * 1.2

    y0 = 0  # the top of the current panel row

    def y(t):
        t = min(max(t, lo), hi)
        return y0 + pad / 2 + (H - pad) * (1 - (math.log10(t) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))

    for k, fam in enumerate(fams):
        x0, y0 = (k % cols) * W, (k // cols) * H
        rows = [r for r in records if r["set"] == fam]
        sizes = sorted({r["size"] for r in rows})

        def x(s):
            return x0 + pad + (W - pad - 20) * (sizes.index(s) / max(1, len(sizes) - 1))

        out.append(
            '<text x="%d" y="%d" font-weight="bold">%s (time, s; x = size)</text>' % (x0 + pad, y0 + 14, fam)
        )
        for t in (0.01, 0.1, 1, 10, 100):
            if lo <= t <= hi:
                out.append(
                    '<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f">%g</text>'
                    % (x0 + pad, x0 + W - 20, y(t), y(t), x0 + 5, y(t) + 4, t)
                )
        for s in sizes:
            out.append('<text x="%.1f" y="%d">%d</text>' % (x(s) - 8, y0 + H - 5, s))
        for solver, color in colors.items():
            pts = [
                (x(r["size"]), y(r["time_median"]), r["status"] in SOLVED)
                for r in sorted(rows, key=lambda r: r["size"])
                if r["solver"] == solver
            ]
            if not pts:
                continue
            out.append(
                '<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                % (color, " ".join("%.1f,%.1f" % (p[0], p[1]) for p in pts))
            )
            for px, py, solved in pts:
                out.append(
                    '<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (px, py, color if solved else "white")
                    + (
                        ''
                        if solved
                        else '<circle cx="%.1f" cy="%.1f" r="3" fill="none" stroke="%s"/>' % (px, py, color)
                    )
                )
    bottom = H * panel_rows
    for i, (solver, color) in enumerate(colors.items()):
        out.append(
            '<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>'
            % (10 + i * 130, bottom + 22, color, 24 + i * 130, bottom + 31, solver)
        )
    out.append('<text x="10" y="%d">hollow: not solved within the limit</text>' % (bottom + 12))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def targets(records, a):
    """The issue's targets, each with its measured ratio."""
    lines = []

    def by(set_name, solver):
        return {r["instance"]: r for r in records if r["set"] == set_name and r["solver"] == solver}

    # Ours: the default column, else the one-thread column when only that one ran.
    ran = {r["solver"] for r in records}
    ours_key = "bilevel-branch" if "bilevel-branch" in ran or "bilevel-branch-1t" not in ran else "bilevel-branch-1t"
    if any(r["set"] == "shared" for r in records):
        o, p, s = by("shared", ours_key), by("shared", "pao-fa"), by("shared", "scip")
        if p:
            ratios = [p[i]["time_median"] / o[i]["time_median"] for i in o if i in p]
            m = statistics.median(ratios)
            lines.append(
                "- Shared continuous instances, median speed-up over PAO-FA (end to end): **%.1f×** "
                "over %d instances (target ≥ 20×: %s)."
                % (m, len(ratios), "met" if m >= 20 else "NOT met")
            )
        if s:
            ratios = [s[i]["time_median"] / o[i]["time_median"] for i in o if i in s]
            m = statistics.median(ratios)
            lines.append(
                "- Shared continuous instances, median speed-up over SCIP-SOS1 (end to end): **%.1f×** "
                "(target > 1×: %s)."
                % (m, "met" if m > 1 else "NOT met")
            )
        wrong = [r for r in records if r["set"] == "shared" and r["agrees"] == "WRONG"]
        for solver in sorted({r["solver"] for r in wrong}):
            lines.append(
                "- Wrong answers on the shared instances by %s: %d."
                % (solver, sum(1 for r in wrong if r["solver"] == solver))
            )
    for fam in FAMILIES:
        rows = [r for r in records if r["set"] == fam]
        if not rows:
            continue
        solvers = sorted({r["solver"] for r in rows})
        largest = {}
        for sv in solvers:
            # Correct means agreeing with a certified reference: a claim nobody can check does not count.
            ok = [
                r["size"]
                for r in rows
                if r["solver"] == sv and r["status"] in SOLVED and r["agrees"] == "ok" and r["time_median"] <= 120
            ]
            largest[sv] = max(ok) if ok else None
        lines.append(
            "- %s: largest size solved correctly within %gs: %s."
            % (
                fam,
                a.time_limit,
                ", ".join("%s %s" % (sv, largest[sv] if largest[sv] is not None else "none") for sv in solvers),
            )
        )
        unchecked = [
            "%s (%s)" % (r["instance"], r["solver"]) for r in rows if r["status"] in SOLVED and r["agrees"] == "-"
        ]
        if unchecked:
            lines.append("  - claims without a certified reference (not counted): %s." % ", ".join(unchecked))
        if "scip" in solvers:
            scip_only = [
                r["instance"]
                for r in rows
                if r["solver"] == "scip"
                and r["status"] in SOLVED
                and by(fam, ours_key).get(r["instance"], {}).get("status") not in SOLVED
            ]
            ours_only = [
                r["instance"]
                for r in rows
                if r["solver"] == ours_key
                and r["status"] in SOLVED
                and by(fam, "scip").get(r["instance"], {}).get("status") not in SOLVED
            ]
            lines.append(
                "  - solved by SCIP but not by us: %s; by us but not by SCIP: %s (target: none and some: %s)."
                % (
                    ", ".join(scip_only) or "none",
                    ", ".join(ours_only) or "none",
                    "met" if not scip_only and ours_only else "NOT met",
                )
            )
        if "glpsol" in solvers:
            both = [
                (r["size"], r["instance"])
                for r in rows
                if r["solver"] == ours_key
                and r["status"] in SOLVED
                and by(fam, "glpsol").get(r["instance"], {}).get("status") in SOLVED
                and by(fam, "glpsol")[r["instance"]]["agrees"] == "ok"
            ]
            if both:
                size, inst = max(both)
                ratio = by(fam, "glpsol")[inst]["time_median"] / by(fam, ours_key)[inst]["time_median"]
                lines.append(
                    "  - largest size both we and glpsol (big-M file) solve correctly: %d; "
                    "glpsol time / ours = %.2f (target ≥ 1: %s)."
                    % (size, ratio, "met" if ratio >= 1 else "NOT met")
                )
            else:
                lines.append("  - glpsol solves no size of this family correctly within the limit.")
    # Without the two-thread column, ours_key is the one-thread column itself: nothing to compare.
    two = by_all(records, ours_key) if ours_key != "bilevel-branch-1t" else {}
    one = by_all(records, "bilevel-branch-1t")
    pairs = [
        (k, one[k]["time_median"] / two[k]["time_median"])
        for k in one
        if k in two and one[k]["time_median"] > 2 and one[k]["status"] in SOLVED
    ]
    if pairs:
        lines.append(
            "- Two threads against one on instances taking more than 2 s with one: "
            + ", ".join("%s %.2f×" % (k[1], r) for k, r in pairs)
            + " (target ≥ 1.6× each: %s)." % ("met" if all(r >= 1.6 for _, r in pairs) else "NOT met")
        )
    return lines


def by_all(records, solver):
    return {(r["set"], r["instance"]): r for r in records if r["solver"] == solver}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "bilevel"))
    ap.add_argument("--sets", default="models,shared," + ",".join(FAMILIES))
    ap.add_argument("--sizes", action="append", default=[], help="FAMILY=S1,S2,... (repeatable)")
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--time-limit", type=float, default=120)
    ap.add_argument("--solvers", default="bilevel-branch,bilevel-branch-1t,bilevel-bigm,glpsol,scip,pao-fa")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--repeat-below",
        type=float,
        default=20,
        help="repeat a solver's runs only while its first run is faster than this",
    )
    ap.add_argument("--shared", default=peers.DEFAULT_SHARED, help="the shared peer folder (default: ../shared)")
    ap.add_argument("--pao-python", default=peers.VENV_PYTHON, help="Python with PAO (Benchmarks/setup-peers)")
    ap.add_argument("--peer-python", default=peers.VENV_PYTHON, help="Python with pyscipopt for kkt_ref.py")
    ap.add_argument(
        "--give-up",
        action="store_true",
        help="in a generated family, skip a solver at every size above one where it solved no seed (status "
        "'skipped', noted in the table): the time limit is what it would have spent there",
    )
    ap.add_argument("--only", help="keep only instances whose name matches this regular expression")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-out"))
    ap.add_argument("--from-csv", help="re-render OUT/results.md and the SVG from this results.csv (no runs)")
    a = ap.parse_args()
    if a.from_csv:
        rerender(a)
        return
    a.kkt_ref = os.path.join(a.shared, "anchors", "kkt_ref.py")
    a.pao_run = os.path.join(a.shared, "anchors", "pao_run.py")
    solvers = a.solvers.split(",")
    unknown = [
        s
        for s in solvers
        if s not in ("bilevel-branch", "bilevel-branch-1t", "bilevel-cb-1t", "bilevel-bigm", "glpsol", "scip", "pao-fa")
    ]
    if unknown:
        sys.exit("bench.py: unknown solver %s" % ", ".join(unknown))
    # Everything a requested column or set needs, checked before any run (no column is dropped silently).
    needs = [
        ("anchors/kkt_ref.py", "the scip column") if "scip" in solvers else None,
        ("anchors/pao_run.py", "the pao-fa column") if "pao-fa" in solvers else None,
        ("instances/MANIFEST.tsv", "the shared set") if "shared" in a.sets.split(",") else None,
    ]
    needs = [n for n in needs if n]
    if needs:
        peers.require_shared(
            "bench.py",
            a.shared,
            [n[0] for n in needs],
            ", ".join(n[1] for n in needs) + " (leave them out with --solvers/--sets to run without it)",
        )
    if "scip" in solvers:
        peers.require_venv("bench.py", a.peer_python, "the scip column")
    if "pao-fa" in solvers:
        peers.require_venv("bench.py", a.pao_python, "the pao-fa column")
    if "glpsol" in solvers:
        peers.require_glpsol("bench.py")
    peers.ensure_bilevel("bench.py", a.bin)
    sizes = dict(DEFAULT_SIZES)
    for spec in a.sizes:
        fam, vals = spec.split("=")
        sizes[fam] = [int(v) for v in vals.split(",")]
    work = os.path.join(a.out, "instances")
    os.makedirs(work, exist_ok=True)

    sets = []
    for name in a.sets.split(","):
        if name == "models":
            with open(os.path.join(ROOT, "models", "INDEX.tsv")) as f:
                rows = [r for r in csv.DictReader(f, delimiter="\t") if r["file"].endswith(".aux")]
            sets.append(("models", [(r["file"][:-4], 0, os.path.join(ROOT, "models", r["file"])) for r in rows]))
        elif name == "shared":
            manifest = os.path.join(a.shared, "instances", "MANIFEST.tsv")
            with open(manifest) as f:
                rows = [r for r in csv.DictReader(f, delimiter="\t") if r["ll_vars_type"] == "continuous"]
            sets.append(
                (
                    "shared",
                    [
                        (os.path.basename(r["file"])[:-4], 0, os.path.join(a.shared, "instances", r["file"]))
                        for r in rows
                    ],
                )
            )
        elif name in FAMILIES:
            items = []
            for size in sizes[name]:
                for seed in a.seeds.split(","):
                    # Toll setting has products x·y that MPS+AUX cannot hold: .blp (peers cannot read it).
                    path = os.path.join(work, "%s_%d_s%s.%s" % (name, size, seed, "blp" if name == "toll" else "aux"))
                    subprocess.run(
                        [a.bin, "generate", name, "--size", str(size), "--seed", seed, "-o", path], check=True
                    )
                    items.append(("%s_%d_s%s" % (name, size, seed), size, path))
            sets.append((name, items))
        else:
            sys.exit("bench.py: unknown set %s (models, shared, %s)" % (name, ", ".join(FAMILIES)))
    if a.only:
        sets = [(name, [i for i in items if re.search(a.only, i[0])]) for name, items in sets]
        sets = [(name, items) for name, items in sets if items]
        if not sets:
            sys.exit("bench.py: no instance matches --only %s" % a.only)

    records = []
    started = time.time()
    # --give-up: per (set, solver), the sizes seen and how many of their seeds it solved.
    solved_at, seen_at = {}, {}
    for set_name, items in sets:
        for name, size, path in items:
            results = {}
            for solver in solvers:
                if path.endswith(".blp") and solver in ("scip", "pao-fa"):
                    continue  # the peers read MPS+AUX only
                key = (set_name, solver)
                failed = [
                    z for z in seen_at.get(key, {}) if z < size and seen_at[key][z] and not solved_at[key].get(z)
                ]
                if a.give_up and set_name in FAMILIES and failed:
                    r = dict(status="skipped", objective=None, nodes=None, time=a.time_limit,
                             note="skipped: solved no seed of size %d" % min(failed))
                    r.update(time_median=a.time_limit, time_min=a.time_limit, time_max=a.time_limit, runs=0)
                    results[solver] = r
                    print("%-28s %-18s skipped (%s)" % (name, solver, r["note"]), file=sys.stderr, flush=True)
                    continue
                runs = []
                for k in range(a.runs):
                    if solver == "bilevel-branch":
                        r = ours(a, path, "auto", None)
                    elif solver == "bilevel-branch-1t":
                        r = ours(a, path, "auto", 1)
                    elif solver == "bilevel-cb-1t":
                        r = ours(a, path, "branch", 1)
                    elif solver == "bilevel-bigm":
                        r = ours(a, path, "bigm", None)
                    elif solver == "glpsol":
                        r = glpsol(a, path, work)
                    elif solver == "scip":
                        r = scip(a, path)
                    else:
                        r = pao(a, path)
                    runs.append(r)
                    if r["time"] > a.repeat_below:
                        break
                times = [r["time"] for r in runs]
                seen_at.setdefault(key, {}).setdefault(size, 0)
                seen_at[key][size] += 1
                solved_at.setdefault(key, {}).setdefault(size, 0)
                solved_at[key][size] += runs[-1]["status"] in SOLVED
                r = dict(runs[-1])
                r.update(time_median=statistics.median(times), time_min=min(times), time_max=max(times), runs=len(runs))
                results[solver] = r
                print(
                    "%-28s %-18s %-11s %-22s %8s %8.2fs x%d"
                    % (name, solver, r["status"], r["objective"], r["nodes"], r["time_median"], len(runs)),
                    file=sys.stderr,
                    flush=True,
                )
            ref, ref_status = None, None
            for solver in ("bilevel-branch", "bilevel-branch-1t", "scip"):
                if solver in results and results[solver]["status"] in SOLVED:
                    ref, ref_status = results[solver]["objective"], results[solver]["status"]
                    break
            for solver, r in results.items():
                records.append(
                    dict(
                        set=set_name,
                        instance=name,
                        size=size,
                        solver=solver,
                        status=r["status"],
                        objective=r["objective"],
                        nodes=r["nodes"],
                        time_median=round(r["time_median"], 4),
                        time_min=round(r["time_min"], 4),
                        time_max=round(r["time_max"], 4),
                        runs=r["runs"],
                        agrees=judge(r, ref, ref_status),
                        note=r.get("note", ""),
                    )
                )
    with open(os.path.join(a.out, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(records[0].keys()))
        w.writeheader()
        w.writerows(records)
    header = None
    write_report(records, [name for name, _ in sets], a, header, started)


def rerender(a):
    """Tables, targets and plot again from a results.csv (after a change to this report's code)."""
    with open(a.from_csv) as f:
        records = list(csv.DictReader(f))
    for r in records:
        r["size"] = int(r["size"])
        r["runs"] = int(r["runs"])
        for k in ("time_median", "time_min", "time_max"):
            r[k] = float(r[k])
        r["objective"] = float(r["objective"]) if r["objective"] not in ("", "None") else None
        r["nodes"] = r["nodes"] if r["nodes"] not in ("", "None") else None
    names = list(dict.fromkeys(r["set"] for r in records))
    old = os.path.join(os.path.dirname(os.path.abspath(a.from_csv)), "results.md")
    header = open(old).readline().rstrip("\n") if os.path.exists(old) else None
    os.makedirs(a.out, exist_ok=True)
    write_report(records, names, a, header, None)


def write_report(records, set_names, a, header, started):
    svg_plot(records, os.path.join(a.out, "time-vs-size.svg"), a.time_limit)
    cpu = ""
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
    except Exception:
        pass
    if header is None and started is None:
        # Re-rendered from a results.csv without its results.md: the run's settings are unknown here.
        header = "Re-rendered %s from %s (the run's own results.md, with its settings, was not beside it)." % (
            time.strftime("%Y-%m-%d"),
            a.from_csv,
        )
    if header is None:
        header = (
            "Measured %s on %s (%s, %d cores), time limit %gs, up to %d runs per solver (once when the first run "
            "exceeds %gs); wall times in seconds, process start to answer: median [min–max]. Total %.0f min."
            % (
                time.strftime("%Y-%m-%d"),
                platform.node() or "host",
                cpu,
                os.cpu_count(),
                a.time_limit,
                a.runs,
                a.repeat_below,
                (time.time() - started) / 60,
            )
        )
    md = [header, "", "#### Targets", ""] + targets(records, a) + [""]
    for set_name in set_names:
        md += [
            "#### %s" % set_name,
            "",
            "| instance | solver | status | objective | nodes | time | agrees | note |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in records:
            if r["set"] != set_name:
                continue
            obj = "" if r["objective"] is None else ("%.6g" % r["objective"])
            t = (
                "%.3f [%.3f–%.3f]" % (r["time_median"], r["time_min"], r["time_max"])
                if r["runs"] > 1
                else "%.3f (1 run)" % r["time_median"]
            )
            md.append(
                "| %s | %s | %s | %s | %s | %s | %s | %s |"
                % (
                    r["instance"],
                    r["solver"],
                    r["status"],
                    obj,
                    "" if r["nodes"] is None else r["nodes"],
                    t,
                    r["agrees"],
                    r["note"],
                )
            )
        md.append("")
    text = "\n".join(md)
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
