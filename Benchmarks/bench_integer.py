#!/usr/bin/env python3
"""Integer/mixed-follower benchmark: `bilevel` side by side with MibS 1.2, same machine, same run.

Usage (from the repository root, after `swift build -c release`):
  python3 Benchmarks/bench_integer.py --mibs /path/to/mibs               # all instances, 60 s each (hours)
  MIBS=/path/to/mibs python3 Benchmarks/bench_integer.py --sample 2 --time-limit 5   # quick look
  python3 Benchmarks/bench_integer.py --ours-threads 1 --out /tmp/int-1t         # fair 1-thread comparison
  python3 Benchmarks/bench_integer.py --solvers ours --family IBLP-FIS           # no MibS needed
  python3 Benchmarks/bench_integer.py --resume --out Benchmarks/results/DATE/integer   # continue a broken run
  python3 Benchmarks/bench_integer.py --report --out Benchmarks/results/DATE/integer   # only rewrite results.md

Instances: rows of ../shared/instances/MANIFEST.tsv with ll_vars_type integer or mixed and a numeric
known_opt (or infeasible/unbounded), outside expanded/. Families are the instance folders, except that
the GEN_FROM_60/<k>_ITEMS_1000_GEN folders are pooled into one GEN_FROM_60 family.
Solvers, one process at a time, interleaved per instance (ours, ours-expanded, mibs):
  ours           BIN solve FILE --format json --time-limit T [--threads N]   on the native file
  ours-expanded  the same on the expanded/ twin (explicit rewrite of an interdiction file), where one
                 exists; judged against the native file's known_opt; compared with MibS on the native file
  mibs           MIBS -Alps_instance X.mps -MibS_auxiliaryInfoFile X.aux -Alps_timeLimit T
                 (+ -MibS_inputFormat nameBased when a legacy AUX gives names); output parsed by
                 ../shared/anchors/mibs_run.py (imported). MibS is not part of this repository.
Wall time = the whole solver process, measured here in the same way for both (time.perf_counter);
a process still running at 2T+30 s is killed and counted as a timeout.
Verdicts: right, wrong, timeout, error, unsupported.
  ours right:  status optimal, verified true, |objective - known| <= 1e-6*max(1,|known|)
               (as ../shared/tools/check-instances); known infeasible/unbounded: the same status.
  MibS right:  status optimal, |Cost - known| <= 1e-4*max(1,|known|) (Cost printed with 6 digits).
  wrong: an optimum (or infeasibility) claimed that contradicts known_opt. timeout: time/node/memory limit,
  or a point without a certificate (ours "feasible"). unsupported: the solver refused the model.
Writes OUT/results.csv (one row per instance x solver, appended as it goes), OUT/results.meta.json,
OUT/results.md (header, per-family table, list of disagreements) and OUT/logs/ (output of runs that
were not right). Ctrl-C stops after writing what has been measured (the run cut short is not recorded);
--resume continues. Exit status: 0; 1 when ours gave a wrong answer (printed loudly at the end);
2 when ../shared, the bilevel binary or the MibS binary (if requested) is missing.
"""
import argparse, csv, datetime, json, math, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VARIANTS = ("ours", "ours-expanded")
FIELDS = ["instance", "family", "solver", "file", "known_opt", "status", "objective", "verdict", "wall_s",
          "nodes", "solver_time_s", "note"]
UNDECIDED = ("unknown", "time_limit", "node_limit", "memory_limit", "interrupted", "feasible")


def die(msg):
    print(f"bench_integer: {msg}", file=sys.stderr)
    sys.exit(2)


def stem(path):
    for ext in (".txt.1", ".aux", ".txt"):
        if path.endswith(ext):
            return path[:-len(ext)]
    return path


def family_of(path):
    d = os.path.dirname(path)
    m = re.match(r"(.*/GEN_FROM_60)(/|$)", d)
    return m.group(1) if m else d


def known_ok(k):
    if k in ("infeasible", "unbounded"):
        return True
    try:
        return math.isfinite(float(k))
    except ValueError:
        return False


