"""Run a real Neo4j Community server assembled from Maven Central jars.

The jars come from ``scripts/neo4j-pom/pom.xml`` (resolved once with Maven into a cache
folder); each server lives in its own *home* folder with its own ``neo4j.conf``
and data, listens on 127.0.0.1 only, on free ports, with authentication on and
a generated password. The JVM is started directly (``CommunityEntryPoint``)
rather than through Neo4j's bootloader so there is exactly one process to
track, signal and kill.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from graphbuild.export.files import ARRAY_DELIMITER

REPO_ROOT = Path(__file__).resolve().parent.parent
POM_PATH = REPO_ROOT / "scripts" / "neo4j-pom" / "pom.xml"
DEFAULT_CACHE_DIR = REPO_ROOT / ".cache" / "neo4j"
DEFAULT_HOME = DEFAULT_CACHE_DIR / "server"

USER = "neo4j"
SERVER_MAIN = "org.neo4j.server.CommunityEntryPoint"
ADMIN_MAIN = "org.neo4j.server.startup.Neo4jAdminCommand"
HOME_SUBDIRS = ("conf", "data", "logs", "plugins", "import", "run")

# Neo4j 5.26's shipped neo4j.conf `server.jvm.additional` lines, minus
# -XX:+AlwaysPreTouch (it commits the whole heap up front, which only slows
# the start of a small test server). The bootloader adds nothing beyond these,
# -Dfile.encoding and the heap flags (checked with `neo4j console --dry-run`).
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
)

# Neo4j 5.26 waits 5 s for the Bolt thread pool and 5 s for Bolt connections
# on every shutdown, even when idle; these internal settings cut a clean stop
# from ~10 s to ~2 s.
_FAST_SHUTDOWN = (
    "internal.server.bolt.thread_pool_shutdown_wait_time=1s",
    "internal.server.bolt.connection_shutdown_wait_time=1s",
)

_MARKER = ".complete"
_TAIL_CHARS = 4000

# Servers started by this process, so stop/kill can reap them (a zombie child
# would otherwise look alive to os.kill(pid, 0)).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


class Neo4jServerError(Exception):
    """Maven, neo4j-admin or the server itself failed."""


@dataclass(frozen=True)
class ServerInfo:
    home: Path
    bolt_uri: str
    http_url: str
    user: str
    password: str
    pid: int


# ---------------------------------------------------------------- jars


def neo4j_version() -> str:
    """The Neo4j version pinned in ``scripts/neo4j-pom/pom.xml``."""
    match = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM_PATH.read_text())
    if match is None:
        raise Neo4jServerError(f"no <neo4j.version> in {POM_PATH}")
    return match.group(1).strip()


def ensure_jars(cache_dir: Path = DEFAULT_CACHE_DIR) -> Path:
    """Return ``cache_dir/lib`` holding every server jar, running Maven only once.

    A marker file records the pom's hash, so editing the pom (e.g. a version
    bump) triggers a fresh download; a failed or interrupted run leaves no
    marker and is retried next time.
    """
    cache_dir = Path(cache_dir).resolve()
    lib = cache_dir / "lib"
    pom_hash = _pom_hash()
    if _marker_matches(lib, pom_hash):
        return lib
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _file_lock(cache_dir / ".lock"):
        if _marker_matches(lib, pom_hash):
            return lib
        staging = cache_dir / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        _run_maven(staging)
        shutil.rmtree(lib, ignore_errors=True)
        staging.rename(lib)
        (lib / _MARKER).write_text(pom_hash + "\n")
    return lib


def _pom_hash() -> str:
    if not POM_PATH.is_file():
        raise Neo4jServerError(f"Maven pom not found at {POM_PATH}")
    return hashlib.sha256(POM_PATH.read_bytes()).hexdigest()


def _marker_matches(lib: Path, pom_hash: str) -> bool:
    marker = lib / _MARKER
    return marker.is_file() and marker.read_text().strip() == pom_hash


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Serialise concurrent ensure_jars calls (e.g. parallel test workers)."""
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_maven(output_dir: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jServerError("mvn not found on PATH; install Maven to fetch the Neo4j jars")
    cmd = [
        mvn,
        "-q",
        "-B",
        "-Dstyle.color=never",
        "-f",
        str(POM_PATH),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={output_dir}",
    ]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0:
        raise Neo4jServerError(
            f"mvn failed (exit {proc.returncode}) fetching Neo4j jars:\n" + _tail(proc.stdout + proc.stderr)
        )


# ---------------------------------------------------------------- server


def start_server(
    home: Path,
    *,
    password: str | None = None,
    heap: str = "512m",
    pagecache: str = "256m",
    timeout: float = 120,
    cache_dir: Path = DEFAULT_CACHE_DIR,
    settings: Mapping[str, str] | None = None,
) -> ServerInfo:
    """Start a server in ``home`` and return once Bolt accepts the credentials.

    ``settings`` are extra ``neo4j.conf`` lines (e.g. a lock timeout or a Bolt TLS
    policy for fault tests); paths in them are relative to ``home``.

    The password is fixed when the server's system database is first created
    (a fresh home). Later starts of the same home reuse the stored password;
    passing a different one then is an error, because Neo4j ignores
    ``set-initial-password`` once the system database exists.
    """
    home = Path(home).resolve()
    if server_info(home) is not None:
        raise Neo4jServerError(f"a Neo4j server is already running in {home}")
    lib = ensure_jars(cache_dir)
    for sub in HOME_SUBDIRS:
        (home / sub).mkdir(parents=True, exist_ok=True)
    bolt_port, http_port = _free_ports(2)
    _write_conf(
        home, bolt_port=bolt_port, http_port=http_port, heap=heap, pagecache=pagecache, settings=settings
    )
    password = _initial_password(home, lib, password)
    proc = _spawn_server(home, lib, heap)
    info = ServerInfo(
        home=home,
        bolt_uri=f"bolt://127.0.0.1:{bolt_port}",
        http_url=f"http://127.0.0.1:{http_port}",
        user=USER,
        password=password,
        pid=proc.pid,
    )
    try:
        _wait_until_ready(info, proc, timeout)
    except BaseException:
        _terminate(proc.pid, signal.SIGKILL, timeout=10)
        raise
    _write_private_json(_server_json(home), _info_to_json(info))
    return info


def stop_server(home: Path, timeout: float = 60) -> None:
    """SIGTERM the server (clean shutdown), SIGKILL it after ``timeout`` seconds."""
    home = Path(home).resolve()
    info = _read_info(home)
    if info is not None and _server_alive(info.pid):
        if not _terminate(info.pid, signal.SIGTERM, timeout):
            if not _terminate(info.pid, signal.SIGKILL, timeout=10):
                raise Neo4jServerError(f"Neo4j server pid {info.pid} did not die")
    _server_json(home).unlink(missing_ok=True)


def kill_server(home: Path) -> None:
    """SIGKILL the server at once, as a crash would.

    ``run/server.json`` is left behind like after a real crash; ``server_info``
    reports None for it and the next ``start_server`` overwrites it.
    """
    info = _read_info(Path(home).resolve())
    if info is not None and _server_alive(info.pid):
        _terminate(info.pid, signal.SIGKILL, timeout=10)


def server_info(home: Path) -> ServerInfo | None:
    """The running server's info, or None if none is recorded or its pid is gone."""
    info = _read_info(Path(home).resolve())
    if info is None or not _server_alive(info.pid):
        return None
    return info


def run_admin(
    home: Path, *args: str, cache_dir: Path = DEFAULT_CACHE_DIR, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``neo4j-admin ARGS`` against ``home``'s configuration and data.

    Raises Neo4jServerError (with the command's output) on a non-zero exit.
    """
    home = Path(home).resolve()
    cmd = _admin_command(home, ensure_jars(cache_dir), args)
    proc = subprocess.run(
        cmd,
        env=_neo4j_env(home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise Neo4jServerError(
            f"neo4j-admin {' '.join(args)} failed (exit {proc.returncode}):\n"
            + _tail(proc.stdout + proc.stderr)
        )
    return proc


def import_command(import_dir: Path, database: str = "neo4j", report_file: Path | None = None) -> list[str]:
    """``neo4j-admin`` arguments that bulk-load a build's ``neo4j-import/`` CSVs into
    ``database`` (replacing it): every node file, then every relationship file, sorted,
    with the array delimiter of their ``string[]`` columns."""
    import_dir = Path(import_dir).resolve()
    args = ["database", "import", "full", database, "--overwrite-destination"]
    args.append(f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}")
    args += [f"--nodes={path}" for path in sorted(import_dir.glob("nodes_*.csv"))]
    args += [f"--relationships={path}" for path in sorted(import_dir.glob("rels_*.csv"))]
    if report_file is not None:
        args.append(f"--report-file={Path(report_file).resolve()}")
    return args


def import_csvs(
    home: Path, import_dir: Path, database: str = "neo4j", cache_dir: Path = DEFAULT_CACHE_DIR
) -> subprocess.CompletedProcess[str]:
    """Bulk-load a build's CSVs into the (stopped) server at ``home`` with neo4j-admin;
    neo4j-admin's import report goes to ``home/import.report``."""
    if server_info(home) is not None:
        raise Neo4jServerError(f"the server at {home} is running; stop it before a bulk import")
    report = Path(home) / "import.report"
    return run_admin(home, *import_command(import_dir, database, report), cache_dir=cache_dir)


def server_command(home: Path, lib: Path, heap: str = "512m") -> list[str]:
    """The java command line that runs the server for ``home``."""
    return [
        _java(),
        "-cp",
        f"{lib}/*",
        *JVM_OPTIONS,
        "-Dfile.encoding=UTF-8",
        f"-Xms{heap}",
        f"-Xmx{heap}",
        SERVER_MAIN,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
    ]


def generate_password() -> str:
    """32 letters and digits: strong, and never mistaken for a CLI option."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


# ---------------------------------------------------------------- helpers


def _free_ports(count: int) -> list[int]:
    """Ports the kernel hands out for port 0, all held open until chosen so they differ."""
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) for _ in range(count)]
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in socks]


def _write_conf(
    home: Path,
    *,
    bolt_port: int,
    http_port: int,
    heap: str,
    pagecache: str,
    settings: Mapping[str, str] | None = None,
) -> None:
    lines = [
        "# Written by graphbuild.neo4j_server on every start; edits are overwritten.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
        f"server.bolt.advertised_address=127.0.0.1:{bolt_port}",
        "server.http.enabled=true",
        f"server.http.listen_address=127.0.0.1:{http_port}",
        f"server.http.advertised_address=127.0.0.1:{http_port}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        f"server.memory.heap.initial_size={heap}",
        f"server.memory.heap.max_size={heap}",
        f"server.memory.pagecache.size={pagecache}",
        "dbms.usage_report.enabled=false",
        *_FAST_SHUTDOWN,
        *(f"server.jvm.additional={opt}" for opt in JVM_OPTIONS),
        *(f"{key}={value}" for key, value in (settings or {}).items()),
    ]
    (home / "conf" / "neo4j.conf").write_text("\n".join(lines) + "\n")


def _credentials_path(home: Path) -> Path:
    return home / "conf" / "credentials.json"


def _initial_password(home: Path, lib: Path, password: str | None) -> str:
    """Set the password on a fresh home, or return the one it was created with."""
    stored = _read_json(_credentials_path(home))
    system_db_exists = (home / "data" / "databases" / "system").exists()
    if system_db_exists and stored is not None:
        if password is not None and password != stored["password"]:
            raise Neo4jServerError(
                f"{home} was initialised with another password; it can only be set before the first start"
            )
        return stored["password"]
    if system_db_exists:
        raise Neo4jServerError(f"{home} has a database but no stored credentials ({_credentials_path(home)})")
    password = password or generate_password()
    _run_checked(
        _admin_command(home, lib, ("dbms", "set-initial-password", password)),
        env=_neo4j_env(home),
        what="neo4j-admin dbms set-initial-password",
    )
    _write_private_json(_credentials_path(home), {"user": USER, "password": password})
    return password


def _spawn_server(home: Path, lib: Path, heap: str) -> subprocess.Popen[bytes]:
    """Start the JVM in its own session so terminal signals and our exit don't reach it."""
    log_path = home / "logs" / "neo4j.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            server_command(home, lib, heap),
            cwd=home,
            env=_neo4j_env(home),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _CHILDREN[proc.pid] = proc
    return proc


def _wait_until_ready(info: ServerInfo, proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait for Bolt to accept the credentials, then for HTTP (it comes up ~1 s after Bolt)."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    for probe in (_bolt_ready, _http_ready):
        while True:
            if proc.poll() is not None:
                raise Neo4jServerError(
                    f"Neo4j exited with code {proc.returncode} during startup:\n{_log_tail(info.home)}"
                )
            try:
                probe(info)
                break
            except (OSError, _RetryableBoltError) as exc:
                last_error = exc
            if time.monotonic() >= deadline:
                raise Neo4jServerError(
                    f"Neo4j at {info.bolt_uri} / {info.http_url} not ready within {timeout:.0f}s "
                    f"({last_error}):\n{_log_tail(info.home)}"
                )
            time.sleep(0.5)


class _RetryableBoltError(Exception):
    pass


def _bolt_ready(info: ServerInfo) -> None:
    try:
        with GraphDatabase.driver(
            info.bolt_uri, auth=(info.user, info.password), connection_timeout=5
        ) as driver:
            driver.verify_connectivity()
    except AuthError as exc:
        raise Neo4jServerError(f"Neo4j rejected the stored credentials: {exc}") from exc
    except (DriverError, Neo4jError) as exc:
        raise _RetryableBoltError(str(exc)) from exc


def _http_ready(info: ServerInfo) -> None:
    """Any HTTP answer from the discovery endpoint means Jetty is serving."""
    with urllib.request.urlopen(info.http_url + "/", timeout=5) as response:
        response.read()


def _admin_command(home: Path, lib: Path, args: tuple[str, ...]) -> list[str]:
    """neo4j-admin's launcher; it forks the real admin JVM with the conf's JVM options."""
    return [_java(), "-cp", f"{lib}/*", f"-Dbasedir={home}", ADMIN_MAIN, *args]


def _neo4j_env(home: Path) -> dict[str, str]:
    """Pin NEO4J_HOME/NEO4J_CONF so a user's own Neo4j settings can't leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["NEO4J_HOME"] = str(home)
    env["NEO4J_CONF"] = str(home / "conf")
    return env


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise Neo4jServerError("java not found (set JAVA_HOME or put java 17+ on PATH)")
    return java


def _run_checked(cmd: list[str], *, env: dict[str, str], what: str) -> None:
    proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0:
        raise Neo4jServerError(
            f"{what} failed (exit {proc.returncode}):\n" + _tail(proc.stdout + proc.stderr)
        )


def _terminate(pid: int, sig: signal.Signals, timeout: float) -> bool:
    """Send ``sig`` to the server's process group; True once the pid is gone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            _CHILDREN.pop(pid, None)
            return True
        time.sleep(0.2)
    return False


def _pid_alive(pid: int) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def _server_alive(pid: int) -> bool:
    """Alive and still a Neo4j server (guards against pid reuse after a crash)."""
    if not _pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc: trust the pid
    return SERVER_MAIN.encode() in cmdline


def _server_json(home: Path) -> Path:
    return home / "run" / "server.json"


def _info_to_json(info: ServerInfo) -> dict[str, object]:
    return {**asdict(info), "home": str(info.home)}


def _read_info(home: Path) -> ServerInfo | None:
    data = _read_json(_server_json(home))
    if data is None:
        return None
    try:
        return ServerInfo(**{**data, "home": Path(data["home"])})
    except (TypeError, KeyError):
        return None


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _write_private_json(path: Path, data: dict[str, object]) -> None:
    """Write ``data`` readable by the owner only (it holds a password)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")


def _log_tail(home: Path) -> str:
    try:
        return _tail((home / "logs" / "neo4j.log").read_text(errors="replace"))
    except OSError:
        return "(no log)"


def _tail(text: str) -> str:
    """The end of a tool's output, without terminal colour codes (Maven emits some even in batch mode)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)[-_TAIL_CHARS:]
