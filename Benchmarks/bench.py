#!/usr/bin/env python3
"""Benchmark table: bilevel (branch, bigm) against glpsol on the exported big-M MILP and SCIP with SOS1
on the KKT system (../shared/anchors/kkt_ref.py), over models/ and seeded generated families.

Usage (from the repository root, after `swift build -c release`):
  python3 Benchmarks/bench.py                                  # models/ + all families, default sizes
  python3 Benchmarks/bench.py --families interdiction --sizes interdiction=50,100 --time-limit 60
  python3 Benchmarks/bench.py --no-models --peers none --runs 3

Writes OUT/results.csv and OUT/results.md (one table per set) and prints the Markdown.
Times are wall-clock seconds of the whole process (start to answer), median over --runs.
A peer's answer is judged against the reference optimum (ours when certified, else SCIP's when
certified): "ok", "WRONG" (a claimed optimum that differs), or "-" (nothing claimed).
"""
import argparse, csv, json, math, os, platform, re, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_SIZES = {"random": [5, 10, 15, 20, 30, 40], "random-int": [5, 10, 15, 20], "interdiction": [50, 100, 200, 400]}


def run(cmd, timeout):
    t0 = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr, time.time() - t0
    except subprocess.TimeoutExpired:
        return "hang", "", "", time.time() - t0


def ours(binary, path, method, tl, threads):
    cmd = [binary, "solve", path, "--format", "json", "--time-limit", str(tl), "--method", method]
    if threads:
        cmd += ["--threads", str(threads)]
    code, out, err, wall = run(cmd, tl * 2 + 30)
    try:
        r = json.loads(out)
    except ValueError:
        return dict(status="error", objective=None, nodes=None, time=wall, note=(err or out)[:80])
    return dict(status=r["status"], objective=r["objective"], nodes=r["nodes"], time=wall,
                bound=r.get("bound"), note=r.get("big_m") or "")


def glpsol(binary, path, tl, work):
    mps = os.path.join(work, os.path.basename(path).replace(".aux", "") + ".bigm.mps")
    code, out, err, _ = run([binary, "reformulate", path, "-o", mps, "--form", "bigm"], 600)
    state = (err.strip().split(": ")[-1] if err else "?")
    sol = mps + ".sol"
    code, out, err, wall = run(["glpsol", "--freemps", mps, "--min", "--tmlim", str(int(tl)), "-o", sol], tl * 2 + 30)
    status, objective = "error", None
    if os.path.exists(sol):
        text = open(sol).read()
        m = re.search(r"Status:\s+(.*)", text)
        s = m.group(1).strip() if m else ""
        status = {"INTEGER OPTIMAL": "optimal", "INTEGER NON-OPTIMAL": "feasible", "INTEGER EMPTY": "infeasible",
                  "INTEGER UNDEFINED": "time_limit"}.get(s, s.lower() or "error")
        m = re.search(r"Objective:\s+\S+\s+=\s+(\S+)", text)
        if m and status in ("optimal", "feasible"):
            objective = float(m.group(1))
        os.remove(sol)
    elif "PROBLEM HAS NO PRIMAL FEASIBLE" in out or "NO PRIMAL" in out:
        status = "infeasible"
    return dict(status=status, objective=objective, nodes=None, time=wall, note="M " + state)


def scip(path, tl, kkt_ref):
    mps = path[:-4] + ".mps" if path.endswith(".aux") else path
    code, out, err, wall = run([sys.executable, kkt_ref, mps, "--aux", path, "--solver", "scip", "--time-limit", str(tl)], tl * 3 + 60)
    try:
        r = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return dict(status="error", objective=None, nodes=None, time=wall, note=(err or out)[-80:])
    return dict(status=r.get("status"), objective=r.get("objective"), nodes=r.get("nodes"), time=wall, note="")


