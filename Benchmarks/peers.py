"""What the benchmark scripts need beyond this repository, checked once at their start.

- ../shared (beside the repository): the peer harnesses (anchors/kkt_ref.py, anchors/pao_run.py,
  anchors/bilevel_io.py) and the shared instances (instances/MANIFEST.tsv). It is the project's
  shared folder, not part of this repository.
- .venv-pao/ (inside the repository, git-ignored): the Python of the peers (PAO, Pyomo, SCIP via
  pyscipopt, HiGHS), created by Benchmarks/setup-peers.
- glpsol (Debian: glpk-utils), installed by Benchmarks/setup-peers.
A missing piece ends the script with a message saying what is missing, where it is expected and
how to get it, never a traceback.
"""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
VENV = os.path.join(ROOT, ".venv-pao")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
DEFAULT_BILEVEL = os.path.join(ROOT, ".build", "release", "bilevel")


def fail(script, lines):
    sys.exit("\n".join(["%s: %s" % (script, lines[0])] + ["  " + line for line in lines[1:]]))


def require_shared(script, shared, files, why):
    """Exits unless every one of `files` (relative to `shared`) exists."""
    missing = [f for f in files if not os.path.exists(os.path.join(shared, f))]
    if not missing:
        return
    where = os.path.abspath(shared)
    fail(
        script,
        [
            "the shared peer folder is missing or incomplete: %s not found in %s" % (", ".join(missing), where),
            "Needed for %s." % why,
            "It is the project's shared folder (anchors/ with the peer harnesses, instances/ with MANIFEST.tsv),",
            "not part of this repository. Put it, or a symlink to it, at %s" % where,
            "(beside the repository), or pass --shared DIR.",
        ],
    )


def require_venv(script, python, why):
    if os.path.exists(python):
        return
    fail(
        script,
        [
            "the peers' Python is missing: %s not found." % python,
            "Needed for %s. Create it with: Benchmarks/setup-peers" % why,
        ],
    )


def require_glpsol(script):
    if shutil.which("glpsol"):
        return
    fail(
        script,
        [
            "glpsol is not on PATH (needed for the glpsol column and by PAO).",
            "Install it with: Benchmarks/setup-peers (Debian package glpk-utils)",
        ],
    )


def ensure_bilevel(script, path):
    """The release binary: built here (`swift build -c release --product bilevel`) when the default
    path is asked for and missing; a missing non-default path is an error."""
    if os.path.exists(path):
        return
    if os.path.abspath(path) != DEFAULT_BILEVEL:
        fail(script, ["no executable at %s (pass --bin/--bilevel with a built bilevel)" % path])
    print("%s: building the release binary: swift build -c release --product bilevel" % script, file=sys.stderr)
    if subprocess.run(
        ["swift", "build", "-c", "release", "--product", "bilevel"], cwd=ROOT
    ).returncode != 0 or not os.path.exists(path):
        fail(script, ["could not build %s (swift build -c release --product bilevel failed)" % path])
