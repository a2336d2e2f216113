from __future__ import annotations

import json
import math

import networkx as nx
import pytest
from graphs import tiny_graph

from graphbuild.analyze import coupling, graph_summary
from graphbuild.analyze.centrality import centralities
from graphbuild.analyze.communities import find_communities, modularity
from graphbuild.analyze.coupling import compute_links
from graphbuild.analyze.enrich import AnalysisOptions, enrich_graph
from graphbuild.analyze.report import build_report

LOG2, LOG43 = math.log(2), math.log(4 / 3)


def test_coupling_weights_are_sums_of_idf_over_shared_entities():
    links = compute_links(tiny_graph(), top_k=10, min_weight=0.0)
    assert [(link.a, link.b, link.weight, link.shared) for link in links] == [
        ("p1", "p2", round(LOG2 + LOG43, 4), ("dataset:cifar10", "concept:diffusion-model")),
        ("p1", "p3", round(LOG43, 4), ("concept:diffusion-model",)),
        ("p2", "p3", round(LOG43, 4), ("concept:diffusion-model",)),
        ("p3", "p4", round(LOG2, 4), ("repo:github.com/a/b",)),
    ]


def test_candidates_come_through_distinctive_entities_and_keep_exact_weights(monkeypatch):
    """diffusion-model is linked by 3 papers: above a cap of 2 it proposes no pair, so
    p1-p3 and p2-p3 (sharing nothing else) go, while p1-p2 keeps it in its weight."""
    monkeypatch.setattr(coupling, "CANDIDATE_MAX_DF", 2)
    links = compute_links(tiny_graph(), top_k=10, min_weight=0.0)
    assert [(link.a, link.b, link.weight, link.shared) for link in links] == [
        ("p1", "p2", round(LOG2 + LOG43, 4), ("dataset:cifar10", "concept:diffusion-model")),
        ("p3", "p4", round(LOG2, 4), ("repo:github.com/a/b",)),
    ]


@pytest.mark.parametrize("candidate_max_df", [coupling.CANDIDATE_MAX_DF, 20])
def test_two_processes_find_the_same_links_as_one(candidate_max_df, monkeypatch, corpus_build):
    """Small blocks, so that each process gets several; the bundled corpus's most
    linked entity has 147 papers: a cap of 20 takes the candidate path."""
    monkeypatch.setattr(coupling, "PRODUCT_BUDGET", 20_000)
    monkeypatch.setattr(coupling, "CANDIDATE_MAX_DF", candidate_max_df)
    one = compute_links(corpus_build.graph, processes=1)
    assert len(one) > 1000
    assert compute_links(corpus_build.graph, processes=2) == one


def test_a_graph_without_shared_entities_has_no_links():
    graph = nx.MultiDiGraph()
    graph.add_node("p1", label="Paper")
    graph.add_node("p2", label="Paper")
    graph.add_node("concept:a", label="Concept", name="a")
    graph.add_edge("p1", "concept:a", key="MENTIONS", type="MENTIONS")
    assert compute_links(graph, top_k=10, min_weight=0.0) == []


def test_coupling_threshold_and_top_k():
    assert [(lk.a, lk.b) for lk in compute_links(tiny_graph(), top_k=10, min_weight=0.5)] == [
        ("p1", "p2"),
        ("p3", "p4"),
    ]
    # top-1 per paper: p3's strongest link is p4, so p1-p3 and p2-p3 are dropped
    assert [(lk.a, lk.b) for lk in compute_links(tiny_graph(), top_k=1, min_weight=0.0)] == [
        ("p1", "p2"),
        ("p3", "p4"),
    ]


