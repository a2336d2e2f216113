"""Neo4j Browser, served by the test server at /browser/, runs the cypher/ queries the way a
user does: connect with the pre-filled connection form, set parameters with ``:param``
lines, paste the query, Ctrl+Enter, and read the result frame.

Expected answers come from the NetworkX graph of the bundled corpus. Screenshots go to a
temporary folder; ``GRAPHBUILD_SCREENSHOTS=docs/screenshots`` writes them where the README
takes them from.
"""

from __future__ import annotations

import os
import re
import struct
import time
import urllib.parse
from pathlib import Path

import networkx as nx
import pytest
from browser import chromium_page
from conftest import wipe_database

from graphbuild.export.neo4j import Neo4jTarget, load_into_neo4j
from graphbuild.query import community, evidence_graph, neighbors
from graphbuild.schema import COMMUNITY, EVIDENCE_TYPES, PAPER, USES_DATASET

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CYPHER = Path(__file__).resolve().parent.parent / "cypher"
PARAM_LINE = re.compile(r"^:param (\w+) =>", re.M)
# The newest frame has its result: an error, the graph view, or a status line with text
# (the status bar is there, empty, while the query runs).
FRAME_DONE = """() => {
  const frame = document.querySelector('[data-testid=frame]');
  if (!frame || !frame.querySelector('[data-testid=frame-loaded-contents]')) return false;
  if (frame.querySelector('[data-testid=cypherFrameErrorMessage], [data-testid=vizInspector]')) return true;
  const status = frame.querySelector('[data-testid=frameStatusbar]');
  return status !== null && status.innerText.trim() !== '';
}"""
STATEMENT_STATUS = "[data-testid=multi-statement-list-icon]"
TIMEOUT_MS = 30_000


# ---------------------------------------------------------------- what the user pastes


def param_names(name: str) -> list[str]:
    """The parameters a cypher/ file's header sets with ``:param`` lines."""
    return PARAM_LINE.findall((CYPHER / name).read_text())


def param_lines(params: dict[str, str | int]) -> str:
    """``:param`` lines for Neo4j Browser, one per parameter."""
    return "\n".join(f":param {key} => {cypher_literal(value)};" for key, value in params.items())


def cypher_literal(value: str | int) -> str:
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def query_text(name: str) -> str:
    """A cypher/ file without its ``:param`` lines: the header comment and the query."""
    lines = (CYPHER / name).read_text().splitlines()
    return "\n".join(line for line in lines if not line.startswith(":param "))


# ---------------------------------------------------------------- driving the Browser


def browser_url(server) -> str:
    """The Browser with the connection form pre-filled (URL, user, database, auth method)."""
    host = urllib.parse.urlsplit(server.bolt_uri).netloc
    query = {"dbms": f"bolt://{server.user}@{host}", "db": "neo4j", "preselectAuthMethod": "NATIVE"}
    return f"{server.http_url}/browser/?{urllib.parse.urlencode(query)}"


def connect(page, server) -> None:
    page.goto(browser_url(server))
    page.get_by_test_id("password").fill(server.password, timeout=TIMEOUT_MS)
    assert page.get_by_test_id("username").input_value() == server.user
    page.get_by_test_id("connect").click()
    page.get_by_test_id("connect").wait_for(state="detached", timeout=TIMEOUT_MS)
    # The usage-data notice would cover the top of every screenshot; its last span closes it.
    notice = page.get_by_text("To help make Neo4j Browser better")
    notice.wait_for(timeout=TIMEOUT_MS)
    notice.locator("xpath=../span[last()]").click()


def submit(page, text: str) -> None:
    """Type ``text`` into the main editor as a paste (no auto-closed brackets) and run it."""
    page.get_by_test_id("activeEditor").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.insert_text(text)
    page.keyboard.press("Control+Enter")


def clear(page) -> None:
    submit(page, ":clear")
    page.get_by_test_id("frame").first.wait_for(state="detached", timeout=TIMEOUT_MS)


def run_statements(page, text: str) -> None:
    """Run several statements (Browser's multi-statement mode); fail unless all succeed."""
    count = page.get_by_test_id("frame").count()
    submit(page, text)
    page.get_by_test_id("frame").nth(count).wait_for(timeout=TIMEOUT_MS)
    icons = page.get_by_test_id("frame").first.locator(STATEMENT_STATUS)
    icons.first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(
        """sel => [...document.querySelector('[data-testid=frame]').querySelectorAll(sel)]
                   .every(icon => /success|error/.test(icon.title))""",
        arg=STATEMENT_STATUS,
        timeout=TIMEOUT_MS,
    )
    statuses = icons.evaluate_all("icons => icons.map(icon => icon.title)")
    titles = page.get_by_test_id("frame").first.get_by_test_id("multi-statement-list-title").all_inner_texts()
    failed = [title for title, status in zip(titles, statuses, strict=True) if status != "Status: success"]
    assert not failed, f"Neo4j Browser statements failed: {failed}"
    ends = [line for line in text.splitlines() if line.rstrip().endswith(";") and not line.startswith("//")]
    assert len(statuses) == len(ends), statuses


