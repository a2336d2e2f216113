from __future__ import annotations

from collections import Counter

from conftest import ABSTRACT_A, ABSTRACT_B

from graphbuild.extract.mentions import iter_extractions
from graphbuild.extract.text import phrase_key
from graphbuild.ingest import ingest
from graphbuild.pipeline import build, bundled_corpus
from graphbuild.records import Mention
from graphbuild.resolve import resolve
from graphbuild.resolve.acronyms import split_ambiguous
from graphbuild.resolve.terms import kept_terms, nested_terms, score_terms
from graphbuild.resolve.variants import find_merges


def test_variant_merges_are_blocked_explained_and_conservative():
    keys = {
        "Concept": {
            "concept:pre trained language model",
            "concept:pretrained language model",
            "concept:language modelling",
            "concept:language modeling",
            "concept:supervised learning",
            "concept:unsupervised learning",
        },
        "Dataset": {"dataset:imagenet", "dataset:imagenet21k", "dataset:imagenetc"},
    }
    counts = {"concept:pretrained language model": 3, "concept:pre trained language model": 1}
    merges = sorted((m.kept, m.merged, m.reason.split(" ")[0]) for m in find_merges(keys, counts))
    assert merges == [
        ("concept:language modeling", "concept:language modelling", "rapidfuzz"),
        ("concept:pretrained language model", "concept:pre trained language model", "same"),
    ]


def _m(paper: str, key: str) -> Mention:
    return Mention(paper, "Concept", key, 0, 1, "", key, key, "candidate")


def test_term_candidates_need_two_papers_or_strong_evidence_and_nesting_is_discounted():
    candidates = [
        _m("p1", "concept:flow matching"),
        _m("p2", "concept:flow matching"),
        _m("p1", "concept:rare phrase"),
        *[_m("p3", "concept:local phrase")] * 3,
    ]
    assert kept_terms(candidates) == {"concept:flow matching", "concept:local phrase"}
    scores = score_terms(
        [
            _m("a", "concept:language model"),
            _m("b", "concept:large language model"),
            _m("c", "concept:large language model"),
        ]
    )
    assert scores["concept:language model"].cvalue == 0.0
    assert scores["concept:large language model"].cvalue == 3.1699


def _candidate(paper: str, text: str, start: int) -> Mention:
    key = "concept:" + phrase_key(text)
    return Mention(paper, "Concept", text, start, start + len(text), "s", key, text, "candidate")


def test_a_dropped_candidate_becomes_a_mention_of_its_longest_trailing_term():
    improving = _candidate("p1", "improving parameter sharing", 10)
    sharing = _candidate("p2", "parameter sharing", 0)
    scores = _candidate("p1", "computing importance scores", 50)
    nested_twice = _candidate("p2", "fast importance scores", 40)  # "importance score": 2 papers
    self_supervised = _candidate("p3", "self-supervised learning", 0)  # no part inside a hyphenated word
    dimensional = _candidate("p3", "high dimensional data", 30)
    dimensional_again = _candidate("p4", "low dimensional data", 5)  # "dimensional data": 2 papers
    lonely = _candidate("p4", "rare unusual words", 60)  # "unusual words": one paper once
    twice = [_candidate("p5", "new flow matching loss", 0), _candidate("p5", "the flow matching loss", 30)]
    candidates = [improving, sharing, scores, nested_twice, self_supervised, dimensional, dimensional_again]
    candidates += [lonely, *twice]
    kept = {"concept:parameter sharing"}
    nested = nested_terms(candidates, kept)
    assert {m.text: (t.text, t.start, t.end, t.key, t.role) for m, t in nested.items()} == {
        "improving parameter sharing": (
            "parameter sharing",
            20,
            37,
            "concept:parameter sharing",
            "candidate",
        ),
        "computing importance scores": ("importance scores", 60, 77, "concept:importance score", "candidate"),
        "fast importance scores": ("importance scores", 45, 62, "concept:importance score", "candidate"),
        "high dimensional data": ("dimensional data", 35, 51, "concept:dimensional data", "candidate"),
        "low dimensional data": ("dimensional data", 9, 25, "concept:dimensional data", "candidate"),
        # the longest part first: "flow matching loss" twice in one paper, not "matching loss"
        "new flow matching loss": ("flow matching loss", 4, 22, "concept:flow matching loss", "candidate"),
        "the flow matching loss": ("flow matching loss", 34, 52, "concept:flow matching loss", "candidate"),
    }


