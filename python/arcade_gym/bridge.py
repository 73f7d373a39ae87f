"""The client side of `arcade serve`: one subprocess per space, JSON lines over its stdin/stdout."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Optional


class ArcadeError(RuntimeError):
    """A request Arcade refused (its message names the line, field and what is allowed), or a server that stopped."""


def repository_root() -> Optional[Path]:
    """The Arcade checkout: ARCADE_ROOT, else the first folder upwards (from the working directory, then
    from this package) that holds Package.swift and Workloads/spaces/."""
    if os.environ.get("ARCADE_ROOT"):
        return Path(os.environ["ARCADE_ROOT"]).resolve()
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            if (folder / "Package.swift").is_file() and (folder / "Workloads" / "spaces").is_dir():
                return folder
    return None


def arcade_binary() -> str:
    """ARCADE_BINARY, else the checkout's release build, else its debug build, else `arcade` on PATH."""
    if os.environ.get("ARCADE_BINARY"):
        value = os.environ["ARCADE_BINARY"]
        return str(Path(value).resolve()) if os.sep in value else value
    root = repository_root()
    if root is not None:
        for build in ("release", "debug"):
            candidate = root / ".build" / build / "arcade"
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    found = shutil.which("arcade")
    if found:
        return found
    raise ArcadeError("no arcade binary: build it (swift build -c release in the Arcade checkout), "
                      "or set ARCADE_BINARY to its path")


class ArcadeServer:
    """`arcade serve SPACE` in a subprocess. `request({"op": ...})` sends one line and returns the answer's
    fields; a refused request raises ArcadeError with Arcade's message."""

    def __init__(self, space: str, *, episode_length: int = 1, infeasible_reward: Optional[float] = None,
                 jobs: Optional[int] = None, binary: Optional[str] = None):
        command = [binary or arcade_binary(), "serve", str(space), "--episode-length", str(episode_length)]
        if infeasible_reward is not None:
            command += [f"--infeasible-reward={float(infeasible_reward)!r}"]     # '=': a negative value is not an option
        if jobs is not None:
            command += ["--jobs", str(jobs)]
        # Binary pipes, one write per request and no poll per request: a text-mode pipe and a
        # waitpid per round trip cost more than the server's own work (bench/python/bridge_overhead.py).
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self._reader = self.process.stdout
        try:
            self.space = self.request({"op": "spaces"})
        except ArcadeError:
            self.close()
            raise

    def request(self, message: dict) -> dict:
        try:
            self.process.stdin.write((json.dumps(message) + "\n").encode())
            self.process.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            raise ArcadeError(self._stopped()) from None
        line = self._reader.readline()
        if not line:
            raise ArcadeError(self._stopped())
        answer = json.loads(line)
        if not answer.get("ok"):
            error = answer.get("error", {})
            where = f"request {error.get('line')}" + (f", field '{error['field']}'" if error.get("field") else "")
            raise ArcadeError(f"{where}: {error.get('message')}")
        return answer

    def _stopped(self) -> str:
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        stderr = self.process.stderr.read().decode("utf-8", "replace").strip() if self.process.stderr else ""
        return f"arcade serve stopped (exit {self.process.returncode})" + (f": {stderr}" if stderr else "")

    def evaluate(self, points: list) -> list:
        return self.request({"op": "evaluate", "points": [list(map(int, p)) for p in points]})["results"]

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.request({"op": "close"})
            except ArcadeError:
                pass
            try:
                self.process.stdin.close()
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()

    def __enter__(self) -> "ArcadeServer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
