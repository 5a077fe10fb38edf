"""The server under load: a fresh database, gunicorn with two workers in front of the app, and the faults
(`kill -9` of one worker, or of the whole server followed by a restart)."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
WORKERS = 2
# Each request names its kind in a header (people.KIND_HEADER); the access log notes it with the time the worker
# spent on the request, without the wait in the queue before it (gunicorn's %(D)s, in microseconds).
ACCESS_LOG_FORMAT = "%({x-loadtest-kind}i)s %(s)s %(D)s"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url: str, folder: Path) -> dict[str, str]:
    """The app's settings (diary/config.py) for the run.

    Registration is open so that each simulated person registers like a new user. The people share 127.0.0.1, so
    they come through DIARY_TRUST_PROXY with an X-Forwarded-For address each, as they would behind the reverse
    proxy of a deployment: otherwise the per-address limits on registering and logging in would refuse the 11th.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIARY_", "FLASK_"))}
    env.update(DATABASE_URL=database_url, SECRET_KEY=secrets.token_hex(32), DIARY_INSTANCE_PATH=str(folder),
               DIARY_REGISTRATION="open", DIARY_TRUST_PROXY="1", FLASK_APP="diary")
    return env


def flask(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([str(BIN / "flask"), "--app", "diary", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def fresh_database(env: dict[str, str]) -> None:
    """The schema only from the migrations, as on a real server. A PostgreSQL database is emptied first."""
    if not env["DATABASE_URL"].startswith("sqlite"):
        flask(env, "db", "downgrade", "base")
    flask(env, "db", "upgrade")


class Server:
    """One gunicorn, started and restarted on the same port so that the clients find it again."""

    def __init__(self, env: dict[str, str], folder: Path):
        self.env, self.port = env, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "gunicorn.log", "ab")
        self.access_log = folder / "access.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        """Start gunicorn as the README deploys it (--preload: the statistics libraries load once, before the
        fork) and wait until it answers; the seconds that took."""
        began = time.monotonic()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--preload", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
             "--error-logfile", "-", "--access-logfile", str(self.access_log),
             "--access-logformat", ACCESS_LOG_FORMAT, "diary.wsgi:app"],
            env=self.env, cwd=ROOT, stdout=self.log, stderr=self.log, start_new_session=True)
        self.wait_until_ready()
        return time.monotonic() - began

    def wait_until_ready(self, within: float = 120) -> None:
        give_up = time.monotonic() + within
        while time.monotonic() < give_up:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                if httpx.get(self.url + "/login", timeout=5).status_code == 200 and len(self.workers()) == WORKERS:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {within} s; see {self.log.name}")

    def app_times(self) -> dict[str, list[float]]:
        """Seconds a worker spent on each kind of request, from the access log."""
        times: dict[str, list[float]] = {}
        for line in self.access_log.read_text().splitlines():
            kind, _status, microseconds = line.split()
            times.setdefault(kind, []).append(int(microseconds) / 1e6)
        return times

    def workers(self) -> list[int]:
        """The master's child processes, from /proc (Linux)."""
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The second field (the command) may hold spaces and brackets: the parent's id follows the last ")".
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z" and int(fields[1]) == self.process.pid:
                children.append(int(entry.name))
        return children

    def kill_worker(self) -> int:
        """kill -9 one worker; the master notices and forks a new one."""
        victim = self.workers()[0]
        os.kill(victim, signal.SIGKILL)
        return victim

    def kill_all(self) -> None:
        """kill -9 the master and its workers, as a power cut or the OOM killer would."""
        workers = self.workers()
        os.kill(self.process.pid, signal.SIGKILL)
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        for pid in workers:  # reparented, so not ours to wait for: wait until they are gone
            while Path(f"/proc/{pid}").exists() and "Z" not in _state(pid):
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "Z"
    return stat[stat.rindex(")") + 2:].split()[0]