def test_ambiguous_short_forms_are_reported_not_linked():
    unambiguous, ambiguous, variants = split_ambiguous(
        {
            "OT": {"concept:optimal transport"},
            "RL": {"concept:reinforcement learning", "concept:representation learning"},
            "IT": {"concept:information theory"},
        }
    )
    assert unambiguous == {"OT": "concept:optimal transport"}
    assert ambiguous == {"RL": ["reinforcement learning", "representation learning"]}
    assert variants == {}


def test_long_forms_spelled_differently_are_one_and_merge_into_the_most_written():
    unambiguous, ambiguous, variants = split_ambiguous(
        {
            "RLHF": Counter(
                {
                    "concept:reinforcement learning from human feedback": 3,
                    "concept:reinforcement learning with human feedback": 1,
                }
            ),
            "BN": Counter({"concept:batch normalisation": 1, "concept:batch normalization": 1}),
            "SSL": Counter({"concept:self supervised learning": 2, "concept:semi supervised learning": 1}),
        },
        known=frozenset({"concept:batch normalization"}),
    )
    assert unambiguous == {
        "BN": "concept:batch normalization",
        "RLHF": "concept:reinforcement learning from human feedback",
    }
    assert ambiguous == {"SSL": ["self supervised learning", "semi supervised learning"]}
    assert variants == {
        "concept:batch normalisation": ("concept:batch normalization", "BN"),
        "concept:reinforcement learning with human feedback": (
            "concept:reinforcement learning from human feedback",
            "RLHF",
        ),
    }


def test_two_papers_share_entities_across_variants(write):
    path = write(
        "two.jsonl",
        "\n".join(
            [
                f'{{"title": "Unbalanced Monge Maps", "abstract": "{ABSTRACT_A}"}}',
                f'{{"title": "Another Paper on Transport", "abstract": "{ABSTRACT_B}"}}',
            ]
        )
        + "\n",
    )
    result = build([path], None, progress=False)
    graph = result.graph
    a = next(n for n, d in graph.nodes(data=True) if d.get("title") == "Unbalanced Monge Maps")
    b = next(n for n, d in graph.nodes(data=True) if d.get("title") == "Another Paper on Transport")
    shared = sorted(set(graph.successors(a)) & set(graph.successors(b)))
    assert shared == [
        "concept:optimal-transport",
        "dataset:cifar10",
        "method:uotfm",
        "repo:github.com/example/uot-fm",
    ]
    assert graph.edges[a, "method:uotfm", "PROPOSES"]["count"] == 1
    assert graph.edges[b, "method:uotfm", "MENTIONS"]["mention"] == "UOT-FM"
    assert graph.edges[b, "concept:optimal-transport", "MENTIONS"]["mention"] == "OT"
    assert graph.nodes["dataset:cifar10"]["name"] == "CIFAR-10"
    assert graph.edges[b, "ref:ho-2020", "CITES"]["sentence"].startswith("Large language models (LLMs)")


def _rows_file(write, name: str, rows: list[tuple[str, str]]):
    """A JSONL corpus of (title, abstract) rows."""
    return write(name, "".join(f'{{"title": "{t}", "abstract": "{a}"}}\n' for t, a in rows))


def test_an_acronym_other_papers_define_is_not_one_papers_proposed_method(write):
    rows = [
        ("Paper One", "We propose a recurrent neural network (RNN) for text. The RNN is fast."),
        ("Paper Two", "Recurrent neural networks (RNNs) model sequences. An RNN is used here."),
        ("Paper Three", "We study recurrent neural networks (RNNs) on speech."),
        ("Paper Four", "We propose Gated Sparse Attention (GSA), dubbed GSA, for long inputs."),
        ("Paper Five", "GSA from prior work is compared with a recurrent model."),
    ]
    path = _rows_file(write, "rnn.jsonl", rows)
    graph = build([path], None, progress=False).graph
    labels = {n: d["label"] for n, d in graph.nodes(data=True)}
    assert "method:rnn" not in labels
    assert labels["concept:recurrent-neural-network"] == "Concept"
    users = sorted(graph.nodes[p]["title"] for p, _ in graph.in_edges("concept:recurrent-neural-network"))
    assert users == ["Paper One", "Paper Three", "Paper Two"]
    gsa = sorted((graph.nodes[p]["title"], k) for p, _, k in graph.in_edges("method:gsa", keys=True))
    assert gsa == [("Paper Five", "MENTIONS"), ("Paper Four", "PROPOSES")]


