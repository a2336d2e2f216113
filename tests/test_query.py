from __future__ import annotations

import json

import networkx as nx
import pytest
from graphs import tiny_graph

from graphbuild.analyze.enrich import AnalysisOptions, enrich_graph
from graphbuild.graph import MAX_EVIDENCE
from graphbuild.query import (
    AmbiguousName,
    NotFound,
    QueryError,
    community,
    explain,
    find_node,
    neighbors,
    path,
    related,
    show,
)


@pytest.fixture
def graph():
    g = tiny_graph()
    enrich_graph(g, AnalysisOptions(top_k=10, min_weight=0.0))
    return g


def test_lookup_by_id_name_prefix_and_typo(graph):
    assert find_node(graph, "p3") == "p3"
    assert find_node(graph, "CIFAR-10") == "dataset:cifar10"
    assert find_node(graph, "cifar-10") == "dataset:cifar10"
    assert find_node(graph, "difusion model") == "concept:diffusion-model"
    assert find_node(graph, "lonely") == "concept:lonely"


def test_lookup_by_a_written_surface_form_before_prefixes_and_typos(graph):
    graph.add_node(
        "concept:llm-agent", label="Concept", name="llm agent", surface_forms="LLM agent | LLM agents"
    )
    graph.add_node(
        "concept:large-language-model",
        label="Concept",
        name="large language model",
        surface_forms="LLM | LLMs | large language models",
    )
    graph.add_node("method:bfn", label="Method", name="BFN", surface_forms="BFN")
    graph.add_node(
        "concept:batch-normalization", label="Concept", name="batch normalization", surface_forms="BN"
    )
    assert find_node(graph, "LLM") == "concept:large-language-model"  # not the prefix "llm agent"
    assert find_node(graph, "llms") == "concept:large-language-model"
    assert find_node(graph, "BN") == "concept:batch-normalization"  # not the typo "BFN"
    assert find_node(graph, "BFN") == "method:bfn"


def test_lookup_names_the_label_of_a_node_of_another_kind(graph):
    with pytest.raises(NotFound, match=r"^'CIFAR-10' is a Dataset \(dataset:cifar10\), not a Paper$"):
        find_node(graph, "CIFAR-10", ("Paper",))
    with pytest.raises(NotFound, match="^nothing called 'zzzz' in the graph$"):
        find_node(graph, "zzzz", ("Paper",))


def test_a_community_is_found_by_a_concept_of_its_label(graph):
    graph.nodes["community:0"]["name"] = "reasoning, diffusion model, sampling"
    assert community(graph, "diffusion model").id == "community:0"


def test_lookup_ambiguous_and_missing(graph):
    with pytest.raises(AmbiguousName, match=r"did you mean: Paper 1 \[Paper, p1\]; Paper 2 \[Paper, p2\]"):
        find_node(graph, "Paper")
    with pytest.raises(NotFound, match="nothing called 'zzzz'"):
        find_node(graph, "zzzz")


@pytest.mark.parametrize("name", ["", " ", "\t \n"])
def test_lookup_of_an_empty_name_is_an_error(graph, name):
    with pytest.raises(QueryError, match=r"^empty name: give a paper title, an entity name or an id$"):
        find_node(graph, name)
    with pytest.raises(QueryError, match=r"^empty name: give a community number, id or label words$"):
        community(graph, name)


def test_community_key_is_stripped(graph):
    assert community(graph, " 0 ").id == "community:0"
    assert community(graph, "00").id == "community:0"
    assert community(graph, " community:1\n").id == "community:1"
    with pytest.raises(NotFound, match=r"no community '7'"):
        community(graph, " 7")


def test_neighbors_by_distance(graph):
    assert [(n.id, n.distance) for n in neighbors(graph, "p1", 1)] == [
        ("concept:diffusion-model", 1),
        ("dataset:cifar10", 1),
    ]
    assert [(n.id, n.distance) for n in neighbors(graph, "p1", 2)] == [
        ("concept:diffusion-model", 1),
        ("dataset:cifar10", 1),
        ("p2", 2),
        ("p3", 2),
    ]


def test_related_with_explanations(graph):
    hits = related(graph, "p1", top=5)
    assert [(r.id, r.shared_names) for r in hits] == [
        ("p2", ("CIFAR-10", "diffusion model")),
        ("p3", ("diffusion model",)),
    ]


def test_path_through_shared_entities(graph):
    assert path(graph, "p1", "p4") == ["p1", "concept:diffusion-model", "p3", "repo:github.com/a/b", "p4"]
    with pytest.raises(NotFound):
        path(graph, "p1", "nowhere")