def set_params(page, params: dict[str, str | int]) -> None:
    """Run the ``:param`` lines; one line alone is a plain command frame, not a multi-statement one."""
    if len(params) > 1:
        run_statements(page, param_lines(params))
        return
    count = page.get_by_test_id("frame").count()
    submit(page, param_lines(params))
    page.get_by_test_id("frame").nth(count).wait_for(timeout=TIMEOUT_MS)
    page.get_by_test_id("frame").first.get_by_text("Successfully set your parameters").wait_for(
        timeout=TIMEOUT_MS
    )


def run_query(page, text: str) -> dict[str, int]:
    """Run one query and read its result frame.

    Returns ``{"records": n}`` for a table and ``{"nodes": n, "relationships": m}`` for the
    graph view; fails on an error frame and on a result without rows.
    """
    count = page.get_by_test_id("frame").count()
    submit(page, text)
    page.get_by_test_id("frame").nth(count).wait_for(timeout=TIMEOUT_MS)
    frame = page.get_by_test_id("frame").first
    page.wait_for_function(FRAME_DONE, timeout=TIMEOUT_MS)
    error = frame.get_by_test_id("cypherFrameErrorMessage")
    if error.count():
        shown = " ".join(frame.get_by_test_id("frameContents").inner_text().split())
        pytest.fail(f"Neo4j Browser shows an error frame: {shown}")
    if frame.get_by_test_id("vizInspector").count():
        shown = frame.get_by_text(re.compile(r"Displaying \d+ nodes?, \d+ relationships?")).inner_text()
        nodes, relationships = map(int, re.findall(r"\d+", shown))
        assert nodes > 0, shown
        return {"nodes": nodes, "relationships": relationships}
    status = frame.get_by_test_id("frameStatusbar").inner_text()
    match = re.search(r"Started streaming (\d+) records?", status)
    if match is None:
        pytest.fail(f"Neo4j Browser shows no rows: {status!r}")
    return {"records": int(match.group(1))}


def wait_for_graph_layout(page, timeout: float = 20.0) -> None:
    """Wait until the graph view's nodes stop moving (its force layout animates them)."""
    read = "frame => [...frame.querySelectorAll('svg .node')].map(n => n.getAttribute('transform')).join()"
    frame = page.get_by_test_id("frame").first
    previous, deadline = None, time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = frame.evaluate(read)
        if current and current == previous:
            return
        previous = current
        page.wait_for_timeout(500)
    pytest.fail("the graph view kept moving")


def save_screenshot(page, folder: Path, name: str) -> Path:
    """The whole window, scrolled to the newest frame, without a hover highlight."""
    path = folder / f"browser_{name}.png"
    page.mouse.move(0, 0)
    for test_id in ("main", "stream"):
        page.get_by_test_id(test_id).evaluate("element => element.scrollTo(0, 0)")
    page.wait_for_timeout(1500)  # a new result frame slides in over the previous one
    page.screenshot(path=path)
    # 128 colours keep a Browser screenshot near 50 kB instead of 150 kB, with no visible
    # loss: the UI is flat colours. Pillow comes with matplotlib (dev extra).
    from PIL import Image

    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(colors=128)
    small.save(path, optimize=True)
    return path


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def graph(corpus_build, neo4j_server):
    """The bundled corpus, loaded into the session server's (emptied) database."""
    wipe_database(neo4j_server)
    target = Neo4jTarget(neo4j_server.bolt_uri, neo4j_server.user, neo4j_server.password, "neo4j")
    assert load_into_neo4j(corpus_build.graph, target).verified
    return corpus_build.graph


