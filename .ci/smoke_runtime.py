"""Runtime smoke test, driven by `.ci/smoke_runtime.sh` with a venv built from requirements.txt.

Runs with that venv's python (standard library only): `python -m ml.predict` on one lift, then the
app started as `make run` starts it (migrate, seed_exercises, runserver; SQLite, eager Celery,
console email under a temporary SBD_VAR_DIR), then over HTTP with a cookie jar and CSRF as the
README's "Try it": sign up, confirm with the emailed code, log in, complete the profile, log a
set and read it back ranked, rank one lift with /api/calculate/. Prints one line per check and
`runtime smoke: N passed, N failed`; exits 1 if any check failed. Not a pytest module.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CSV_IN = "exercise,sex,age,bodyweight_kg,one_rm_kg\nbench-press,male,30,80,112.5\n"
EMAIL, PASSWORD = "smoke@example.com", "a long smoke passphrase"
START_TIMEOUT_S = 180.0


class Failed(Exception):
    """A check did not hold; the message says what was seen."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(var_dir: Path) -> dict[str, str]:
    """The embedded default of `make run`: nothing but a private var directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TELEGRAM_"))}
    for name in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "KERAS_BACKEND"):
        env.pop(name, None)
    return {**env, "SBD_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1"}


class Client:
    """JSON over HTTP with a cookie jar; sends the csrftoken cookie back as X-CSRFToken."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if method != "GET":
            request.add_header("X-CSRFToken", self.csrf())
            request.add_header("Referer", self.base + "/")
        try:
            with self.opener.open(request, timeout=60) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw[:300].decode(errors="replace")

    def expect(self, method: str, path: str, body: Any = None, *, status: int) -> Any:
        got, payload = self.call(method, path, body)
        if got != status:
            raise Failed(f"{method} {path}: HTTP {got} (expected {status}): {payload}")
        return payload


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Smoke:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.var_dir = work / "var"
        self.log_path = work / "server.log"
        self.port = free_port()
        self.client = Client(f"http://127.0.0.1:{self.port}")
        self.server: subprocess.Popen[bytes] | None = None
        self.passed = self.failed = 0

    def check(self, name: str, step: Callable[[], str]) -> bool:
        try:
            detail = step()
        except Failed as error:
            self.failed += 1
            print(f"FAIL {name}: {error}", flush=True)
            return False
        except Exception as error:  # a crash of the check itself is a failure too
            self.failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
            return False
        self.passed += 1
        print(f"ok   {name}: {detail}", flush=True)
        return True

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 15) -> str:
        return "\n".join("    | " + line for line in self.log().splitlines()[-lines:])

    # --- checks ---------------------------------------------------------------------------

    def predict_cli(self) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "ml.predict"],
            input=CSV_IN,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=server_env(self.var_dir),
            timeout=300,
        )
        if result.returncode != 0:
            raise Failed(f"exit {result.returncode}: {result.stderr.strip().splitlines()[-1:]}")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        percentile = rows[0].get("percentile", "") if len(rows) == 1 else ""
        if not re.fullmatch(r"\d+(\.\d+)?", percentile or ""):
            raise Failed(f"no percentile in the output: {result.stdout!r}")
        return f"bench-press 112.5 kg → percentile {percentile}"

    def start_server(self) -> str:
        env = server_env(self.var_dir)
        self.var_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            for command in (["migrate", "--noinput"], ["seed_exercises"]):
                done = subprocess.run(
                    [sys.executable, "manage.py", *command],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    timeout=300,
                )
                if done.returncode != 0:
                    why = f"manage.py {command[0]} exited {done.returncode}"
                    raise Failed(f"{why}\n{self.log_tail()}")
            self.server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise Failed(f"runserver exited {self.server.returncode}\n{self.log_tail()}")
            try:
                status, _ = self.client.call("GET", "/api/auth/csrf/")
            except OSError:
                status = 0
            if status == 200 and self.client.csrf():
                return f"migrate, seed_exercises, runserver on port {self.port}"
            time.sleep(0.5)
        why = f"no answer on port {self.port} within {START_TIMEOUT_S:.0f} s"
        raise Failed(f"{why}\n{self.log_tail()}")

    def sign_up(self) -> str:
        account = {"email": EMAIL, "password": PASSWORD}
        self.client.expect("POST", "/api/auth/signup/", account, status=202)
        code = None
        for _ in range(40):
            codes = re.findall(r"verification code: (\d{6})", self.log())
            if codes:
                code = codes[-1]
                break
            time.sleep(0.25)
        if code is None:
            raise Failed(f"no verification code in the server log\n{self.log_tail()}")
        self.client.expect(
            "POST", "/api/auth/signup/confirm/", {"email": EMAIL, "code": code}, status=201
        )
        self.client.expect("POST", "/api/auth/login/", account, status=200)
        return f"{EMAIL} confirmed with the emailed code and logged in"

    def complete_profile(self) -> str:
        wanted = {"sex": "male", "birth_date": "1995-06-15", "bodyweight_kg": 80.0}
        profile = self.client.expect("PATCH", "/api/profile/", wanted, status=200)
        seen = {key: profile.get(key) for key in wanted}
        if seen["bodyweight_kg"] is not None:
            seen["bodyweight_kg"] = float(seen["bodyweight_kg"])
        if seen != wanted:
            raise Failed(f"profile reads {seen}, expected {wanted}")
        return "male, born 1995-06-15, 80 kg"

    def log_a_set(self) -> str:
        body = {"exercise": "bench-press", "weight_kg": 100, "reps": 5}
        created = self.client.expect("POST", "/api/sets/", body, status=201)
        listing = self.client.expect("GET", "/api/sets/", status=200)
        rows = listing.get("results", listing) if isinstance(listing, dict) else listing
        row = next((r for r in rows if r.get("id") == created.get("id")), None)
        if row is None:
            raise Failed(f"set {created.get('id')} is not in GET /api/sets/: {listing}")
        if not (is_number(row.get("percentile")) and row.get("level")):
            raise Failed(
                f"the set is not ranked: percentile={row.get('percentile')!r},"
                f" level={row.get('level')!r}"
            )
        return f"bench-press 100 kg × 5 → percentile {row['percentile']}, level {row['level']}"

    def calculate(self) -> str:
        lift = {"exercise": "bench-press", "sex": "male", "age": 30, "bodyweight_kg": 80}
        query = urllib.parse.urlencode({**lift, "weight_kg": 100, "reps": 5})
        result = self.client.expect("GET", f"/api/calculate/?{query}", status=200)
        if not (is_number(result.get("percentile")) and result.get("level")):
            raise Failed(f"not ranked: {result}")
        return f"percentile {result['percentile']}, level {result['level']}"

    def quiet_log(self) -> str:
        if "Traceback" in self.log():
            at = self.log().index("Traceback")
            raise Failed(f"a traceback in the server log:\n{self.log()[at : at + 1500]}")
        return "no traceback in the server log"

    # --- run ------------------------------------------------------------------------------

    def stop_server(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        os.killpg(self.server.pid, signal.SIGTERM)
        try:
            self.server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait()

    def run(self) -> int:
        http_checks = [
            ("sign up, confirm, log in", self.sign_up),
            ("complete profile", self.complete_profile),
            ("a logged set is ranked", self.log_a_set),
            ("/api/calculate/ ranks", self.calculate),
            ("server log", self.quiet_log),
        ]
        self.check("python -m ml.predict", self.predict_cli)
        try:
            if self.check("app starts like make run", self.start_server):
                for name, step in http_checks:
                    self.check(name, step)
        finally:
            self.stop_server()
        self.failed += 2 + len(http_checks) - (self.passed + self.failed)  # never ran
        print(f"runtime smoke: {self.passed} passed, {self.failed} failed", flush=True)
        return 0 if self.failed == 0 else 1


def main() -> int:
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    return Smoke(work).run()


if __name__ == "__main__":
    sys.exit(main())