def test_communities_modularity_and_labels_are_deterministic():
    graph = tiny_graph()
    communities = enrich_graph(graph, AnalysisOptions(top_k=10, min_weight=0.5, seed=1))
    assert [(c.id, c.papers) for c in communities] == [
        ("community:0", ("p1", "p2")),
        ("community:1", ("p3", "p4")),
    ]
    w1, w2 = LOG2 + LOG43, LOG2
    a, b = w1 / (w1 + w2), w2 / (w1 + w2)
    assert graph.graph["modularity"] == pytest.approx(1 - a * a - b * b, abs=1e-4)
    assert graph.nodes["community:0"]["name"] == "diffusion model"
    assert json.loads(graph.nodes["community:0"]["top_concepts"]) == ["diffusion model"]
    assert graph.nodes["community:1"]["name"] == "community 1"
    assert [graph.nodes[p]["community"] for p in ("p1", "p2", "p3", "p4")] == [0, 0, 1, 1]
    assert sorted((u, v) for u, v, k in graph.edges(keys=True) if k == "IN_COMMUNITY") == [
        ("p1", "community:0"),
        ("p2", "community:0"),
        ("p3", "community:1"),
        ("p4", "community:1"),
    ]
    again = tiny_graph()
    enrich_graph(again, AnalysisOptions(top_k=10, min_weight=0.5, seed=1))
    assert sorted(again.nodes(data=True)) == sorted(graph.nodes(data=True))


def test_centrality_properties():
    graph = tiny_graph()
    enrich_graph(graph, AnalysisOptions(top_k=10, min_weight=0.5))
    assert graph.nodes["concept:diffusion-model"]["degree"] == 3
    assert graph.nodes["p1"]["degree"] == 3  # dataset, concept, RELATED_TO p2
    ranks = {n: d["pagerank"] for n, d in graph.nodes(data=True) if "pagerank" in d}
    assert ranks["concept:diffusion-model"] > ranks["concept:lonely"]
    assert sum(ranks.values()) == pytest.approx(1.0, abs=1e-6)


def test_graph_summary_degree_is_the_report_and_stored_degree():
    """One degree everywhere: distinct linked nodes, IN_COMMUNITY and Community nodes left out."""
    graph = tiny_graph()
    enrich_graph(graph, AnalysisOptions(top_k=10, min_weight=0.5, seed=1))
    summary = graph_summary(graph)
    assert summary["degree"] == build_report(graph)["degree"]["by_label"]
    assert list(summary["degree"]) == ["Concept", "Dataset", "Paper", "Repository"]
    # p1..p4 each link two entities and one RELATED_TO partner; IN_COMMUNITY is not counted.
    assert summary["degree"]["Paper"] == {"min": 3, "median": 3.0, "mean": 3.0, "max": 3}
    assert {graph.nodes[p]["degree"] for p in ("p1", "p2", "p3", "p4")} == {3}


def test_pagerank_and_degree_are_networkx_values_on_the_simple_undirected_graph():
    karate = nx.karate_club_graph()
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(f"n{v:02d}" for v in karate)
    graph.add_node("alone")  # dangling: no links at all
    for u, v in karate.edges():
        graph.add_edge(f"n{u:02d}", f"n{v:02d}", key="MENTIONS")
    graph.add_edge("n01", "n00", key="RELATED_TO")  # the same link again, reversed
    graph.add_edge("n05", "n33", key="IN_COMMUNITY")  # not a link
    simple = nx.Graph()  # unweighted, as the karate club's own weights are not links
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((f"n{u:02d}", f"n{v:02d}") for u, v in karate.edges())
    expected = nx.pagerank(simple)
    found = centralities(graph)
    assert {n: rank for n, (rank, _) in found.items()} == {n: round(r, 8) for n, r in expected.items()}
    assert {n: degree for n, (_, degree) in found.items()} == dict(simple.degree())


def test_isolated_papers_form_no_community():
    graph = tiny_graph()
    groups, modularity = find_communities(graph)
    assert groups == [] and modularity == 0.0