def test_a_method_named_in_its_papers_title_stays_a_method_however_many_define_it(write):
    rows = [
        (
            "DARTS: Differentiable Architecture Search",
            "We propose differentiable architecture search (DARTS).",
        ),
        ("Paper Two", "Differentiable architecture search (DARTS) is fast. DARTS is used."),
        ("Paper Three", "We revisit differentiable architecture search (DARTS) on CIFAR-10."),
    ]
    path = _rows_file(write, "darts.jsonl", rows)
    graph = build([path], None, progress=False).graph
    assert graph.nodes["method:darts"]["label"] == "Method"
    assert [
        graph.nodes[p]["title"] for p, _, k in graph.in_edges("method:darts", keys=True) if k == "PROPOSES"
    ] == ["DARTS: Differentiable Architecture Search"]


def _links(graph, node: str) -> list[tuple[str, str]]:
    return sorted((graph.nodes[p]["title"], k) for p, _, k in graph.in_edges(node, keys=True))


def test_methods_of_one_name_and_other_long_forms_are_told_apart(write):
    rows = [
        ("Graph Diffusion", "We propose Graph Neural Diffusion (GRAND), a continuous model. GRAND is fast."),
        ("Data Diet", "We propose the Gradient Normed (GraNd) score to prune data. GraNd works."),
        ("Third Paper", "We compare GRAND with GraNd on graphs."),
        ("Tuning", "We propose Dynamic Fine-Tuning (DFT), a better SFT. DFT helps."),
        ("Chemistry", "Density functional theory (DFT) is costly. We approximate DFT with a network."),
        ("Bare Use", "We run DFT on molecules."),
        ("Follow-up", "Dynamic fine-tuning is strong; we extend DFT to vision."),
    ]
    graph = build([_rows_file(write, "names.jsonl", rows)], None, progress=False).graph
    # one key each; a name as written ("GRAND", "GraNd") still says which is meant
    assert _links(graph, "method:grand-graph-neural-diffusion") == [
        ("Graph Diffusion", "PROPOSES"),
        ("Third Paper", "MENTIONS"),
    ]
    assert _links(graph, "method:grand-gradient-normed") == [
        ("Data Diet", "PROPOSES"),
        ("Third Paper", "MENTIONS"),
    ]
    assert "method:grand" not in graph
    # "DFT" is three letters: linked only where the paper writes the method's long form
    assert _links(graph, "method:dft") == [("Follow-up", "MENTIONS"), ("Tuning", "PROPOSES")]


def test_a_methods_long_form_and_plural_are_the_method_and_long_forms_respelled_merge(write):
    rows = [
        ("Sparse Updates", "We propose adaptive gradient sparsification (AGS) for communication."),
        ("Paper Two", "We find that adaptive gradient sparsification is simple."),
        ("Nets", "We present CoAtNets, a family of hybrid models. Our CoAtNet is fast."),
        ("Feedback One", "Reinforcement learning from human feedback (RLHF) aligns models."),
        ("Feedback Two", "We study reinforcement learning with human feedback (RLHF) at scale."),
    ]
    result = build([_rows_file(write, "forms.jsonl", rows)], None, progress=False)
    graph = result.graph
    assert _links(graph, "method:ags") == [("Paper Two", "MENTIONS"), ("Sparse Updates", "PROPOSES")]
    assert "concept:adaptive-gradient-sparsification" not in graph
    assert _links(graph, "method:coatnet") == [("Nets", "PROPOSES")]
    assert "method:coatnets" not in graph
    rlhf = "concept:reinforcement-learning-from-human-feedback"
    assert _links(graph, rlhf) == [("Feedback One", "MENTIONS"), ("Feedback Two", "MENTIONS")]
    assert "RLHF" not in result.resolution.ambiguous_acronyms
    assert (
        "'reinforcement learning with human feedback': another spelling of the long form of 'RLHF'"
        in result.resolution.entities[rlhf].merge_reasons
    )


