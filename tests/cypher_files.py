"""The cypher/ files as the tests run them: their statements, rows and plans."""

from __future__ import annotations

from pathlib import Path

CYPHER = Path(__file__).resolve().parent.parent / "cypher"


def statements(name: str) -> list[str]:
    """The Cypher statements of a cypher/ file, split at ';' line ends.

    Comment lines and Neo4j Browser commands (the header's ``:param`` lines, which make the
    file runnable when pasted into the Browser as it is) are dropped.
    """
    lines = [
        line for line in (CYPHER / name).read_text().splitlines() if not line.lstrip().startswith(("//", ":"))
    ]
    return [s.strip() for s in "\n".join(lines).split(";\n") if s.strip().rstrip(";")]


def run(driver, name: str, **params) -> list[dict]:
    (statement,) = statements(name)
    records, _, _ = driver.execute_query(statement.rstrip(";"), parameters_=params, database_="neo4j")
    return [r.data() for r in records]


def plan(driver, name: str, **params) -> list[dict]:
    """The operators of a cypher/ file's plan (EXPLAIN: nothing runs), depth first; each
    ``{"operator": "NodeUniqueIndexSeek", "details": "...", "rows": None}``. With
    ``profile=True`` the query runs (PROFILE) and ``rows`` is what each operator produced."""
    profile = params.pop("profile", False)
    (statement,) = statements(name)
    with driver.session(database="neo4j") as session:
        result = session.run(("PROFILE " if profile else "EXPLAIN ") + statement.rstrip(";"), params)
        list(result)  # a profile is complete once every row has been read
        summary = result.consume()
    operators = []
    pending = [summary.profile if profile else summary.plan]
    while pending:
        step = pending.pop()
        operators.append(
            {
                "operator": step["operatorType"].split("@")[0],
                "details": step.get("args", {}).get("Details", ""),
                "rows": step.get("rows"),
            }
        )
        pending.extend(reversed(step.get("children", [])))
    return operators


#: Operators that read every node, or every node of a label, to find some.
SCANS = {"AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan"}