def _related_graph(edges: list[tuple[str, str, float]]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for u, v, weight in edges:
        for paper in (u, v):
            graph.add_node(paper, label="Paper")
        graph.add_edge(u, v, key="RELATED_TO", type="RELATED_TO", weight=weight)
    return graph


def test_leiden_splits_three_cliques_joined_by_weak_links_and_repeats_itself():
    cliques = [[f"{c}{i}" for i in range(4)] for c in "abc"]
    edges = [(m[i], m[j], 1.0) for m in cliques for i in range(4) for j in range(i + 1, 4)]
    edges += [("a0", "b0", 0.1), ("b1", "c1", 0.1)]
    graph = _related_graph(edges)
    groups, modularity = find_communities(graph, seed=3)
    assert groups == [["a0", "a1", "a2", "a3"], ["b0", "b1", "b2", "b3"], ["c0", "c1", "c2", "c3"]]
    total = 18 + 0.2
    inside = [6 / total - ((12 + 0.1) / (2 * total)) ** 2, 6 / total - ((12 + 0.2) / (2 * total)) ** 2]
    assert modularity == round(2 * inside[0] + inside[1], 6)
    flipped = [(v, u, w) for u, v, w in reversed(edges)]  # other direction, other order
    assert find_communities(_related_graph(flipped), seed=3) == (groups, modularity)


def test_modularity_is_networkx_modularity_of_the_weighted_graph():
    karate = nx.karate_club_graph()  # weighted: "weight" counts the pair's interactions
    edges = [(f"n{u:02d}", f"n{v:02d}", float(w)) for u, v, w in karate.edges(data="weight")]
    clubs = [
        sorted(f"n{v:02d}" for v in karate if karate.nodes[v]["club"] == c) for c in ("Mr. Hi", "Officer")
    ]
    named = nx.relabel_nodes(karate, {v: f"n{v:02d}" for v in karate})
    assert modularity(edges, clubs) == pytest.approx(nx.community.modularity(named, clubs), abs=1e-12)
    assert modularity(edges, [[n for club in clubs for n in club]]) == pytest.approx(0.0, abs=1e-12)


def test_bundled_corpus_has_labelled_communities(corpus_build):
    graph = corpus_build.graph
    communities = [d for _, d in graph.nodes(data=True) if d["label"] == "Community"]
    assert graph.graph["communities"] == len(communities) >= 5
    assert 0.3 < graph.graph["modularity"] < 1
    assert all(c["name"] and c["size"] >= 2 for c in communities)
    members = sum(1 for _, _, k in graph.edges(keys=True) if k == "IN_COMMUNITY")
    assert members == sum(c["size"] for c in communities)
    related = nx.Graph((u, v) for u, v, k in graph.edges(keys=True) if k == "RELATED_TO")
    for number in range(len(communities)):  # Leiden's guarantee: no community in pieces
        papers = [n for n, c in graph.nodes(data="community") if c == number]
        assert nx.is_connected(related.subgraph(papers)), number


def test_an_entity_named_in_a_title_counts_twice_for_that_paper():
    graph = nx.MultiDiGraph()
    titles = {"a": "Optimal Transport Maps", "b": "Fusion via Optimal Transport", "c": "Other", "d": "More"}
    for paper, title in titles.items():
        graph.add_node(paper, label="Paper", name=title, title=title)
    graph.add_node("concept:ot", label="Concept", name="optimal transport")
    graph.add_node("dataset:mnist", label="Dataset", name="MNIST")
    in_title = {"a": 0, "b": 11, "c": 30}  # c writes it in its abstract only
    for paper, start in in_title.items():
        graph.add_edge(paper, "concept:ot", key="MENTIONS", type="MENTIONS", start=start)
    for paper in ("a", "c", "d"):
        graph.add_edge(paper, "dataset:mnist", key="USES_DATASET", type="USES_DATASET", start=40)
    idf_ot, idf_mnist = math.log(4 / 3), math.log(4 / 3)
    links = {(lk.a, lk.b): lk.weight for lk in compute_links(graph, top_k=10, min_weight=0.0)}
    assert links == {
        ("a", "b"): round(4 * idf_ot, 4),  # both titles
        ("a", "c"): round(2 * idf_ot + idf_mnist, 4),  # a's title, c's abstract; MNIST in both abstracts
        ("a", "d"): round(idf_mnist, 4),
        ("b", "c"): round(2 * idf_ot, 4),
        ("c", "d"): round(idf_mnist, 4),
    }


def test_a_community_label_does_not_say_one_thing_twice():
    from graphbuild.analyze.communities import _distinct_names

    names = ["reasoning", "language model", "large language model", "Language Model", "fine-tuning"]
    assert _distinct_names(names, 3) == ("reasoning", "language model", "fine-tuning")