def test_a_capitalized_method_name_of_several_words_links_the_papers_that_name_it(write):
    rows = [
        ("Axiomatic Attribution", "We design a new attribution method called Integrated Gradients."),
        ("Explanations", "We compare LIME, SmoothGrad, and Integrated Gradients on tabular data."),
        ("Not Whole", "Integrated Gradients-based scores and integrated gradients in lower case differ."),
        ("Languages", "We propose a domain-specific language (DSL) for robots."),
        ("Compilers", "A domain-specific language compiles to C."),
    ]
    path = _rows_file(write, "ig.jsonl", rows)
    graph = build([path], None, progress=False).graph
    links = sorted(
        (graph.nodes[p]["title"], k) for p, _, k in graph.in_edges("method:integratedgradients", keys=True)
    )
    assert links == [("Axiomatic Attribution", "PROPOSES"), ("Explanations", "MENTIONS")]
    compilers = next(n for n, d in graph.nodes(data=True) if d.get("title") == "Compilers")
    assert not any(v.startswith("method:") for _, v in graph.out_edges(compilers))


def test_a_long_form_of_generic_words_is_no_concept_and_links_nothing(write):
    rows = [
        ("Paper One", "We beat the state of the art (SOTA) on CIFAR-10 with optimal transport (OT)."),
        ("Paper Two", "Our SOTA results use OT on CIFAR-10."),
    ]
    path = _rows_file(write, "sota.jsonl", rows)
    result = build([path], None, progress=False)
    assert not [n for n in result.graph if "state" in n]
    assert "concept:optimal-transport" in result.graph
    two = next(p.id for p in result.papers if p.title == "Paper Two")
    assert [m.text for m in result.resolution.mentions[two] if m.label == "Concept"] == ["OT"]


def test_a_multi_word_method_name_links_only_where_it_stands_as_a_name_of_its_own(write):
    rows = [
        ("Attribution", "We design a new attribution method called Integrated Gradients."),
        ("Expected", "We compare Expected Integrated Gradients with LIME on images."),
        ("Initial", "Integrated Gradients is slow on images. We speed it up."),
        ("Smr", "We propose Sparse Mixture Routing (SMR), which halves compute."),
        ("Smr2", "We propose Sparse Mixture Routing, a method that halves compute."),
        ("Smr3", "We compare with Sparse Mixture Routing on dense routing."),
    ]
    path = _rows_file(write, "names.jsonl", rows)
    graph = build([path], None, progress=False).graph
    ig = sorted(graph.nodes[p]["title"] for p, _ in graph.in_edges("method:integratedgradients"))
    assert ig == ["Attribution"]
    smr3 = next(n for n, d in graph.nodes(data=True) if d.get("title") == "Smr3")
    assert not [v for _, v in graph.out_edges(smr3) if v.startswith("method:")]


def test_a_vocabulary_concept_a_paper_proposes_becomes_its_method_for_every_paper(write):
    rows = [
        ("Adam: A Method for Stochastic Optimization", "We introduce Adam, an algorithm for optimization."),
        ("Bounds", "Optimizers such as RMSprop and Adam converge fast. We train with Adam."),
        ("Sgd", "We compare SGD with the Adam optimizer on CIFAR-10."),
        ("Metric", "This paper proposes the least disagree metric (LDM) for active learning."),
        ("Video", "We turn a latent diffusion model (LDM) into a depth estimator."),
        ("Flows: Building Blocks of Agents", "We present Flows, a framework for agents."),
        ("Encrypted Data Flows With Records", "Traffic classification of data flows. Flows are encrypted."),
    ]
    path = _rows_file(write, "adam.jsonl", rows)
    graph = build([path], None, progress=False).graph
    adam = sorted((graph.nodes[p]["title"], k) for p, _, k in graph.in_edges("method:adam", keys=True))
    assert adam == [
        ("Adam: A Method for Stochastic Optimization", "PROPOSES"),
        ("Bounds", "MENTIONS"),
        ("Sgd", "MENTIONS"),
    ]
    assert "concept:adam-optimizer" not in graph
    assert graph.nodes["method:adam"]["name"] == "Adam"
    ldm = sorted(graph.nodes[p]["title"] for p, _ in graph.in_edges("method:ldm"))
    assert ldm == ["Metric"]
    assert [graph.nodes[p]["title"] for p, _ in graph.in_edges("concept:latent-diffusion-model")] == ["Video"]
    flows = sorted(graph.nodes[p]["title"] for p, _ in graph.in_edges("method:flows"))
    assert flows == ["Flows: Building Blocks of Agents"]