def load_instances(shared):
    inst_dir = os.path.join(shared, "instances")
    with open(os.path.join(inst_dir, "MANIFEST.tsv"), newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    files = {r["file"] for r in rows}
    out = []
    for r in rows:
        p = r["file"]
        if p.startswith("expanded/") or r["ll_vars_type"] not in ("integer", "mixed"):
            continue
        known = r["known_opt"].strip()
        if not known_ok(known):
            continue
        twin = "expanded/" + stem(p) + ".aux"
        out.append(dict(path=p, family=family_of(p), known=known, mps=stem(p) + ".mps",
                        twin=twin if twin in files else None))
    return inst_dir, out


def sample(insts, n):
    by = {}
    for i in insts:
        by.setdefault(i["family"], []).append(i)
    res = []
    for fam in sorted(by):
        lst = sorted(by[fam], key=lambda i: i["path"])
        if n and n < len(lst):
            idx = [(len(lst) - 1) // 2] if n == 1 else sorted({round(k * (len(lst) - 1) / (n - 1)) for k in range(n)})
            lst = [lst[k] for k in idx]
        by[fam] = lst
    # round-robin over families, so that a partial run covers every family
    fams = sorted(by)
    for k in range(max((len(v) for v in by.values()), default=0)):
        for fam in fams:
            if k < len(by[fam]):
                res.append(by[fam][k])
    return res


def run(cmd, timeout, cwd=None):
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=timeout, cwd=cwd)
        if p.returncode == -signal.SIGINT:  # Ctrl-C reached the solver first: not a result, stop the run
            raise KeyboardInterrupt
        return p.returncode, p.stdout, p.stderr, time.perf_counter() - t0
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return "killed", out, "", time.perf_counter() - t0


def last_json(out):
    for line in reversed(out.strip().splitlines()):
        try:
            v = json.loads(line)
            if isinstance(v, dict):
                return v
        except ValueError:
            continue
    try:
        v = json.loads(out)
        return v if isinstance(v, dict) else None
    except ValueError:
        return None


def close(obj, known, rtol):
    try:
        obj = float(obj)
    except (TypeError, ValueError):
        return False
    return math.isfinite(obj) and abs(obj - float(known)) <= rtol * max(1.0, abs(float(known)))


def judge_claim(status, obj, known, rtol):
    """right/wrong for a solver that claims `status` (optimal/infeasible/unbounded/...)."""
    if known in ("infeasible", "unbounded"):
        return "right" if status == known else "wrong"
    if status != "optimal":
        return "wrong"
    return "right" if close(obj, known, rtol) else "wrong"


def run_ours(a, path, known):
    cmd = [a.bin, "solve", path, "--format", "json", "--time-limit", str(a.time_limit)]
    if a.threads:
        cmd += ["--threads", str(a.threads)]
    code, out, err, wall = run(cmd, a.time_limit * 2 + 30)
    rec = dict(wall_s=wall, status="", objective="", nodes="", solver_time_s="", note="")
    if code == "killed":
        rec.update(status="killed", verdict="timeout", note=f"killed at {a.time_limit * 2 + 30:g} s")
        return rec, out + err
    res = last_json(out)
    if res is None:
        msg = (err.strip() or out.strip()).splitlines()
        msg = msg[-1] if msg else ""
        msg = re.sub(r"^bilevel: \S+?:(\d+):\d+: error: ", r"line \1: ", msg)
        unsup = "not supported yet" in err
        rec.update(status="unsupported" if unsup else "error", verdict="unsupported" if unsup else "error",
                   note=f"exit {code}: {msg[:150]}")
        return rec, out + err
    st = res.get("status", "")
    if st == "interrupted":  # Ctrl-C: bilevel stops with its best point; not a result, stop the run
        raise KeyboardInterrupt
    rec.update(status=st, objective=res.get("objective", ""), nodes=res.get("nodes", ""),
               solver_time_s=res.get("time_s", ""))
    if st in UNDECIDED:
        rec["verdict"] = "timeout"
        if st == "feasible":
            rec["note"] = "a verified point, optimality not certified"
    else:
        v = judge_claim(st, res.get("objective"), known, 1e-6)
        if v == "right" and st == "optimal" and res.get("verified") is not True:
            v, rec["note"] = "error", f"optimal objective but verified={res.get('verified')}"
        rec["verdict"] = v
    return rec, out + err


def aux_is_name_based(aux):
    """A legacy AUX (N/M/LC/LR keys) whose LC entries are names needs -MibS_inputFormat nameBased."""
    try:
        toks = open(aux, errors="replace").read().split()
    except OSError:
        return False
    for k, t in enumerate(toks[:-1]):
        if t == "LC":
            return not re.fullmatch(r"[+-]?\d+", toks[k + 1])
    return False


def run_mibs(a, mps, aux, known, tmpdir):
    cmd = [a.mibs, "-Alps_instance", mps, "-MibS_auxiliaryInfoFile", aux, "-Alps_timeLimit", str(a.time_limit)]
    note = ""
    if aux_is_name_based(aux):
        cmd += ["-MibS_inputFormat", "nameBased"]
        note = "nameBased AUX; "
    code, out, err, wall = run(cmd, a.time_limit * 2 + 30, cwd=tmpdir)
    text = out + err
    r = a.mibs_parse(text)
    if "nodes" not in r:  # with partially processed nodes MibS prints two counts instead of one
        cnt = [int(x) for x in re.findall(r"Number of nodes (?:fully|partially) processed:\s+(\d+)", text)]
        if cnt:
            r["nodes"] = sum(cnt)
    st = r["status"]
    if code == "killed":
        st = "killed"
    elif code != 0 and st in ("unknown", "optimal"):
        st, r["error"] = "error", f"exit code {code}"
    if st == "infeasible" and re.search(r"time limit", text, re.I):
        st = "time_limit"  # no incumbent when the limit struck: not a claim of infeasibility
    rec = dict(wall_s=wall, status=st, objective=r.get("objective_printed", ""), nodes=r.get("nodes", ""),
               solver_time_s=r.get("search_wall_s", ""))
    if st in ("killed", "time_limit"):
        rec["verdict"] = "timeout"
    elif st == "unsupported":
        rec["verdict"] = "unsupported"
    elif st in ("error", "unknown"):
        rec["verdict"] = "error"
        if st == "unknown":
            note += f"no status in MibS's output (exit {code}); "
    else:
        rec["verdict"] = judge_claim(st, rec["objective"], known, 1e-4)
    if r.get("error"):
        note += "err: " + r["error"][:150] + "; "
    if r.get("gap_pct") is not None and rec["verdict"] == "timeout":
        note += f"gap%={r['gap_pct']}; "
    if code == "killed":
        note += f"killed at {a.time_limit * 2 + 30:g} s; "
    rec["note"] = note.strip("; ")
    return rec, text


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform
    return platform.processor() or "?"


def git(*args):
    try:
        return subprocess.run(["git", "-C", ROOT] + list(args), capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def default_shared():
    """../shared next to the repository root; in a linked git worktree, next to the main worktree."""
    cands = [os.path.join(ROOT, "..", "shared")]
    common = git("rev-parse", "--path-format=absolute", "--git-common-dir")
    if common:
        cands.append(os.path.join(os.path.dirname(os.path.dirname(common)), "shared"))
    for c in cands:
        if os.path.isdir(c):
            return c
    return cands[0]


def mibs_version(mibs):
    try:
        p = subprocess.run([mibs], capture_output=True, text=True, errors="replace", timeout=20,
                           stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    parts = []
    for pat in (r"^Version: *(.+)$", r"Alps Version: *(\S+)", r"Bcps Version: *(\S+)", r"Blis Version: *(\S+)",
                r"^Build Date: *(.+)$"):
        m = re.search(pat, p.stdout, re.M)
        if m:
            label = pat.split(":")[0].lstrip("^").replace(" Version", "").replace("Version", "MibS")
            parts.append(f"{label} {m.group(1).strip()}")
    return ", ".join(parts) or "(prints no version)"


def fnum(x, d=3):
    return "-" if x is None else f"{x:.{d}f}"


def median(xs):
    return statistics.median(xs) if xs else None


def write_md(a, meta, rows, path):
    res = {}
    for r in rows:
        res[(r["instance"], r["solver"])] = r
    insts = {}
    for r in rows:
        insts.setdefault(r["instance"], (r["family"], r["known_opt"]))
    have_mibs = any(r["solver"] == "mibs" for r in rows)
    L = []
    L.append(f"# Integer/mixed followers: bilevel vs MibS ({meta['date']})")
    L.append("")
    L.append(f"* machine: {meta['cpu']}, nproc {meta['nproc']}, {meta['kernel']}")
    L.append(f"* ours: `{meta['bin']}`, {meta['bilevel_version']}, commit {meta['commit']}")
    L.append(f"* ours threads: {meta['ours_threads']}")
    L.append(f"* MibS: `{meta['mibs']}` ({meta['mibs_version']}), threads: 1 (MibS 1.2 is serial)")
    L.append(f"* time limit: {meta['time_limit']:g} s per process; solvers {meta['solvers']}; "
             f"selection: {meta['selection']}")
    L.append(f"* runs: {len(rows)} in {meta['sessions']} session(s); this session {meta['elapsed_s']:.0f} s "
             f"elapsed; one process at a time, per instance ours, ours-expanded, mibs")
    wrong = [r for r in rows if r["solver"] in VARIANTS and r["verdict"] == "wrong"]
    if wrong:
        L.append("")
        L.append(f"**!!! OURS WRONG on {len(wrong)} run(s): "
                 + ", ".join(f"`{r['file']}`" for r in wrong) + " !!!**")
    L.append("")
    L.append("Verdicts: ours right = optimal, verified, objective within 1e-6 relative (floor 1) of known_opt; "
             "MibS right = optimal, printed Cost within 1e-4 relative. `[expanded]` rows: ours on the explicit "
             "`expanded/` twin, MibS on the native file, both judged against the native known_opt. Times: wall "
             "clock of the solver process, medians over the instances both solve (right; with one solver only: "
             "over those it solves); ratio = median of per-instance ours/MibS.")
    L.append("")
    L.append("## (a) Per family")
    L.append("")
    hdr = ["family", "n", "ours right", "MibS right", "ours wrong", "MibS wrong", "ours timeout", "MibS timeout",
           "ours err/unsup", "MibS err/unsup", "both right", "median wall ours (s)", "median wall MibS (s)",
           "median ratio ours/MibS", "more solved than MibS?", "median time ≤ MibS?"]
    L.append("| " + " | ".join(hdr) + " |")
    L.append("|" + "---|" * len(hdr))
    fams = sorted({f for f, _ in insts.values()})

    def pick(n, var):  # "best": ours on the expanded twin where one was run, else on the native file
        if var == "best":
            return res.get((n, "ours-expanded")) or res.get((n, "ours"))
        return res.get((n, var))

    def line(label, names, var):
        # the instances both sides ran (one side only when the other has no result in this folder at all)
        have_var = any(r["solver"] == var.replace("best", "ours") for r in rows)
        if not have_var and (var != "ours" or not have_mibs):
            return None
        pairs = []
        for n in names:
            o, m = pick(n, var), res.get((n, "mibs"))
            if (o is None and have_var) or (m is None and have_mibs):
                continue
            pairs.append((o, m))
        if not pairs:
            return None
        cnt = lambda rs, v: sum(1 for r in rs if r is not None and r["verdict"] in v)
        os_, ms = [p[0] for p in pairs], [p[1] for p in pairs]
        both = [(float(o["wall_s"]), float(m["wall_s"])) for o, m in pairs
                if o is not None and m is not None and o["verdict"] == "right" and m["verdict"] == "right"]
        mo, mm = median([b[0] for b in both]), median([b[1] for b in both])
        ratio = median([b[0] / b[1] for b in both if b[1] > 0])
        if not (have_var and have_mibs):  # one solver only: its own median over what it solves
            mo = median([float(o["wall_s"]) for o in os_ if o is not None and o["verdict"] == "right"])
            mm = median([float(m["wall_s"]) for m in ms if m is not None and m["verdict"] == "right"])
        orr, mr = cnt(os_, ("right",)), cnt(ms, ("right",))
        d_m = lambda x: x if have_mibs else "-"
        d_o = lambda x: x if have_var else "-"
        both_ok = have_var and have_mibs
        more = ("yes" if orr > mr else "tie" if orr == mr else "no") if both_ok else "-"
        faster = ("yes" if mo <= mm else "no") if both_ok and both else "-"
        cells = [label, len(pairs), d_o(orr), d_m(mr), d_o(cnt(os_, ("wrong",))), d_m(cnt(ms, ("wrong",))),
                 d_o(cnt(os_, ("timeout",))), d_m(cnt(ms, ("timeout",))),
                 d_o(f"{cnt(os_, ('error',))}/{cnt(os_, ('unsupported',))}"),
                 d_m(f"{cnt(ms, ('error',))}/{cnt(ms, ('unsupported',))}"), len(both) if both_ok else "-",
                 fnum(mo), fnum(mm), fnum(ratio, 2), more, faster]
        if cells[4] not in (0, "-"):
            cells[4] = f"**{cells[4]}**"
        return "| " + " | ".join(str(c) for c in cells) + " |"

    for fam in fams:
        names = sorted(n for n, (f, _) in insts.items() if f == fam)
        for var, label in (("ours", fam), ("ours-expanded", fam + " [expanded]")):
            s = line(label, names, var)
            if s:
                L.append(s)
    for var, label in (("ours", "**all**"), ("ours-expanded", "**all [expanded]**"),
                       ("best", "**all (ours on the expanded twin where one exists)**")):
        s = line(label, sorted(insts), var)
        if s:
            L.append(s)
    L.append("")
    tot = {}
    for r in rows:
        tot.setdefault(r["solver"], [0, 0.0])
        tot[r["solver"]][0] += 1
        tot[r["solver"]][1] += float(r["wall_s"])
    L.append("Total wall time: " + "; ".join(f"{s} {t[1]:.1f} s over {t[0]} runs" for s, t in sorted(tot.items())))
    L.append("")
    L.append("## (b) Disagreements: a wrong answer, or exactly one of the two solves"
             + ("" if have_mibs else " (no MibS results: every run of ours that is not right)"))
    L.append("")
    hdr = ["instance", "ours run", "known_opt", "ours status", "ours objective", "ours wall (s)", "ours verdict",
           "MibS status", "MibS Cost", "MibS wall (s)", "MibS verdict", "notes"]
    L.append("| " + " | ".join(hdr) + " |")
    L.append("|" + "---|" * len(hdr))
    nlist, twin_unsup = 0, []
    for n in sorted(insts):
        m = res.get((n, "mibs"))
        for var in VARIANTS:
            o = res.get((n, var))
            if o is None:
                continue
            if m is not None:
                vs = (o["verdict"], m["verdict"])
                show = "wrong" in vs or (vs[0] == "right") != (vs[1] == "right")
            else:
                show = not have_mibs and o["verdict"] != "right"
            if show and var == "ours" and o["verdict"] == "unsupported" and (n, "ours-expanded") in res:
                twin_unsup.append(n)
                continue
            if not show:
                continue
            nlist += 1
            ov = f"**{o['verdict'].upper()}**" if o["verdict"] == "wrong" else o["verdict"]
            mv = "" if m is None else (f"**{m['verdict'].upper()}**" if m["verdict"] == "wrong" else m["verdict"])
            notes = "; ".join(x for x in (o["note"] and "ours: " + o["note"], m and m["note"] and "MibS: " + m["note"])
                              if x)
            cells = [f"`{n}`", var, o["known_opt"], o["status"], o["objective"], fnum(float(o["wall_s"])), ov,
                     m["status"] if m else "", m["objective"] if m else "", fnum(float(m["wall_s"])) if m else "",
                     mv, notes.replace("|", "/")]
            L.append("| " + " | ".join(str(c) for c in cells) + " |")
    if not nlist:
        L.append("| (none) |" + " |" * (len(hdr) - 1))
    L.append("")
    if twin_unsup:
        L.append(f"Not listed: {len(twin_unsup)} native file(s) that ours refused (unsupported, e.g. IC/IB "
                 "interdiction keys) while MibS solved them; ours ran their `expanded/` twin instead "
                 "(`ours-expanded` rows above when it disagrees with MibS).")
        L.append("")
    with open(path, "w") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "bilevel"),
                    help="the bilevel executable (default: .build/release/bilevel of this repository)")
    ap.add_argument("--mibs", default=os.environ.get("MIBS"), help="the MibS executable (default: $MIBS)")
    ap.add_argument("--shared", default=None,
                    help="the shared folder with instances/ and anchors/ (default: ../shared of the repository, "
                         "or of its main worktree)")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per process (default 60)")
    ap.add_argument("--filter", default="", help="only instances whose path (or expanded twin) contains this")
    ap.add_argument("--family", default="", help="only families whose name contains this")
    ap.add_argument("--sample", type=int, default=0, help="N instances per family, evenly spaced in path order")
    ap.add_argument("--solvers", default="ours,mibs", help="comma list of ours, mibs (default both)")
    ap.add_argument("--threads", "--ours-threads", dest="threads", type=int, default=None,
                    help="--threads N for ours (default: ours' default, all cores); MibS is single-threaded")
    ap.add_argument("--out", default=None, help="output folder (default Benchmarks/results/<date>/integer)")
    ap.add_argument("--resume", action="store_true", help="skip instance x solver runs already in OUT/results.csv")
    ap.add_argument("--report", action="store_true", help="only rewrite OUT/results.md from OUT/results.csv")
    a = ap.parse_args()
    if a.report:
        out = os.path.abspath(a.out or os.path.join(HERE, "results", datetime.date.today().isoformat(), "integer"))
        try:
            with open(os.path.join(out, "results.csv"), newline="") as f:
                rows = list(csv.DictReader(f))
            meta = json.load(open(os.path.join(out, "results.meta.json")))
        except OSError as e:
            die(f"--report: {e}")
        write_md(a, meta, rows, os.path.join(out, "results.md"))
        print(f"bench_integer: wrote {os.path.join(out, 'results.md')}")
        return 0

    solvers = [s.strip() for s in a.solvers.split(",") if s.strip()]
    if not solvers or any(s not in ("ours", "mibs") for s in solvers):
        die(f"--solvers takes ours and/or mibs, got {a.solvers!r}")
    if not (a.time_limit > 0):
        die("--time-limit must be positive")
    if a.threads is not None and a.threads < 1:
        die("--threads must be at least 1")
    shared = os.path.abspath(a.shared or default_shared())
    if not os.path.isfile(os.path.join(shared, "instances", "MANIFEST.tsv")):
        die(f"no {os.path.join(shared, 'instances', 'MANIFEST.tsv')}: the shared instances are missing "
            "(expected ../shared next to the repository; use --shared DIR)")
    if "ours" in solvers:
        a.bin = os.path.abspath(a.bin)
        if not os.access(a.bin, os.X_OK):
            die(f"no executable at {a.bin} (build with `swift build -c release`, or pass --bin)")
    if "mibs" in solvers:
        if not a.mibs:
            die("MibS binary not given: pass --mibs PATH or set $MIBS (or run with --solvers ours)")
        found = a.mibs if os.sep in a.mibs else shutil.which(a.mibs)
        if not found or not os.path.isfile(found) or not os.access(found, os.X_OK):
            die(f"MibS binary not found or not executable: {a.mibs} (or run with --solvers ours)")
        a.mibs = os.path.abspath(found)
        anchors = os.path.join(shared, "anchors")
        sys.path.insert(0, anchors)
        try:
            import mibs_run
        except Exception as e:  # mibs_run needs numpy and bilevel_io
            die(f"cannot import {anchors}/mibs_run.py (MibS output parser): {e.__class__.__name__}: {e}")
        a.mibs_parse = mibs_run.parse_mibs_output

    inst_dir, insts = load_instances(shared)
    insts = [i for i in insts if a.family in i["family"]]
    if a.filter:
        insts = [i for i in insts if a.filter in i["path"] or (i["twin"] and a.filter in i["twin"])]
    insts = sample(insts, a.sample)
    if not insts:
        die("no instance selected")

    out = os.path.abspath(a.out or os.path.join(HERE, "results", datetime.date.today().isoformat(), "integer"))
    os.makedirs(os.path.join(out, "logs"), exist_ok=True)
    csv_path, meta_path = os.path.join(out, "results.csv"), os.path.join(out, "results.meta.json")
    ours_threads = f"--threads {a.threads}" if a.threads else f"default (all cores; nproc {os.cpu_count()})"
    rows, sessions = [], 1
    if a.resume and os.path.exists(csv_path):
        with open(csv_path, newline="") as f:
            rows = list(csv.DictReader(f))
        if os.path.exists(meta_path):
            old = json.load(open(meta_path))
            for key, now in (("time_limit", a.time_limit), ("ours_threads", ours_threads)):
                if old.get(key) != now and rows:
                    die(f"--resume: {out} was run with {key} = {old.get(key)!r}, not {now!r}")
            sessions = old.get("sessions", 1) + 1
    done = {(r["instance"], r["solver"]) for r in rows}
    commit = git("rev-parse", "HEAD")
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " (+ uncommitted changes)"
    ver = ""
    if "ours" in solvers:
        try:
            ver = subprocess.run([a.bin, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            ver = "?"
    meta = dict(date=datetime.datetime.now().isoformat(timespec="seconds"), cpu=cpu_model(), nproc=os.cpu_count(),
                kernel=os.uname().release, commit=commit, bin=a.bin if "ours" in solvers else "-",
                bilevel_version="bilevel " + ver if ver else "-", ours_threads=ours_threads,
                mibs=a.mibs if "mibs" in solvers else "-",
                mibs_version=mibs_version(a.mibs) if "mibs" in solvers else "-",
                time_limit=a.time_limit, solvers=",".join(solvers), sessions=sessions,
                selection=f"filter={a.filter!r} family={a.family!r} sample={a.sample or 'all'}: {len(insts)} instances",
                elapsed_s=0.0)
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)
    print(f"bench_integer: {len(insts)} instances, solvers {','.join(solvers)}, time limit {a.time_limit:g} s, "
          f"ours threads {ours_threads}, out {out}", flush=True)

    new = not (a.resume and os.path.exists(csv_path))
    fh = open(csv_path, "w" if new else "a", newline="")
    w = csv.DictWriter(fh, fieldnames=FIELDS)
    if new:
        w.writeheader()
    t_start = time.time()
    tmpdir = tempfile.mkdtemp(prefix="bench_integer_")
    try:
        for k, inst in enumerate(insts, 1):
            jobs = []
            if "ours" in solvers:
                jobs.append(("ours", inst["path"]))
                if inst["twin"]:
                    jobs.append(("ours-expanded", inst["twin"]))
            if "mibs" in solvers:
                jobs.append(("mibs", inst["path"]))
            for solver, rel in jobs:
                if (inst["path"], solver) in done:
                    continue
                full = os.path.join(inst_dir, rel)
                if solver == "mibs":
                    rec, log = run_mibs(a, os.path.join(inst_dir, inst["mps"]), full, inst["known"], tmpdir)
                else:
                    rec, log = run_ours(a, full, inst["known"])
                rec.update(instance=inst["path"], family=inst["family"], solver=solver, file=rel,
                           known_opt=inst["known"])
                rec["wall_s"] = f"{rec['wall_s']:.4f}"
                if isinstance(rec["objective"], float):
                    rec["objective"] = repr(rec["objective"])
                w.writerow({f: rec.get(f, "") for f in FIELDS})
                fh.flush()
                rows.append({f: str(rec.get(f, "")) for f in FIELDS})
                if rec["verdict"] != "right":
                    name = re.sub(r"[^A-Za-z0-9._-]+", "_", rel) + "." + solver + ".log"
                    with open(os.path.join(out, "logs", name), "w") as lf:
                        lf.write(log)
                flag = "  <<< WRONG" if rec["verdict"] == "wrong" else ""
                print(f"[{k}/{len(insts)}] {solver:13s} {rec['verdict']:11s} {float(rec['wall_s']):8.3f}s "
                      f"{rel}  status={rec['status']} obj={rec['objective']} known={inst['known']}{flag}", flush=True)
    except KeyboardInterrupt:
        print("\nbench_integer: interrupted; rerun with --resume to continue", file=sys.stderr)
    finally:
        fh.close()
        shutil.rmtree(tmpdir, ignore_errors=True)
        meta["elapsed_s"] = time.time() - t_start
        with open(meta_path, "w") as f:
            json.dump(meta, f, indent=1)
        write_md(a, meta, rows, os.path.join(out, "results.md"))
        print(f"bench_integer: wrote {csv_path} and {os.path.join(out, 'results.md')}")
    wrong = [r for r in rows if r["solver"] in VARIANTS and r["verdict"] == "wrong"]
    if wrong:
        bar = "!" * 100
        msg = [bar, f"!!! OURS WRONG on {len(wrong)} run(s):"]
        msg += [f"!!!   {r['file']}: status {r['status']}, objective {r['objective']}, known {r['known_opt']}"
                for r in wrong]
        msg.append(bar)
        print("\n".join(msg))
        print("\n".join(msg), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