def close(a, b):
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "bilevel"))
    ap.add_argument("--families", default="random,random-int,interdiction")
    ap.add_argument("--sizes", action="append", default=[], help="FAMILY=S1,S2,... (repeatable)")
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--methods", default="branch,bigm")
    ap.add_argument("--peers", default="glpsol,scip", help="glpsol,scip or none")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--no-models", action="store_true")
    ap.add_argument("--kkt-ref", default=os.path.join(ROOT, "..", "shared", "anchors", "kkt_ref.py"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-out"))
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        sys.exit("no executable at %s (swift build -c release)" % a.bin)
    sizes = dict(DEFAULT_SIZES)
    for spec in a.sizes:
        fam, vals = spec.split("=")
        sizes[fam] = [int(v) for v in vals.split(",")]
    peers = [] if a.peers == "none" else a.peers.split(",")
    if "scip" in peers and not os.path.exists(a.kkt_ref):
        print("kkt_ref.py not found; SCIP column skipped", file=sys.stderr)
        peers.remove("scip")
    os.makedirs(os.path.join(a.out, "instances"), exist_ok=True)

    sets = []
    if not a.no_models:
        idx = os.path.join(ROOT, "models", "INDEX.tsv")
        with open(idx) as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        sets.append(("models", [(r["file"][:-4], 0, os.path.join(ROOT, "models", r["file"])) for r in rows]))
    for fam in [f for f in a.families.split(",") if f]:
        items = []
        for size in sizes[fam]:
            for seed in a.seeds.split(","):
                path = os.path.join(a.out, "instances", "%s_%d_s%s.aux" % (fam, size, seed))
                subprocess.run([a.bin, "generate", fam, "--size", str(size), "--seed", seed, "-o", path], check=True)
                items.append(("%s_%d_s%s" % (fam, size, seed), size, path))
        sets.append((fam, items))

    solvers = [("bilevel-" + m, m) for m in a.methods.split(",")] + [(p, p) for p in peers]
    records = []
    for set_name, items in sets:
        for name, size, path in items:
            results = {}
            for label, kind in solvers:
                runs = []
                for _ in range(a.runs):
                    if kind in ("branch", "bigm", "auto"):
                        runs.append(ours(a.bin, path, kind, a.time_limit, a.threads))
                    elif kind == "glpsol":
                        runs.append(glpsol(a.bin, path, a.time_limit, os.path.join(a.out, "instances")))
                    else:
                        runs.append(scip(path, a.time_limit, a.kkt_ref))
                times = [r["time"] for r in runs]
                r = dict(runs[-1])
                r.update(time=statistics.median(times), tmin=min(times), tmax=max(times))
                results[label] = r
                print("%-28s %-16s %-11s %-22s %8s %8.2fs" % (name, label, r["status"], r["objective"], r["nodes"], r["time"]), file=sys.stderr)
            ref = None
            for label in ("bilevel-branch", "scip"):
                if label in results and results[label]["status"] == "optimal":
                    ref = results[label]["objective"]
                    break
            for label, r in results.items():
                claimed = r["status"] in ("optimal",)
                agree = "-" if ref is None or r["objective"] is None else ("ok" if close(r["objective"], ref) else ("WRONG" if claimed else "worse"))
                records.append(dict(set=set_name, instance=name, size=size, solver=label, status=r["status"],
                                    objective=r["objective"], nodes=r["nodes"], time_median=round(r["time"], 3),
                                    time_min=round(r["tmin"], 3), time_max=round(r["tmax"], 3), agrees=agree, note=r.get("note", "")))
    with open(os.path.join(a.out, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(records[0].keys()))
        w.writeheader()
        w.writerows(records)
    md = ["Machine: %s, %d cores; %s; time limit %gs; %d run(s), median wall time (process start to answer)."
          % (platform.node() or "host", os.cpu_count(), time.strftime("%Y-%m-%d"), a.time_limit, a.runs), ""]
    for set_name, _ in sets:
        md.append("### %s" % set_name)
        md.append("")
        md.append("| instance | solver | status | objective | nodes | time (s) | agrees | note |")
        md.append("|---|---|---|---|---|---|---|---|")
        for r in records:
            if r["set"] != set_name:
                continue
            obj = "" if r["objective"] is None else ("%.6g" % r["objective"])
            md.append("| %s | %s | %s | %s | %s | %.2f | %s | %s |" % (r["instance"], r["solver"], r["status"], obj,
                      "" if r["nodes"] is None else r["nodes"], r["time_median"], r["agrees"], r["note"]))
        md.append("")
    text = "\n".join(md)
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