@pytest.fixture(scope="module")
def page(graph, neo4j_server, tmp_path_factory):
    """One Browser tab, connected, for the module (as a user keeps the tab open)."""
    with chromium_page(tmp_path_factory.mktemp("chromium-profile")) as page:
        page.set_default_timeout(TIMEOUT_MS)
        connect(page, neo4j_server)
        yield page


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = os.environ.get("GRAPHBUILD_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- picking parameters


def small_neighborhood_paper(graph) -> str:
    """A paper using a dataset with 12 to 40 nodes within 2 hops (big enough to show
    something, small enough to read in the graph view): the one whose neighborhood has the
    most kinds of nodes, then the smallest, then the first id."""
    candidates = []
    for paper in sorted(n for n, d in graph.nodes(data=True) if d["label"] == PAPER):
        near = neighbors(graph, paper, 2)
        uses_dataset = any(k == USES_DATASET for _, _, k in graph.out_edges(paper, keys=True))
        if uses_dataset and 12 <= len(near) <= 40:
            candidates.append((-len({n.label for n in near}), len(near), paper))
    assert candidates, "no paper with a readable 2-hop neighborhood in the bundled corpus"
    return min(candidates)[2]


def evidence_relationships(graph, nodes: set[str]) -> int:
    return sum(1 for u, v, k in graph.edges(keys=True) if k in EVIDENCE_TYPES and u in nodes and v in nodes)


def farthest_paper(graph, paper: str, limit: int = 6) -> tuple[str, int]:
    """The paper farthest from ``paper`` within ``limit`` hops (ties broken by id)."""
    far = nx.single_source_shortest_path_length(evidence_graph(graph), paper, cutoff=limit)
    papers = [n for n in far if graph.nodes[n]["label"] == PAPER]
    other = sorted(papers, key=lambda n: (-far[n], n))[0]
    return other, far[other]


# ---------------------------------------------------------------- tests


def test_a_query_error_or_an_empty_result_fails_the_check(page):
    clear(page)
    with pytest.raises(pytest.fail.Exception, match="error frame.*SyntaxError"):
        run_query(page, "MATCH (n) RETURN n LIMIT 3 +")
    with pytest.raises(pytest.fail.Exception, match="no rows"):
        run_query(page, "MATCH (p:Paper {id: 'paper:none'}) RETURN p.id")
    with pytest.raises(AssertionError, match="statements failed"):
        run_statements(page, ":param x => 1;\nMATCH (n) RETURN $missing;")


def test_paper_neighborhood_table(page, graph, screenshots):
    paper = small_neighborhood_paper(graph)
    params = {"node_id": paper, "hops": 2}
    assert param_names("paper_neighborhood.cypher") == list(params)
    clear(page)
    set_params(page, params)
    assert run_query(page, query_text("paper_neighborhood.cypher")) == {
        "records": len(neighbors(graph, paper, 2))
    }
    save_screenshot(page, screenshots, "paper_neighborhood")


def test_neighborhood_graph_view(page, graph, screenshots):
    paper = small_neighborhood_paper(graph)
    params = {"node_id": paper, "hops": 2}
    assert param_names("neighborhood_graph.cypher") == list(params)
    nodes = {paper} | {n.id for n in neighbors(graph, paper, 2)}
    clear(page)
    set_params(page, params)
    shown = run_query(page, query_text("neighborhood_graph.cypher"))
    assert shown == {"nodes": len(nodes), "relationships": evidence_relationships(graph, nodes)}
    wait_for_graph_layout(page)
    path = save_screenshot(page, screenshots, "neighborhood_graph")
    assert png_size(path) == (1280, 800)


def test_community_members_table(page, graph, screenshots):
    communities = [n for n, d in graph.nodes(data=True) if d["label"] == COMMUNITY]
    smallest = min(communities, key=lambda n: (graph.nodes[n]["size"], n))
    params = {"community_id": smallest}
    assert param_names("community_members.cypher") == list(params)
    clear(page)
    set_params(page, params)
    shown = run_query(page, query_text("community_members.cypher"))
    assert shown == {"records": len(community(graph, smallest).papers)} and shown["records"] > 0
    path = save_screenshot(page, screenshots, "community_members")
    assert png_size(path) == (1280, 800)


def test_shortest_path_graph_view(page, graph, screenshots):
    start = small_neighborhood_paper(graph)
    end, hops = farthest_paper(graph, start)
    assert hops >= 2
    params = {"from_id": start, "to_id": end}
    assert param_names("shortest_path.cypher") == list(params)
    clear(page)
    set_params(page, params)
    shown = run_query(page, query_text("shortest_path.cypher"))
    assert shown == {"nodes": hops + 1, "relationships": hops}
    wait_for_graph_layout(page)
    save_screenshot(page, screenshots, "shortest_path")


@pytest.mark.parametrize("name", sorted(p.name for p in CYPHER.glob("*.cypher")))
def test_every_cypher_file_runs_pasted_as_it_is(page, graph, name):
    """The whole file, header and ``:param`` lines included, as a favourite or a paste: every
    statement succeeds, and the query then shows rows for the header's example values."""
    text = (CYPHER / name).read_text()
    clear(page)
    run_statements(page, text)
    if param_names(name):
        shown = run_query(page, query_text(name))
        assert shown.get("records", 0) > 0 or shown.get("nodes", 0) > 0, shown