def test_community_and_show(graph):
    view = community(graph, "0")
    assert view.id == "community:0" and view.size == len(view.papers)
    node = show(graph, "dataset:cifar10")
    assert node.label == "Dataset" and node.properties["name"] == "CIFAR-10"
    assert node.relationships == (
        ("in", "USES_DATASET", "p1", "Paper 1"),
        ("in", "USES_DATASET", "p2", "Paper 2"),
    )


def test_explain_lists_surface_forms_with_counts_and_reasons(write):
    from conftest import ABSTRACT_A, ABSTRACT_B

    from graphbuild.pipeline import build
    from graphbuild.query import explain

    rows = [
        ("Unbalanced Monge Maps", ABSTRACT_A),
        ("Another Paper on Transport", ABSTRACT_B),
        ("Images", "We train on ImageNet-1K, CIFAR10 and ILSVRC2012 with language modelling."),
    ]
    path = write("x.jsonl", "".join(f'{{"title": "{t}", "abstract": "{a}"}}\n' for t, a in rows))
    graph = build([path], None, progress=False).graph
    ot = explain(graph, "concept:optimal-transport")
    assert (ot.name, ot.papers) == ("optimal transport", 2)
    assert ot.forms == (  # the second OT opens "OT flow matching (OT-FM)"
        ("OT", 2, "short form defined with this long form"),
        ("optimal transport", 1, "canonical name"),
    )
    assert ot.reasons == ("short form 'OT' defined with this long form",)
    imagenet = explain(graph, "dataset:imagenet")
    assert imagenet.forms == (
        ("ILSVRC2012", 1, "alias listed in data/datasets.tsv"),
        ("ImageNet-1K", 1, "alias listed in data/datasets.tsv"),
    )
    assert explain(graph, "dataset:cifar10").forms == (
        ("CIFAR10", 2, "same name up to case, hyphens, spaces and plural"),
        ("CIFAR-10", 1, "canonical name"),
    )
    assert explain(graph, "concept:language-modeling").forms == (
        ("language modelling", 1, "same name in American spelling"),
    )


def capped_graph() -> nx.MultiDiGraph:
    """One paper writes "OT" 14 times: its edge keeps 10 evidence items, all "OT", so the
    form "optimal transport" (written once, later) is in surface_forms only."""
    g = nx.MultiDiGraph()
    g.add_node("p1", label="Paper", name="Paper 1")
    g.add_node(
        "concept:optimal-transport",
        label="Concept",
        name="optimal transport",
        surface_forms="OT | optimal transport",
        merged_because="short form 'OT' defined with this long form",
    )
    evidence = [{"mention": "OT", "start": 10 * i, "end": 10 * i + 2, "sentence": "OT."} for i in range(10)]
    g.add_edge(
        "p1",
        "concept:optimal-transport",
        key="MENTIONS",
        type="MENTIONS",
        count=14,
        evidence=json.dumps(evidence),
    )
    return g


def test_explain_counts_every_mention_and_lists_every_surface_form():
    assert MAX_EVIDENCE == 10
    view = explain(capped_graph(), "concept:optimal-transport")
    assert (view.papers, view.mentions, view.evidence, view.complete) == (1, 14, 10, False)
    assert view.forms == (
        ("OT", 10, "short form defined with this long form"),
        ("optimal transport", 0, "canonical name"),
    )


def test_explain_names_the_reason_of_each_merged_form(write):
    from graphbuild.pipeline import build

    rows = [
        ("Norms", "We study batch normalisation (BN) in deep nets with Llama-2-13B-chat."),
        ("Other Norms", "Batch normalization (BN) helps; we also test Llama 2."),
        ("Compensation", "We propose dynamic compensation (DC), a new method. DC is fast."),
        ("Shifts", "We study covariate shift adaption (CSA) here."),
        ("Shifts Two", "Covariate shift adaptation (CSA) is hard."),
    ]
    path = write("forms.jsonl", "".join(json.dumps({"title": t, "abstract": a}) + "\n" for t, a in rows))
    graph = build([path], None, progress=False).graph
    why = {form: reason for form, _, reason in explain(graph, "concept:batch-normalization").forms}
    assert why["batch normalisation"] == "same name in American spelling"
    why = {form: reason for form, _, reason in explain(graph, "concept:covariate-shift-adaptation").forms}
    assert why["covariate shift adaption"] == "another spelling of the long form of 'CSA'"
    why = {form: reason for form, _, reason in explain(graph, "model:llama2").forms}
    assert why["Llama-2-13B-chat"].startswith("a checkpoint of this model")
    why = {form: reason for form, _, reason in explain(graph, "method:dc").forms}
    assert why["dynamic compensation"] == "the long form of 'DC' in its paper"