def test_two_processes_resolve_the_bundled_corpus_as_one():
    papers, _ = ingest([bundled_corpus()])
    extractions = list(iter_extractions(papers))
    one, two = resolve(extractions, processes=1), resolve(extractions, processes=2)
    # the split step's work: other papers' method names found in a paper (MENTIONS)
    assert sum(1 for ms in one.mentions.values() for m in ms if m.label == "Method" and not m.role) > 20
    assert two.mentions == one.mentions
    assert (two.entities, two.merges, two.ambiguous_acronyms) == (
        one.entities,
        one.merges,
        one.ambiguous_acronyms,
    )


def test_a_concept_is_named_as_an_abstract_writes_it_not_as_a_title_capitalizes_it(write):
    rows = [
        ("Spectral Graph Sketches: A Study", "We study them."),
        ("Spectral Graph Sketches for Planning", "We plan with them, as spectral graph sketches allow."),
    ]
    graph = build([_rows_file(write, "names.jsonl", rows)], None, progress=False).graph
    assert graph.nodes["concept:spectral-graph-sketch"]["name"] == "spectral graph sketches"


def test_umbrella_phrases_link_no_papers(write):
    rows = [
        (
            "One",
            "Machine learning with neural networks: we study contrastive learning for artificial intelligence "
            "(AI). AI systems and AI models use generative AI.",
        ),
        (
            "Two",
            "Contrastive learning is a machine learning method; AI and computer vision use it. AI systems "
            "and AI models help; generative AI helps.",
        ),
    ]
    graph = build([_rows_file(write, "broad.jsonl", rows)], None, progress=False).graph
    concepts = sorted(n for n in graph if n.startswith("concept:"))
    assert concepts == ["concept:contrastive-learning", "concept:generative-ai"]
    assert _links(graph, "concept:contrastive-learning") == [("One", "MENTIONS"), ("Two", "MENTIONS")]


def test_a_long_form_ending_with_a_vocabulary_concept_links_its_paper_to_both(write):
    rows = [
        ("One", "We support Noise Ignorant Empirical Risk Minimization (NI-ERM) for noisy labels."),
        ("Two", "Empirical risk minimization overfits."),
    ]
    graph = build([_rows_file(write, "long.jsonl", rows)], None, progress=False).graph
    assert _links(graph, "concept:noise-ignorant-empirical-risk-minimization") == [("One", "MENTIONS")]
    assert _links(graph, "concept:empirical-risk-minimization") == [("One", "MENTIONS"), ("Two", "MENTIONS")]


def test_a_term_that_extends_a_vocabulary_concept_links_its_papers_to_both(write):
    rows = [
        ("One", "We study conditional diffusion models on faces."),
        ("Two", "Conditional diffusion models fail on text."),
        ("Three", "A sparse diffusion model is fast."),
        ("Four", "Our reasoning model is small."),
    ]
    graph = build([_rows_file(write, "extends.jsonl", rows)], None, progress=False).graph
    assert _links(graph, "concept:conditional-diffusion-model") == [("One", "MENTIONS"), ("Two", "MENTIONS")]
    assert _links(graph, "concept:diffusion-model") == [
        ("One", "MENTIONS"),
        ("Three", "MENTIONS"),
        ("Two", "MENTIONS"),
    ]
    # a narrower kind of the concept it ends with is kept where one paper says it once;
    # another extension ("reasoning model" around "reasoning") must score as a term
    assert _links(graph, "concept:sparse-diffusion-model") == [("Three", "MENTIONS")]
    assert _links(graph, "concept:reasoning") == [("Four", "MENTIONS")]
    assert "concept:reasoning-model" not in graph
