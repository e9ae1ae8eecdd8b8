"""Runs mutmut over the stable targets (all mutants, or every Nth) and prints the score per module.

    python bench/mutate.py [--every N | --every "label=N,..."] [--children N] [--report-only]
                           [--tests PATH,...] [module ...]

The targets and the tests are configured in pyproject.toml ([tool.mutmut]); this picks mutants by
name. The first run generates every mutant (and mutmut's test map) under mutants/. Do not edit
the sources while a run copies them there (its first minute): the copy would hold the edit.
`--tests` runs only these test paths instead of the configured selection (a module's own tests,
so mutmut's test map is built from a few files, not all of them); mutmut keeps its results per
selection, so a run with other tests than the last one starts its results afresh.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
# module label -> mutant name patterns
STABLE = {
    "one_rep_max": ["backend.workouts.one_rep_max.*"],
    "calories": ["backend.workouts.calories.*"],
    "importers": ["backend.workouts.importers.*"],
    "accounts: email codes and sessions": [
        "backend.accounts.authentication.*",
        "backend.accounts.sessions.*",
        *(
            f"backend.accounts.email_codes.x_{name}__mutmut_*"
            for name in (
                "_code_hash",
                "_email_code_issue",
                "_email_code_enqueue",
                "email_code_deliver",
                "_email_code_message",
                "_email_code_consume",
                "signup_start",
                "signup_confirm",
            )
        ),
    ],
    "log_sets and PR detection": ["backend.workouts.services.x_log_sets*", "*x__detect_prs*"],
    "plausibility": ["backend.workouts.plausibility.*"],
    "display": ["backend.workouts.display.*"],
    "effective_load": ["backend.workouts.effective_load.*"],
    "chat grammar": ["bot.lift_parser.*"],
}


# mutmut reads its test selection from pyproject.toml only; this runs it with the selection
# replaced by the paths in argv[1] (comma-separated) and mutmut's own arguments after them.
_WITH_TESTS = """
import sys
from dataclasses import replace
from mutmut import configuration
from mutmut.__main__ import cli
tests = sys.argv[1].split(",")
configuration._config = replace(configuration.config(), pytest_add_cli_args_test_selection=tests)
cli(sys.argv[2:], prog_name="mutmut")
"""


def mutmut(*args: str, tests: str = "") -> None:
    command = ["-c", _WITH_TESTS, tests] if tests else ["-m", "mutmut"]
    subprocess.run([sys.executable, *command, *args], cwd=ROOT, check=False)


def exit_codes() -> dict[str, int | None]:
    """Every generated mutant's last result (None: not run yet)."""
    found: dict[str, int | None] = {}
    for meta in MUTANTS.rglob("*.py.meta"):
        found.update(json.loads(meta.read_text())["exit_code_by_key"])
    return found


def matching(names: Iterable[str], patterns: list[str]) -> list[str]:
    """The names that match any of the patterns, sorted."""
    return sorted(n for n in names if any(fnmatch(n, p) for p in patterns))


def report(modules: dict[str, list[str]], chosen: set[str] | None) -> None:
    codes = exit_codes()
    print("| module | mutants run | killed | survived | other | score |")
    print("|---|---|---|---|---|---|")
    for label, patterns in modules.items():
        names = [n for n in matching(codes, patterns) if chosen is None or n in chosen]
        statuses = [status_by_exit_code[codes[n]] for n in names if codes[n] is not None]
        killed, survived = statuses.count("killed"), statuses.count("survived")
        other = len(statuses) - killed - survived
        score = f"{100 * killed / len(statuses):.0f}%" if statuses else "-"
        print(f"| {label} | {len(statuses)} | {killed} | {survived} | {other} | {score} |")
    for name in sorted(chosen or codes):
        if codes.get(name) is not None and status_by_exit_code[codes[name]] != "killed":
            print(f"  {status_by_exit_code[codes[name]]}: {name}")


def _every(spec: str, modules: dict[str, list[str]]) -> dict[str, int]:
    """The sampling step per module: one number for all, or label=N pairs (others: every one)."""
    if "=" not in spec:
        return dict.fromkeys(modules, int(spec))
    steps = dict.fromkeys(modules, 1)
    for pair in spec.split(","):
        label, _, step = pair.rpartition("=")
        if label.strip() not in steps:
            raise SystemExit(f"unknown module {label.strip()!r}: one of {list(modules)}")
        steps[label.strip()] = int(step)
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"labels of {list(STABLE)}")
    parser.add_argument(
        "--every",
        default="1",
        help='run every Nth mutant of each module: "5", or per module "display=4,chat grammar=20"',
    )
    parser.add_argument("--children", default="2", help="parallel mutmut workers")
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument(
        "--tests",
        default="",
        help="comma-separated test paths to run instead of pyproject's selection",
    )
    options = parser.parse_args()
    modules = {k: v for k, v in STABLE.items() if not options.modules or k in options.modules}
    if not exit_codes():  # generate the mutants (and run one) so there are names to pick from
        first = "backend.workouts.calories.x_energy*"
        mutmut("run", "--max-children", options.children, first, tests=options.tests)
    codes = exit_codes()
    every = _every(options.every, modules)
    chosen = {n for k, p in modules.items() for n in matching(codes, p)[:: every[k]]}
    if not options.report_only:
        mutmut("run", "--max-children", options.children, *sorted(chosen), tests=options.tests)
    report(modules, chosen)


if __name__ == "__main__":
    main()
