"""A real Neo4j Community server from Maven Central jars: start, auth, Browser, import, kill, stop.

The tests share one server home and run in file order (the server is stopped,
restarted and killed along the way) to keep the number of slow starts at three.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graphbuild import neo4j_server as ns

pytestmark = pytest.mark.integration

SCRIPT = ns.REPO_ROOT / "scripts" / "neo4j-server"

PEOPLE_CSV = "id:ID,name\np1,Alice\np2,Bob\np3,Carol\np4,Dan\n"
KNOWS_CSV = ":START_ID,:END_ID,since:int\np1,p2,2019\np2,p3,2020\np3,p4,2021\n"


@pytest.fixture(scope="module")
def lib() -> Path:
    return ns.ensure_jars(ns.DEFAULT_CACHE_DIR)


@pytest.fixture(scope="module")
def home(lib: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("neo4j-home")
    ns.start_server(home)
    yield home
    ns.stop_server(home)


def running(home: Path) -> ns.ServerInfo:
    info = ns.server_info(home)
    assert info is not None, "server is not running"
    return info


def query(info: ns.ServerInfo, cypher: str) -> list[dict]:
    with GraphDatabase.driver(info.bolt_uri, auth=(info.user, info.password)) as driver:
        records, _, _ = driver.execute_query(cypher, database_="neo4j")
    return [record.data() for record in records]


def port_open(url: str) -> bool:
    host, port = url.rsplit("/", 1)[-1].rsplit(":", 1)
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex((host, int(port))) == 0


def pid_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] == "Z"


def test_ensure_jars_is_cached(lib: Path) -> None:
    assert (lib / ".complete").is_file()
    assert (lib / f"neo4j-{ns.neo4j_version()}.jar").is_file()
    assert list(lib.glob("neo4j-browser-*.jar"))
    before = (lib / ".complete").stat().st_mtime_ns
    assert ns.ensure_jars(ns.DEFAULT_CACHE_DIR) == lib
    assert (lib / ".complete").stat().st_mtime_ns == before


def test_return_1_over_bolt(home: Path) -> None:
    info = running(home)
    assert info.bolt_uri.startswith("bolt://127.0.0.1:")
    assert info.user == "neo4j" and len(info.password) >= 20
    assert query(info, "RETURN 1 AS one") == [{"one": 1}]


def test_wrong_password_is_rejected(home: Path) -> None:
    info = running(home)
    with GraphDatabase.driver(info.bolt_uri, auth=(info.user, info.password + "x")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_browser_is_served(home: Path) -> None:
    info = running(home)
    with urllib.request.urlopen(f"{info.http_url}/browser/", timeout=10) as response:
        body = response.read().decode()
        assert response.status == 200
        assert response.headers.get_content_type() == "text/html"
    assert "<title>Neo4j Browser</title>" in body


def test_discovery_advertises_the_real_bolt_port(home: Path) -> None:
    """Browser connects to whatever Bolt address the HTTP root advertises."""
    info = running(home)
    with urllib.request.urlopen(f"{info.http_url}/", timeout=10) as response:
        body = response.read().decode()
    assert f'"bolt_direct":"{info.bolt_uri}"' in body


def test_server_json_is_private_and_complete(home: Path) -> None:
    info = running(home)
    path = home / "run" / "server.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert info.password in path.read_text()
    assert info.home == home.resolve()


def test_jvm_options_match_neo4j_bootloader(home: Path, lib: Path) -> None:
    """Our hand-built command must carry every option Neo4j's own launcher would use."""
    # It prints the command, then exits 1 because run/neo4j.pid shows the server running.
    dry = subprocess.run(
        [
            shutil.which("java"),
            "-cp",
            f"{lib}/*",
            f"-Dbasedir={home}",
            "org.neo4j.server.startup.Neo4jCommand",
            "console",
            "--dry-run",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NEO4J_CONF": str(home / "conf")},
    )
    command_lines = [line for line in dry.stdout.splitlines() if ns.SERVER_MAIN in line]
    assert command_lines, dry.stdout + dry.stderr
    theirs = shlex.split(command_lines[-1])
    ours = ns.server_command(home, lib)

    def options(cmd: list[str]) -> set[str]:
        skip_next = False
        kept = set()
        for arg in cmd[1:]:
            if skip_next:
                skip_next = False
            elif arg == "-cp":
                skip_next = True
            elif arg.startswith("-") and not arg.startswith(("-Xms", "-Xmx", "--console-mode")):
                kept.add(arg)
        return kept

    assert options(theirs) <= options(ours)
    assert ns.SERVER_MAIN in theirs


def test_cli_status_hides_password(home: Path) -> None:
    info = running(home)
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "status", "--home", str(home)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert info.bolt_uri in out.stdout and info.http_url in out.stdout
    assert info.password not in out.stdout


def test_import_full_into_stopped_database(home: Path, tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text(PEOPLE_CSV)
    (tmp_path / "knows.csv").write_text(KNOWS_CSV)
    # The database name goes first: --nodes/--relationships take several values,
    # so a trailing name would be read as one more CSV file.
    import_args = (
        "database",
        "import",
        "full",
        "neo4j",
        "--overwrite-destination",
        f"--nodes=Person={tmp_path / 'people.csv'}",
        f"--relationships=KNOWS={tmp_path / 'knows.csv'}",
    )
    with pytest.raises(ns.Neo4jServerError, match="in use"):
        ns.run_admin(home, *import_args)

    ns.stop_server(home)
    result = ns.run_admin(home, *import_args)
    assert "IMPORT DONE" in result.stdout
    info = ns.start_server(home)

    assert query(info, "MATCH (p:Person) RETURN count(p) AS n") == [{"n": 4}]
    assert query(info, "MATCH ()-[r:KNOWS]->() RETURN count(r) AS n, sum(r.since) AS s") == [
        {"n": 3, "s": 6060}
    ]
    assert query(info, "MATCH (:Person {name: 'Alice'})-[:KNOWS]->(b) RETURN b.name AS b") == [{"b": "Bob"}]


def test_kill_then_restart_recovers(home: Path) -> None:
    info = running(home)
    ns.kill_server(home)
    assert pid_gone(info.pid)
    assert ns.server_info(home) is None

    restarted = ns.start_server(home)
    assert restarted.password == info.password
    assert query(restarted, "MATCH (n) RETURN count(n) AS n") == [{"n": 4}]


def test_stop_is_clean(home: Path) -> None:
    info = running(home)
    ns.stop_server(home)
    assert pid_gone(info.pid)
    assert ns.server_info(home) is None
    assert not (home / "run" / "server.json").exists()
    assert not port_open(info.bolt_uri)
    assert "Stopped." in (home / "logs" / "neo4j.log").read_text()
