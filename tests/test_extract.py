from __future__ import annotations

import contextlib
import gc
import re
import threading

import pytest
from thinc.api import ConfigValidationError

from graphbuild.extract import build_nlp, mentions
from graphbuild.extract.acronyms import find_definitions
from graphbuild.extract.citations import find_citations
from graphbuild.extract.concepts import term_candidates
from graphbuild.extract.found import Found
from graphbuild.extract.mentions import iter_extractions, settled
from graphbuild.extract.methods import find_methods
from graphbuild.extract.pipeline import COMPONENTS
from graphbuild.extract.repositories import find_repositories, normalize_repository
from graphbuild.extract.text import phrase_key, singularize
from graphbuild.records import Paper, SourceLocation


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def method_names(text: str) -> list[str]:
    """Names ``find_methods`` gives a "title\nabstract" text, with its definitions."""
    title_end = text.index("\n")
    return [f.name for f in find_methods(text, title_end, find_definitions(text, title_end))]


def spans(nlp, text: str, group: str) -> list[tuple[str, str, int, int]]:
    doc = nlp(text)
    return [(f.name, text[f.start : f.end], f.start, f.end) for f in doc._.gb_found[group]]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/MSiam/TFSegmentation", "github.com/msiam/tfsegmentation"),
        ("http://www.github.com/Owner/Repo.git", "github.com/owner/repo"),
        ("github.com/owner/repo/tree/main/src/x.py", "github.com/owner/repo"),
        ("https://gitlab.com/group/sub/project", "gitlab.com/group/sub"),
        ("https://huggingface.co/datasets/Org/Data/blob/main/x", "huggingface.co/datasets/org/data"),
        ("https://huggingface.co/Org/Model-7B", "huggingface.co/org/model-7b"),
        ("https://bitbucket.org/team/tool", "bitbucket.org/team/tool"),
    ],
)
def test_repository_urls_are_normalized(url, expected):
    (found,) = find_repositories(f"Code: {url}.")
    assert found.name == expected
    assert found.key == f"repo:{expected}"


def test_repository_span_excludes_trailing_punctuation_and_non_repo_pages():
    text = 'Available at "https://github.com/MSiam/TFSegmentation". See https://huggingface.co/papers/2401.1.'
    assert [(f.name, text[f.start : f.end]) for f in find_repositories(text)] == [
        ("github.com/msiam/tfsegmentation", "https://github.com/MSiam/TFSegmentation")
    ]
    assert normalize_repository("github.com", "owner") == "github.com/owner"


def test_citation_forms_share_reference_keys():
    text = (
        "DDPM (Ho et al., 2020) and DDIM (Song et al., 2021); Lee et al. (2018); (Brown et al. 2020); "
        "Aitchison (1986); Smith and Jones, 2019; In (2020) we; arXiv:2310.12345v2; arxiv.org/abs/2310.12345."
    )
    assert [(f.name, f.key, text[f.start : f.end]) for f in find_citations(text)] == [
        ("Ho et al. (2020)", "ref:ho-2020", "Ho et al., 2020"),
        ("Song et al. (2021)", "ref:song-2021", "Song et al., 2021"),
        ("Lee et al. (2018)", "ref:lee-2018", "Lee et al. (2018)"),
        ("Brown et al. (2020)", "ref:brown-2020", "Brown et al. 2020"),
        ("Aitchison (1986)", "ref:aitchison-1986", "Aitchison (1986)"),
        ("Smith and Jones (2019)", "ref:smith-2019", "Smith and Jones, 2019"),
        ("arXiv:2310.12345", "ref:arxiv:2310.12345", "arXiv:2310.12345v2"),
        ("arXiv:2310.12345", "ref:arxiv:2310.12345", "arxiv.org/abs/2310.12345"),
    ]
    packed = (
        "pruning pre-trained NN (LeCun et al.,1990; Hassibi et al., 1993; McAllester (1999)), "
        "'Vaswani et al., 2017', Gómez-Bombarelli et al. (2018), Schölkopf et al. (2012) and "
        "Lopez-Paz et al.,2020; not Smith,2019, Figure 1,2020, LeNet (1998) nor DeepMind (2020)."
    )
    assert [(f.key, packed[f.start : f.end]) for f in find_citations(packed)] == [
        ("ref:lecun-1990", "LeCun et al.,1990"),
        ("ref:hassibi-1993", "Hassibi et al., 1993"),
        ("ref:mcallester-1999", "McAllester (1999)"),
        ("ref:vaswani-2017", "Vaswani et al., 2017"),
        ("ref:gómez-bombarelli-2018", "Gómez-Bombarelli et al. (2018)"),
        ("ref:schölkopf-2012", "Schölkopf et al. (2012)"),
        ("ref:lopez-paz-2020", "Lopez-Paz et al.,2020"),
    ]
    venue = "as Abdelfattah et al, ICCV 2023 report, but not Smith ICCV 2023."
    assert [(f.name, f.key, venue[f.start : f.end]) for f in find_citations(venue)] == [
        ("Abdelfattah et al. (2023)", "ref:abdelfattah-2023", "Abdelfattah et al, ICCV 2023"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In optimal transport (OT), maps", [("OT", "optimal transport", "optimal transport (OT)")]),
        (
            "with the OT flow matching (OT-FM) framework",
            [("OT-FM", "OT flow matching", "OT flow matching (OT-FM)")],
        ),
        (
            "pre-trained large language models (LLMs) to",
            [("LLMs", "large language models", "large language models (LLMs)")],
        ),
        (
            "a sparse Mixture of Experts (MoE) layer",
            [("MoE", "Mixture of Experts", "Mixture of Experts (MoE)")],
        ),
        (
            "we use MoE (mixture of experts) layers",
            [("MoE", "mixture of experts", "MoE (mixture of experts)")],
        ),
        (
            "features in a language model's (LM) activations",
            [("LM", "language model", "language model's (LM)")],
        ),
        ("tasks (e.g., speech recognition) and (ours)", []),
        (
            "sequence-to-sequence (seq2seq) models",
            [("seq2seq", "sequence-to-sequence", "sequence-to-sequence (seq2seq)")],
        ),
        (
            "a linear-to-quadratic (lin2quad) map and (i) or (e.g)",
            [("lin2quad", "linear-to-quadratic", "linear-to-quadratic (lin2quad)")],
        ),
        ("the kernel (rbf) and the operator (ab) here", []),
        (
            "trained by Stochastic Gradient Descent-based (SGD) algorithms",
            [("SGD", "Stochastic Gradient Descent", "Stochastic Gradient Descent-based (SGD)")],
        ),
        ("a Transformer-based (TB) model", [("TB", "Transformer-based", "Transformer-based (TB)")]),
        (
            "our algorithm, FedWad (for Federated Wasserstein Distance), and ViT (for images)",
            [("FedWad", "Federated Wasserstein Distance", "FedWad (for Federated Wasserstein Distance)")],
        ),
    ],
)
def test_acronym_definitions_both_directions(text, expected):
    assert [(d.short, d.long, text[d.start : d.end]) for d in find_definitions(text)] == expected


def test_a_definition_in_the_title_stays_in_the_title():
    text = "Recurrent Neural Networks (RNNs): An Overview\nWe explain backpropagation through time (BPTT)."
    found = find_definitions(text, text.index("\n"))
    assert [(d.short, d.long, text[d.start : d.end]) for d in found] == [
        ("RNNs", "Recurrent Neural Networks", "Recurrent Neural Networks (RNNs)"),
        ("BPTT", "backpropagation through time", "backpropagation through time (BPTT)"),
    ]


def test_acronym_plural_short_form_has_singular_base():
    (d,) = find_definitions("large language models (LLMs)")
    assert d.short_base == "LLM"


def test_core_single_word_concepts_and_their_variants_are_vocabulary(nlp):
    text = (
        "Grokking: Generalization Beyond Overfitting\nWe study generalization performance, "
        "overfitting and convergence rates of reasoning models. A careful initialization helps."
    )
    assert spans(nlp, text, "gb_concepts") == [
        ("grokking", "Grokking", 0, 8),
        ("generalization", "Generalization", 10, 24),
        ("overfitting", "Overfitting", 32, 43),
        ("generalization", "generalization performance", 53, 79),
        ("overfitting", "overfitting", 81, 92),
        ("convergence", "convergence rates", 97, 114),
        ("reasoning", "reasoning", 118, 127),
        ("reasoning models", "reasoning models", 118, 134),  # a term candidate extending it
    ]  # a bare "initialization" may be any algorithm's: only "weight initialization" is one


def test_bare_short_form_uses_resolve_to_the_long_form_concept(nlp):
    text = "Title\nIn optimal transport (OT), a map moves mass. Unbalanced OT relaxes it; OT-FM differs."
    concept_spans = [(name, surface) for name, surface, _, _ in spans(nlp, text, "gb_concepts")]
    assert ("optimal transport", "optimal transport") in concept_spans
    assert ("optimal transport", "OT") in concept_spans
    assert sum(1 for _, surface in concept_spans if surface == "OT") == 1  # not inside "OT-FM"


def test_proposed_method_cues():
    text = (
        "SelMix: Selective Mixup\nWe propose SelMix, a fine-tuning technique. A variant, dubbed SelMix-L, "
        "and another called Fast-SelMix are shown; we introduce Neural PG-RANK, a new algorithm, and "
        "we present a theoretically grounded method. We introduce MODEL SELECTOR, a framework, "
        "and more."
    )
    title_end = text.index("\n")
    assert [(f.name, f.role) for f in find_methods(text, title_end, [])] == [
        ("SelMix", "proposes"),
        ("SelMix", "proposes"),
        ("SelMix-L", "proposes"),
        ("Fast-SelMix", "proposes"),
        ("Neural PG-RANK", "proposes"),
        ("MODEL SELECTOR", "proposes"),
    ]


def test_research_introduces_our_kind_for_and_our_quoted_kind_name_methods():
    text = (
        "T\nOur research introduces WhisperInject, a two-stage attack. Our algorithm, FedWad (for "
        'Federated Wasserstein Distance), converges. We show that our "Fisher merging" technique '
        'helps, while our "two" steps and our model, BERT (Devlin et al.) do not name methods.'
    )
    definitions = find_definitions(text, 2)
    assert [f.name for f in find_methods(text, 1, definitions)] == [
        "WhisperInject",
        "FedWad",
        "Fisher merging",
    ]


def test_capitalized_names_apposed_names_and_second_names_after_a_cue():
    text = (
        "T\nWe propose Differentiable Hyperparameter Grid Search and the HyperCuboid search space. "
        "This results in a new minimalist baseline -- R3GAN. We design a new attribution method "
        "called Integrated Gradients. We introduce Diffusion Policy Policy Optimization, DPPO, a "
        "framework. The mesh uses so-called Free-Form Deformation. We propose Attention Weighted "
        "Mixture of Experts (AW-MoE) with ranking. We evaluate two architectures, namely BERT and "
        "ConvKNRM. We construct two novel benchmarks named Env-DocRED and Env-Re-DocRED."
    )
    found = find_methods(text, 1, find_definitions(text, 1))
    assert [(f.name, text[f.start : f.end]) for f in found] == [
        ("Differentiable Hyperparameter Grid Search", "Differentiable Hyperparameter Grid Search"),
        ("HyperCuboid", "HyperCuboid"),
        ("R3GAN", "R3GAN"),
        ("Integrated Gradients", "Integrated Gradients"),
        ("DPPO", "DPPO"),
        ("AW-MoE", "AW-MoE"),
    ]  # "namely BERT and ConvKNRM" lists existing architectures


def test_a_dataset_named_after_its_cue_noun_is_introduced(nlp):
    text = "T\nWe construct two novel benchmarks named Env-DocRED and Env-Re-DocRED from DocRED."
    doc = nlp(text)
    found = doc._.gb_found["gb_datasets"]
    assert [(f.name, f.role) for f in found] == [
        ("Env-DocRED", "introduces"),
        ("Env-Re-DocRED", "introduces"),
        ("DocRED", ""),
    ]


def test_acronym_defined_after_a_proposal_verb_names_the_method():
    text = (
        "T\nWe introduce Reinforcement Learning with Optimistic Ascent-Descent (ReLOAD), a principled method. "
        "We build upon prior work and propose Neural Procedural Bias Meta-Learning (NPBML)."
    )
    definitions = find_definitions(text, 2)
    assert [f.name for f in find_methods(text, 1, definitions)] == ["ReLOAD", "NPBML"]


def test_every_component_fills_its_span_group_with_offsets_and_sentence(nlp):
    text = "A Title\nWe use https://github.com/a/b. Then (Ho et al., 2020) helps."
    doc = nlp(text)
    assert [s.text for s in doc.sents] == [
        "A Title\n",
        "We use https://github.com/a/b.",
        "Then (Ho et al., 2020) helps.",
    ]
    (repo,) = doc.spans["gb_repositories"]
    assert (repo.label_, repo.kb_id_) == ("Repository", "repo:github.com/a/b")
    assert [(f.start, f.end) for f in doc._.gb_found["gb_repositories"]] == [(15, 37)]
    (ref,) = doc.spans["gb_citations"]
    assert ref.sent.text == "Then (Ho et al., 2020) helps."


def test_the_builds_pipeline_finds_the_same_without_span_groups(nlp):
    text = (
        "A Title\nWe use https://github.com/a/b and Vision Transformers (ViTs). Then (Ho et al., 2020) helps."
    )
    with_spans, without = nlp(text), build_nlp(span_groups=False)(text)
    assert sorted(with_spans.spans) == [
        "gb_acronyms",
        "gb_citations",
        "gb_concepts",
        "gb_datasets",
        "gb_methods",
        "gb_models",
        "gb_repositories",
    ]
    assert len(with_spans.spans["gb_acronyms"]) == 1
    assert not without.spans
    assert without._.gb_found == with_spans._.gb_found
    assert [f.name for f in without._.gb_found["gb_models"]] == ["ViT"]
    assert [d.short for d in without._.gb_acronyms] == ["ViTs"]


def test_the_span_groups_setting_is_a_validated_config_value():
    config = build_nlp(span_groups=False).config
    assert [config["components"][name]["span_groups"] for name in COMPONENTS] == [False] * 7
    assert "span_groups = false" in config.to_str()
    with pytest.raises(ConfigValidationError):
        build_nlp(span_groups="false")


def test_pipeline_is_spacy_blank_plus_own_components(nlp):
    assert nlp.pipe_names == [
        "gb_sentences",
        "gb_repositories",
        "gb_citations",
        "gb_acronyms",
        "gb_models",
        "gb_datasets",
        "gb_methods",
        "gb_concepts",
    ]
    assert nlp.meta["name"] == "pipeline"


@pytest.mark.parametrize(
    ("word", "single"),
    [
        ("models", "model"),
        ("studies", "study"),
        ("analysis", "analysis"),
        ("losses", "loss"),
        ("batches", "batch"),
        ("data", "data"),
        ("matrices", "matrix"),
        ("vertices", "vertex"),
        ("biases", "bias"),
        ("criteria", "criterion"),
        ("phenomena", "phenomenon"),
        ("devices", "device"),
    ],
)
def test_singularize(word, single):
    assert singularize(word) == single


def test_phrase_key_joins_hyphen_case_and_plural():
    assert (
        phrase_key("Diffusion-based Models") == phrase_key("diffusion based model") == "diffusion based model"
    )


def test_datasets_gazetteer_variants_and_distinct_datasets(nlp):
    text = (
        "T\nWe train on CIFAR10, CIFAR-10 and MS-COCO, pretrain on ImageNet-1K and ImageNet-21K, "
        "test on Tiny ImageNet and ImageNet-C, and on the MatrixCity dataset."
    )
    names = [(name, surface) for name, surface, _, _ in spans(nlp, text, "gb_datasets")]
    assert names == [
        ("CIFAR-10", "CIFAR10"),
        ("CIFAR-10", "CIFAR-10"),
        ("COCO", "MS-COCO"),
        ("ImageNet", "ImageNet-1K"),
        ("ImageNet-21K", "ImageNet-21K"),
        ("Tiny ImageNet", "Tiny ImageNet"),
        ("ImageNet-C", "ImageNet-C"),
        ("MatrixCity", "MatrixCity"),
    ]


def test_versions_that_are_other_datasets_or_models_stay_apart():
    from graphbuild.extract.datasets import dataset_lexicon
    from graphbuild.extract.models import model_lexicon

    datasets, models = dataset_lexicon(), model_lexicon()
    assert [datasets.lookup(n).name for n in ("FB15k", "FB15k-237", "OC20", "OC22", "ETTh2", "MOT20")] == [
        "FB15k",
        "FB15k-237",
        "OC20",
        "OC22",
        "ETT",
        "MOTChallenge",
    ]
    assert [models.lookup(n).name for n in ("Phi-3", "Phi-4", "Kosmos-2", "YOLOv8")] == [
        "Phi-3",
        "Phi-4",
        "Kosmos-2",
        "YOLO",
    ]


def test_generic_dataset_phrases_are_not_datasets(nlp):
    text = "T\nWe evaluate on real-world datasets and three benchmarks, using our dataset."
    assert spans(nlp, text, "gb_datasets") == []


def test_ordinary_words_are_not_camel_case_dataset_names(nlp):
    text = (
        "Physical Channel Records\nDeleted records leak; imagenet here is a word. "
        "We test on the ReCoRD benchmark and ImageNet."
    )
    assert [(name, surface) for name, surface, _, _ in spans(nlp, text, "gb_datasets")] == [
        ("ReCoRD", "ReCoRD"),
        ("ImageNet", "ImageNet"),
    ]


def test_introduced_dataset_gets_the_introduces_role(nlp):
    text = (
        "CrowdSpeech: A Benchmark Dataset\nWe collect and release CrowdSpeech -- the first publicly "
        "available large-scale dataset of transcriptions, and evaluate on LibriSpeech."
    )
    doc = nlp(text)
    roles = sorted({(f.name, f.role) for f in doc._.gb_found["gb_datasets"]})
    assert roles == [("CrowdSpeech", "introduces"), ("LibriSpeech", "")]


def test_a_benchmark_named_by_name_it_is_introduced(nlp):
    text = (
        "T\nWe test on AR-LSAT and Caltech101 Silhouettes. We release the prompt-style datasets as a "
        "benchmark suite and name it LogiEval."
    )
    found = nlp(text)._.gb_found["gb_datasets"]
    assert [(f.name, f.role) for f in found] == [
        ("AR-LSAT", ""),
        ("Caltech-101 Silhouettes", ""),
        ("LogiEval", "introduces"),
    ]


def test_a_short_form_defined_before_a_cue_noun_is_a_dataset(nlp):
    text = (
        "T\nWe created the Personality Alignment with Personality Inventories (PAPI) dataset. A "
        "benchmark on the ImageNet-21K (IN-21K) dataset and the Pointer Value Retrieval (PVR) "
        "benchmark introduced before; CoMPaSS is no COMPAS."
    )
    found = nlp(text)._.gb_found["gb_datasets"]
    assert [(text[f.start : f.end], f.name, f.role) for f in found] == [
        ("PAPI", "PAPI", "introduces"),
        ("ImageNet-21K", "ImageNet-21K", ""),
        ("IN-21K", "ImageNet-21K", ""),
        ("PVR", "PVR", ""),
        ("COMPAS", "COMPAS", ""),
    ]


def test_an_introduced_name_that_opens_a_long_form_is_its_short_form(nlp):
    """The name found stops inside the long form ("eLiciTation" is not capitalized): the
    definition names the dataset, and spans it."""
    text = (
        "T\nFurthermore, we curate HallucInation eLiciTation (HILT), a publicly available dataset "
        "of 75,000 samples."
    )
    found = nlp(text)._.gb_found["gb_datasets"]
    assert [(text[f.start : f.end], f.name, f.key, f.role) for f in found] == [
        ("HallucInation eLiciTation (HILT)", "HILT", "dataset:hilt", "introduces"),
    ]


def test_a_plain_word_model_name_only_in_the_title_is_no_model(nlp):
    title = "Rewiring a Generator for a Facial Performer\n"
    alone, again = title + "We compare BlenderBot here.", title + "We compare the Performer."
    assert [(f.name, f.start) for f in nlp(alone)._.gb_found["gb_models"]] == [("BlenderBot", 55)]
    assert [(f.name, f.start) for f in nlp(again)._.gb_found["gb_models"]] == [
        ("Performer", 34),
        ("Performer", 59),
    ]


def test_a_short_form_the_paper_defines_as_something_else_is_no_model(nlp):
    text = (
        "T\nWe study Sharpness-Aware Minimization (SAM); SAM finds flat minima. We also "
        "prompt SAM, the Segment Anything Model, and CLIP (Contrastive Language-Image Pre-training)."
    )
    assert [(f.name, text[f.start : f.end]) for f in nlp(text)._.gb_found["gb_models"]] == [
        ("Segment Anything Model", "Segment Anything Model"),  # spelled out, it is the model
        ("CLIP", "CLIP"),
    ]
    other = "T\nWe prompt the Segment Anything Model (SAM); SAM segments cells."
    assert [f.name for f in nlp(other)._.gb_found["gb_models"]] == ["Segment Anything Model"] * 3


def test_versions_after_a_slash_name_models_of_their_own(nlp):
    text = "T\nWe query LLaMA-1/2 (7B and 13B), GPT-3.5/4, ResNet-18/50 and BERT/4."
    assert [(f.name, text[f.start : f.end]) for f in nlp(text)._.gb_found["gb_models"]] == [
        ("LLaMA", "LLaMA-1"),
        ("Llama 2", "2"),
        ("GPT-3", "GPT-3.5"),
        ("GPT-4", "4"),
        ("ResNet-18", "ResNet-18"),
        ("ResNet-50", "50"),
        ("BERT", "BERT"),
    ]
    last = "T\nWe pre-train VATT, decode with SkipNet and query LLaMA-1/2. GPT-3.5/4.5 is none."
    assert [(f.name, last[f.start : f.end]) for f in nlp(last)._.gb_found["gb_models"]] == [
        ("VATT", "VATT"),
        ("SkipNet", "SkipNet"),
        ("LLaMA", "LLaMA-1"),
        ("Llama 2", "2"),
        ("GPT-3", "GPT-3.5"),
    ]


def test_versions_after_a_slash_name_datasets_of_their_own(nlp):
    text = "T\nLookahead improves SGD on ImageNet, CIFAR-10/100. It also helps on MNIST/2."
    assert [(f.name, text[f.start : f.end]) for f in nlp(text)._.gb_found["gb_datasets"]] == [
        ("ImageNet", "ImageNet"),
        ("CIFAR-10", "CIFAR-10"),
        ("CIFAR-100", "100"),
        ("MNIST", "MNIST"),
    ]


def test_omni_modal_checkpoints_are_models_of_their_own_and_huge_is_a_size(nlp):
    text = "T\nWe attack Qwen2.5-Omni-7B, Phi-4-Multimodal and Qwen2.5-7B, and compare with ViT-huge."
    assert [(f.name, text[f.start : f.end]) for f in nlp(text)._.gb_found["gb_models"]] == [
        ("Qwen-Omni", "Qwen2.5-Omni-7B"),
        ("Phi-4-Multimodal", "Phi-4-Multimodal"),
        ("Qwen", "Qwen2.5-7B"),
        ("ViT", "ViT-huge"),
    ]


def test_models_keep_written_case(nlp):
    text = "T\nWe compare ResNet-18, GPT-3 and ViTs, but a clip of sam is not a model."
    assert [name for name, *_ in spans(nlp, text, "gb_models")] == ["ResNet-18", "GPT-3", "ViT"]


def test_names_set_off_after_a_cue_noun_or_after_examples_of_one_are_datasets(nlp):
    text = (
        "T\nWe build a unified motion generation dataset, MotionVerse, comprising 10 tasks. Methods "
        "do not scale on benchmarks such as the Atari game environment, nor on language modelling "
        "(e.g. WikiText) and audio classification (e.g. DCASE) tasks."
    )
    assert [name for name, *_ in spans(nlp, text, "gb_datasets")] == [
        "MotionVerse",
        "Atari",
        "WikiText",
        "DCASE",
    ]
    assert [name for name, *_ in spans(nlp, "T\nAn Atari console and such as Atari.", "gb_datasets")] == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("CrowdSpeech and VoxDIY: Benchmark Datasets for Audio\nWe release both.", ["CrowdSpeech", "VoxDIY"]),
        ("DsDm: Model-Aware Dataset Selection with Datamodels\nWe select data.", []),
        ("Redundancy Principles for MLLMs Benchmarks\nWe study VL benchmarks.", []),
        ("T\nIn Minecraft and ALFWorld, WALL-E achieves higher success rates.", ["Minecraft", "ALFWorld"]),
        (
            "T\nOn NExT-QA and Causal-VidQA which feature complex questions, it wins.",
            ["NExT-QA", "Causal-VidQA"],
        ),
    ],
)
def test_titles_plural_acronyms_and_clause_subjects_name_no_datasets(nlp, text, names):
    assert [name for name, *_ in spans(nlp, text, "gb_datasets")] == names


def test_a_metric_named_after_a_model_is_no_use_of_the_model(nlp):
    text = "T\nWe reach a CLIP-I score of 0.8, CLIP scores and an Inception Score with CLIP and GPT-4."
    assert [name for name, *_ in spans(nlp, text, "gb_models")] == ["CLIP", "GPT-4"]
    dated = "T\nWe evaluate text-davinci-003 and gpt-3.5-turbo-0301, and pretrain with SimCLR, BYOL and DQN."
    assert [(name, surface) for name, surface, *_ in spans(nlp, dated, "gb_models")] == [
        ("GPT-3", "text-davinci-003"),
        ("GPT-3", "gpt-3.5-turbo-0301"),
    ]
    tools = "T\nWe use XMem, Grounded-SAM, Track-Anything and SuperPoint."
    assert [name for name, *_ in spans(nlp, tools, "gb_models")] == [
        "XMem",
        "Grounded-SAM",
        "Track Anything",
        "SuperPoint",
    ]


def test_a_name_listed_as_a_dataset_and_as_a_model_goes_by_its_case(nlp):
    text = "T\nWe match keypoints with SuperGlue and evaluate on SuperGLUE and Super-GLUE."
    assert [(name, surface) for name, surface, *_ in spans(nlp, text, "gb_datasets")] == [
        ("SuperGLUE", "SuperGLUE"),
        ("SuperGLUE", "Super-GLUE"),
    ]
    assert [(name, surface) for name, surface, *_ in spans(nlp, text, "gb_models")] == [
        ("SuperGlue", "SuperGlue")
    ]


def test_a_name_made_with_bench_is_a_benchmark(nlp):
    text = "T\nWe top QuokkaBench, MT-Bench, NAS-Bench-201 and SWE-bench on a workbench. The Bench rules."
    assert [(name, surface) for name, surface, *_ in spans(nlp, text, "gb_datasets")] == [
        ("QuokkaBench", "QuokkaBench"),
        ("MT-Bench", "MT-Bench"),
        ("NAS-Bench-201", "NAS-Bench-201"),
        ("SWE-bench", "SWE-bench"),
    ]


def test_a_title_introducing_a_listed_dataset_under_another_name_introduces_the_listed_one(nlp):
    text = (
        "Adversarial GLUE: A Multi-Task Benchmark for Robustness\n"
        "We present Adversarial GLUE (AdvGLUE), a new multi-task benchmark. AdvGLUE is hard."
    )
    doc = nlp(text)
    found = [(f.name, f.key, f.role, text[f.start : f.end]) for f in doc._.gb_found["gb_datasets"]]
    assert found == [
        ("AdvGLUE", "dataset:advglue", "introduces", "Adversarial GLUE"),
        ("AdvGLUE", "dataset:advglue", "introduces", "Adversarial GLUE"),
        ("AdvGLUE", "dataset:advglue", "introduces", "AdvGLUE"),
        ("AdvGLUE", "dataset:advglue", "introduces", "AdvGLUE"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "GOPro: Generate and Optimize Prompts\nWe propose a prompt learning model called GOPro.",
            ["GOPro", "GOPro"],
        ),
        ("T\nWe propose a new deblurring method called GoPro.", ["GoPro"]),
        ("T\nWe propose a new method called BEIR for retrieval.", []),
    ],
)
def test_only_a_name_found_as_a_dataset_wherever_it_stands_is_no_method(text, names):
    """GoPro is listed as an ambiguous dataset name (found only next to a cue noun), so it
    does not stop a paper from naming its method so; BEIR is always a dataset."""
    assert method_names(text) == names


def test_a_single_letter_before_a_space_starts_no_name(nlp):
    """The "s" of "OpenAI's" joined to "BERT" spells the alias "SBERT"; the walk used to
    start there, drop the miscased match and skip BERT. Names split after a letter by a
    hyphen, or after a stop word by a space, are still found."""
    text = "T\nWe use OpenAI's BERT and Image Net, but not the ImageNet-21K of a CIFAR 10 run."
    assert spans(nlp, text, "gb_models") == [("BERT", "BERT", 18, 22)]
    assert [(name, surface) for name, surface, *_ in spans(nlp, text, "gb_datasets")] == [
        ("ImageNet", "Image Net"),
        ("ImageNet-21K", "ImageNet-21K"),
        ("CIFAR-10", "CIFAR 10"),
    ]
    text = "T\nWe fine-tune m-BERT on X-Sum, IF-Eval, No Caps and How To 100M."
    assert [surface for _, surface, *_ in spans(nlp, text, "gb_models")] == ["m-BERT"]
    assert [(name, surface) for name, surface, *_ in spans(nlp, text, "gb_datasets")] == [
        ("XSum", "X-Sum"),
        ("IFEval", "IF-Eval"),
        ("NoCaps", "No Caps"),
        ("HowTo100M", "How To 100M"),
    ]


def test_bundled_corpus_every_github_url_is_one_repository_linked_to_its_paper(corpus_build):
    url = re.compile(r"github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]*[A-Za-z0-9_-])", re.I)
    expected = set()
    for paper in corpus_build.papers:
        for owner, repo in url.findall(paper.text):
            expected.add((paper.id, f"repo:github.com/{owner.lower()}/{re.sub(r'.git$', '', repo.lower())}"))
    graph = corpus_build.graph
    linked = {
        (u, v) for u, v, k in graph.edges(keys=True) if k == "HAS_CODE" and v.startswith("repo:github.com/")
    }
    assert linked == expected
    assert len(expected) == 148
    repos = [
        n
        for n, d in graph.nodes(data=True)
        if d["label"] == "Repository" and n.startswith("repo:github.com/")
    ]
    assert len(repos) == len({v for _, v in expected})


def test_title_case_compounds_and_versions_are_not_coined_names():
    text = (
        "Gradient-Based Red Teaming\nIn this paper, we present Gradient-Based Red Teaming, dubbed GBRT. "
        "The v1.0 benchmark and the Few-Shot benchmark are released with the WikiQA-2 benchmark."
    )
    assert [f.name for f in find_methods(text, text.index("\n"), [])] == ["GBRT"]


def test_version_and_title_case_compound_before_cue_noun_are_not_datasets(nlp):
    text = "T\nThe v1.0 benchmark and the Few-Shot benchmark are released with the WikiQA-2 benchmark."
    assert [name for name, *_ in spans(nlp, text, "gb_datasets")] == ["WikiQA-2"]


def test_hyphenated_names_before_cue_nouns_and_suffixes(nlp):
    text = (
        "T\nWe test on the NSL-KDD dataset, the FS-Mol benchmark and BlockMNIST-based datasets, "
        "and report GPT-3.5-turbo and LLaMA-3.1-8B results."
    )
    assert [name for name, *_ in spans(nlp, text, "gb_datasets")] == ["NSL-KDD", "FS-Mol"]
    assert [name for name, *_ in spans(nlp, text, "gb_models")] == ["GPT-3", "Llama 3"]


def test_tokenizer_keeps_the_text_and_splits_hyphens(nlp):
    text = "Title\n  We use e.g. GPT-3.5-turbo (Ho et al., 2020).\tIt  works: 1,000 runs on v1.0!\n"
    doc = nlp(text)
    assert doc.text == text
    words = [t.text for t in doc]
    assert words[:14] == [
        "Title",
        "\n  ",
        "We",
        "use",
        "e.g.",
        "GPT",
        "-",
        "3.5",
        "-",
        "turbo",
        "(",
        "Ho",
        "et",
        "al.",
    ]
    assert "1,000" in words and "v1.0" in words
    assert [s.text.strip() for s in doc.sents] == [
        "Title",
        "We use e.g. GPT-3.5-turbo (Ho et al., 2020).",
        "It  works: 1,000 runs on v1.0!",
    ]


def test_quoted_and_title_method_names_but_not_adjectives_or_concepts():
    text = (
        "Adjoint Matching: Fine-tuning Flows\nWe present Adjoint Matching, and we call the results "
        '"model soups." We present an AI-based data assimilation model.'
    )
    found = find_methods(text, text.index("\n"), [])
    assert [(f.name, text[f.start : f.end]) for f in found] == [
        ("Adjoint Matching", "Adjoint Matching"),
        ("Adjoint Matching", "Adjoint Matching"),
        ("model soups", "model soups"),
    ]
    concept_title = "Optimal Transport: A Survey\nOptimal transport moves mass."
    assert find_methods(concept_title, concept_title.index("\n"), []) == []


def test_term_candidates_do_not_start_with_a_verb_but_keep_hyphenated_compounds(nlp):
    text = (
        "T\nThe model employs gated convolution to infer hidden states for sequential decision-making tasks."
    )
    doc = nlp(text)
    assert [f.name for f in term_candidates(doc, 1)] == [
        "gated convolution",
        "hidden states",
        "sequential decision-making",
    ]


def test_a_term_starts_after_an_adverb_and_keeps_the_last_words_of_a_long_run(nlp):
    text = (
        "T\nWe construct provably-correct frequentist confidence intervals, seamlessly integrated "
        "into sparse hierarchical graph attention network layers. Results obtained vary."
    )
    found = term_candidates(nlp(text), 1)
    assert [(f.name, text[f.start : f.end]) for f in found] == [
        ("frequentist confidence intervals", "frequentist confidence intervals"),
        ("graph attention network layers", "graph attention network layers"),
    ]
    assert [f.key for f in found] == [
        "concept:frequentist confidence interval",
        "concept:graph attention network layer",
    ]


def test_stop_words_inside_a_compound_that_modifies_a_term_stay_in_it(nlp):
    text = (
        "T\nWe study on-policy sampling with off-policy learning and few-shot adaptation, "
        "unlike state-of-the-art methods and well-known methods. It learns in-context."
    )
    assert [f.name for f in term_candidates(nlp(text), 1)] == [
        "on-policy sampling",
        "off-policy learning",
        "few-shot adaptation",
    ]


def test_verbs_evaluative_adjectives_and_framing_nouns_bound_a_term(nlp):
    text = (
        "T\nBy integrating gradient-based learning, it assigns contribution scores according to "
        "reliable posterior approximations from a constrained optimization perspective; the "
        "trained model generalizes to seven downstream tasks and vice versa."
    )
    assert [f.name for f in term_candidates(nlp(text), 1)] == [
        "gradient-based learning",
        "contribution scores",
        "posterior approximations",
        "constrained optimization",
        "trained model",
    ]


def test_a_term_keeps_a_compound_with_a_generic_last_part_and_never_ends_inside_one(nlp):
    text = (
        "Harmony Multi-Task Decision Transformer\nWe study multi-task learning with long-term memory "
        "and statistics--known as statistical queries--both ways."
    )
    assert [f.name for f in term_candidates(nlp(text), text.index("\n"))] == [
        "Multi-Task Decision Transformer",
        "multi-task learning",
        "long-term memory",
        "statistical queries",
    ]


def test_a_run_that_stops_inside_a_compound_leaves_the_compound_out(nlp):
    text = "T\nWe test the harmony multi-task, on graph neural networks."
    assert [f.name for f in term_candidates(nlp(text), 1)] == ["graph neural networks"]  # no "harmony multi"


def test_a_compound_opens_a_term_whole_and_no_term_starts_inside_one(nlp):
    text = (
        "Low-Precision Training\nWe study low-rank structure, high-dimensional problems, "
        "PDE-constrained optimization, data-driven methods, SGD-like memory, well-known "
        "segmentation methods, a 1-nearest neighbor classifier and a low-budget regime."
    )
    found = term_candidates(nlp(text), text.index("\n"))
    assert [(f.name, text[f.start : f.end]) for f in found] == [
        ("Low-Precision Training", "Low-Precision Training"),
        ("low-rank structure", "low-rank structure"),
        ("high-dimensional problems", "high-dimensional problems"),
        ("PDE-constrained optimization", "PDE-constrained optimization"),
        ("data-driven methods", "data-driven methods"),
        ("segmentation methods", "segmentation methods"),
        ("nearest neighbor classifier", "nearest neighbor classifier"),
        ("low-budget regime", "low-budget regime"),
    ]
    assert found[0].key == "concept:low precision training"


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("We present United States census data from 1990 to 2020.", []),
        ("We present Named Entity Recognition experiments on six languages.", []),
        ("To estimate uncertainty we use a technique called Monte Carlo Dropout at test time.", []),
        ("This method, named Adaptive Moment Estimation, is widely used.", []),
        ("We study the past and present Federal Reserve policy.", []),
        ("We propose PromptBoost and BERT fine-tuning baselines.", ["PromptBoost"]),
        ("We propose a new architecture: ResNet-50 backbones are replaced by ViT-B/16.", []),
        (
            "We propose Learnable Token Merging which reduces latency by half (Table 2).",
            ["Learnable Token Merging"],
        ),
        ("We propose Mixture of Depth Experts for long inputs.", ["Mixture of Depth Experts"]),
        ("We propose Masked Autoencoders for point clouds.", []),
        ("We propose Bayesian Optimization for tuning the learning rate.", []),
        (
            "We use the axioms to design a new attribution method called Integrated Gradients.",
            ["Integrated Gradients"],
        ),
        (
            "We propose a feature selection algorithm called Sequential Attention that works.",
            ["Sequential Attention"],
        ),
    ],
)
def test_capitalized_names_need_a_clause_boundary_and_an_own_method_cue(sentence, names):
    text = "T\n" + sentence
    found = find_methods(text, 1, find_definitions(text, 1))
    assert [f.name for f in found] == names
    assert all(text[f.start : f.end] == f.name for f in found)


def test_a_quoted_name_keeps_its_apostrophes_and_gives_way_to_a_name_for_short():
    text = (
        'T\nWe therefore name our approach "Sample what you can\'t compress", or SWYCC for short. '
        'Which we call "Don\'t Stop" too.'
    )
    assert [(f.name, text[f.start : f.end]) for f in find_methods(text, 1, [])] == [
        ("SWYCC", "SWYCC"),
        ("Don't Stop", "Don't Stop"),
    ]


def test_a_quoted_name_with_spaces_inside_the_quotes_has_exact_offsets():
    text = "T\nWe train a model which we call “ SparseNet ”, a fast model."
    (found,) = find_methods(text, 1, [])
    assert (found.name, text[found.start : found.end]) == ("SparseNet", "SparseNet")


def test_only_a_new_dataset_named_after_its_cue_noun_is_introduced(nlp):
    text = (
        "T\nWe present results on the widely used benchmark called GLUE. "
        "We release two benchmarks called CodeX-Eval and MathX for coding."
    )
    found = nlp(text)._.gb_found["gb_datasets"]
    assert [(f.name, f.role) for f in found] == [
        ("GLUE", ""),
        ("CodeX-Eval", "introduces"),
        ("MathX", "introduces"),
    ]


def test_a_generic_head_noun_ends_a_term_after_a_content_word_and_starts_none(nlp):
    text = (
        "A Restoration Network as an Implicit Prior\nWe run a multiverse analysis. The analysis "
        "of prior work and our theoretical analysis show strong performance in realistic settings."
    )
    assert [f.name for f in term_candidates(nlp(text), text.index("\n"))] == [
        "Restoration Network",
        "Implicit Prior",
        "multiverse analysis",
    ]


def test_gap_ends_a_term_and_side_opens_one_and_assuming_ends_one(nlp):
    """ "gap" heads a term after a content word ("stability gap"; it starts none); "side"
    is a spaCy stop word but opens "side information"; "assuming" is a verb and ends a run;
    "comparable" is a generic word."""
    text = (
        "T\nThe stability gap needs side information. Gap sizes matter for stochastic convex "
        "optimization assuming bounded noise, at comparable accuracy."
    )
    assert [f.name for f in term_candidates(nlp(text), 1)] == [
        "stability gap",
        "side information",
        "stochastic convex optimization",
        "bounded noise",
    ]


def test_first_order_end_to_end_and_ai_open_terms(nlp):
    """Compounds of generic and stop words that name a kind ("first-order", "end-to-end")
    open a term before a content word, and "AI" is a word a term may hold."""
    text = (
        "T\nWe study first-order optimization and end-to-end training of generative AI, first-order "
        "and end-to-end."
    )
    assert [f.name for f in term_candidates(nlp(text), 1)] == [
        "first-order optimization",
        "end-to-end training",
        "generative AI",
    ]


def test_verb_forms_in_ing_may_end_a_term_other_verbs_may_not(nlp):
    text = "T\nWe study occlusion handling and mathematical problem solving. Findings suggest high leverage points."
    assert [f.name for f in term_candidates(nlp(text), 1)] == [
        "occlusion handling",
        "mathematical problem solving",
        "leverage points",
    ]


def test_a_candidate_that_names_a_kind_of_a_vocabulary_concept_extends_it(nlp):
    text = (
        "Revisiting Active Learning\nA conditional diffusion model and deep learning models. "
        "Aligning language models needs a reasoning model."
    )
    found = nlp(text)._.gb_found["gb_concepts"]
    assert [(text[f.start : f.end], f.role) for f in found] == [
        ("Active Learning", ""),
        ("conditional diffusion model", "narrows"),
        ("diffusion model", ""),
        ("deep learning", ""),
        ("language models", ""),
        ("reasoning", ""),
        ("reasoning model", "extends"),
    ]
    title, abstract = text.split("\n")
    (extraction,) = iter_extractions([Paper("p", title, abstract, (SourceLocation("x", 1),))], nlp)
    assert [(m.text, m.start, m.role) for m in extraction.mentions] == [
        (text[f.start : f.end], f.start, f.role) for f in found
    ]


def test_a_candidate_joining_two_vocabulary_concepts_extends_them(nlp):
    text = "T\nWe study Gaussian process regression and fine-tuning diffusion models."
    found = nlp(text)._.gb_found["gb_concepts"]
    assert [(text[f.start : f.end], f.role) for f in found] == [
        ("Gaussian process", ""),
        ("Gaussian process regression", "narrows"),
        ("regression", ""),
        ("fine-tuning", ""),
        ("diffusion models", ""),
    ]


def test_a_long_form_that_ends_with_a_vocabulary_concept_extends_it(nlp):
    text = (
        "T\nWe support Noise Ignorant Empirical Risk Minimization (NI-ERM), unlike Contrastive "
        "Learning Sampler (CLS) and graph neural networks (GNNs). NI-ERM is simple."
    )
    found = nlp(text)._.gb_found["gb_concepts"]
    assert [(text[f.start : f.end], f.name, f.role) for f in found] == [
        (
            "Noise Ignorant Empirical Risk Minimization",
            "Noise Ignorant Empirical Risk Minimization",
            "extends",
        ),
        ("Empirical Risk Minimization", "empirical risk minimization", ""),
        ("Contrastive Learning", "contrastive learning", ""),
        ("Contrastive Learning Sampler", "Contrastive Learning Sampler", ""),
        ("graph neural networks", "graph neural network", ""),
        ("graph neural networks", "graph neural networks", ""),
        ("NI-ERM", "Noise Ignorant Empirical Risk Minimization", ""),
    ]
    title, abstract = text.split("\n")
    (extraction,) = iter_extractions([Paper("p", title, abstract, (SourceLocation("x", 1),))], nlp)
    assert [(m.text, m.role) for m in extraction.mentions if m.label == "Concept"] == [
        ("Noise Ignorant Empirical Risk Minimization", "extends"),
        ("Empirical Risk Minimization", ""),
        ("Contrastive Learning Sampler", ""),
        ("graph neural networks", ""),
        ("NI-ERM", ""),
    ]


def test_a_candidate_that_modifies_the_concept_it_ends_with_narrows_it(nlp):
    text = (
        "T\nWe study online convex optimization. The method enjoys linear convergence. "
        "We tune the learning rate, and learn to tune learning rates, unlike modern fine-tuning "
        "or a designed learning rate. Zero-shot image classification also benefits."
    )
    found = nlp(text)._.gb_found["gb_concepts"]
    assert [(text[f.start : f.end], f.role) for f in found if f.role] == [
        ("online convex optimization", "narrows"),
        ("linear convergence", "narrows"),
        ("tune learning rates", "extends"),
        ("modern fine-tuning", "extends"),
        ("designed learning rate", "extends"),
        ("Zero-shot image classification", "narrows"),
    ]


def test_a_letter_that_opens_a_compound_belongs_to_the_term_a_number_does_not(nlp):
    text = (
        "T\nWe train with v-prediction and derive H-consistency bounds for the f-divergence "
        "of a 1-nearest neighbor rule."
    )
    assert [f.name for f in term_candidates(nlp(text), 1)] == [
        "v-prediction",
        "H-consistency bounds",
        "f-divergence",
        "nearest neighbor rule",
    ]


def test_a_number_of_dimensions_narrows_the_concept_it_modifies(nlp):
    text = "T\nWe study 3D scene understanding and 6D pose estimation from 2D images at 10 Hz."
    found = nlp(text)._.gb_found["gb_concepts"]
    assert [(text[f.start : f.end], f.role) for f in found if f.role] == [
        ("3D scene understanding", "narrows"),
        ("6D pose estimation", "narrows"),
        ("2D images", "candidate"),
    ]


def test_a_hyphenated_modifier_narrows_by_its_last_part(nlp):
    text = (
        "T\nWe study low-light object detection, real-world object detection, state-of-the-art "
        "object detection and large-scale object detection."
    )
    found = nlp(text)._.gb_found["gb_concepts"]
    assert [(text[f.start : f.end], f.role) for f in found if f.role] == [
        ("low-light object detection", "narrows"),
        ("large-scale object detection", "extends"),  # "real-world" and "state-of-the-art" make no term
    ]


def test_a_plural_inside_a_run_of_content_words_ends_the_term(nlp):
    text = (
        "T\nPrototype methods ought to scale, node features carry labels, and model "
        "evaluation encounters limitations; time series forecasting needs graph neural networks."
    )
    found = nlp(text)._.gb_found["gb_concepts"]
    assert [text[f.start : f.end] for f in found if f.role == "candidate"] == [
        "Prototype methods",
        "node features",
        "model evaluation",
    ]
    assert [text[f.start : f.end] for f in found if not f.role] == [
        "time series forecasting",
        "graph neural networks",
    ]


def test_a_title_that_opens_with_a_verb_in_ing_leaves_it_out_of_the_term(nlp):
    text = "Steering Language Generation with Dissecting Sample Hardness\nScaling Laws hold."
    found = nlp(text)._.gb_found["gb_concepts"]
    assert [text[f.start : f.end] for f in found] == [
        "Language Generation",
        "Dissecting Sample Hardness",
        "Scaling Laws",
    ]


def test_british_spellings_meet_the_vocabulary(nlp):
    text = "T\nWe use Bayesian optimisation, and the modelling of memorisation."
    found = nlp(text)._.gb_found["gb_concepts"]
    assert [(text[f.start : f.end], f.key) for f in found] == [
        ("Bayesian optimisation", "concept:bayesian optimization"),
        ("memorisation", "concept:memorization"),
    ]
    assert phrase_key("Tokenisers for Signalling") == "tokenizers for signaling"


def test_an_extending_candidate_overlaps_only_the_concepts_it_holds():
    def f(start, end, label="Concept", role=""):
        return Found(start, end, label, "n", f"k{start}", role)

    held, extending = f(12, 27), f(0, 27, role="extends")
    over_dataset, dataset = f(30, 50, role="extends"), f(40, 50, "Dataset")
    across, concept = f(52, 70, role="extends"), f(60, 80)
    assert settled([held, extending, over_dataset, dataset, across, concept]) == [
        extending,
        held,
        dataset,
        concept,
    ]


def test_data_may_open_or_end_a_term_but_not_after_a_generic_word(nlp):
    text = (
        "T\nWe reweight imbalanced data, improve data quality and use the entire dataset and real-world data."
    )
    assert [f.name for f in term_candidates(nlp(text), 1)] == ["imbalanced data", "data quality"]


def test_a_verb_in_ing_before_an_adjective_takes_an_object_and_opens_no_term(nlp):
    text = (
        "T\nBy sampling sparse subnetworks and learning linear surrogates, the learning rate "
        "and clustering algorithm and matching pursuit work."
    )
    assert [f.name for f in term_candidates(nlp(text), 1)] == [
        "sparse subnetworks",
        "linear surrogates",
        "learning rate",
        "clustering algorithm",
        "matching pursuit",
    ]


def test_a_noun_in_ly_is_no_adverb(nlp):
    text = "T\nWe fit a new variational family, and a rarely used prior."
    assert [f.name for f in term_candidates(nlp(text), 1)] == ["variational family"]


def test_verbs_that_take_an_object_never_end_a_term(nlp):
    text = (
        "T\nWe propose multi-stage pipelines involving measures characterizing model consistency, "
        "selecting influential samples and inferring latent trajectories."
    )
    assert [f.name for f in term_candidates(nlp(text), 1)] == [
        "multi-stage pipelines",
        "model consistency",
        "influential samples",
        "latent trajectories",
    ]


def test_a_term_leaves_out_evaluative_adjectives_and_a_trailing_kind_noun(nlp):
    text = (
        "T\nWith minimal domain knowledge, a standard dot-product attention and the draft selection "
        "algorithm solve the graph coloring instances; the principal-agent problem and a "
        "gradient-based method remain."
    )
    assert [f.name for f in term_candidates(nlp(text), 1)] == [
        "domain knowledge",
        "dot-product attention",
        "draft selection",
        "graph coloring",
        "principal-agent problem",
        "gradient-based method",
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Adam: A Method for Stochastic Optimization\nWe introduce Adam, an algorithm for "
            "first-order optimization. Adam is simple.",
            ["Adam", "Adam"],
        ),
        (
            "Symbolic Discovery\nOur method discovers a simple and effective optimization "
            "algorithm, Lion (Evolved Sign Momentum). It beats Adam.",
            ["Lion"],
        ),
        (
            "Bounds\nWe provide variants called AdaBound and AMSBound respectively, which clip.",
            ["AdaBound", "AMSBound"],
        ),
        ("Wavelets\nOur MultiresConv can be stacked. Our ResNet can be trained.", ["MultiresConv"]),
        ("Altogether: Image Captioning\nAltogether, we show that captions help.", []),
        ("Zebra: Generative Pretraining\nWe show that Zebra solves PDEs in context.", ["Zebra"]),
        ("T\nWe use ImageNet, a dataset of images, and train BERT, a model.", []),
        ("T\nWe introduce a new PEFT method called (IA)^3 that scales activations.", []),
    ],
)
def test_a_plain_capitalized_word_names_a_method_in_a_title_or_an_apposition(text, names):
    title_end = text.index("\n")
    found = find_methods(text, title_end, find_definitions(text, title_end))
    assert [f.name for f in found] == names
    assert all(text[f.start : f.end] == f.name for f in found)


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "We distil with Black-Box Knowledge Distillation (B2KD) here.",
            [("B2KD", "Black-Box Knowledge Distillation")],
        ),
        ("A text-to-image (T2I) model.", [("T2I", "text-to-image")]),
        ("Gains of up to 90% for smaller models (GPT-2) hold.", []),
        ("Lion (Evo\\textbf{Lved Sign Momentum}) is an optimizer.", []),
        ("We propose the {\\it least disagree metric} (LDM) here.", [("LDM", "least disagree metric")]),
        ("Optimizers (e.g. SGD or Adam (GD)) differ.", []),
        (
            "We add Weight-Decomposed Low-Rank Adaptation (DoRA).",
            [("DoRA", "Weight-Decomposed Low-Rank Adaptation")],
        ),
        (
            "Tasks like text-to-image (T2I) and text-to-video (T2V) synthesis.",
            [("T2I", "text-to-image"), ("T2V", "text-to-video")],
        ),
        ("We unify approaches (SHAP, LIME, Meaningful Perturbations, permutation tests) here.", []),
        ("We tune three LLMs (LLaMA 2, Tulu, and NousHermes) here.", []),
        ("We use noise-contrastive estimation~(NCE) here.", [("NCE", "noise-contrastive estimation")]),
        (
            "We introduce Sparse Subspace Variational Inference (SSVI) and Proximal Policy Optimization (PPO).",
            [("SSVI", "Sparse Subspace Variational Inference"), ("PPO", "Proximal Policy Optimization")],
        ),
        ("The left-to-right autoregressive (AR) paradigm.", [("AR", "autoregressive")]),
        (
            "the BEllman Equation-based automatic rank Regularizer (BEER) and Open Access Series "
            "of Imaging Studies (OASIS); the limits of Low-Rank Adaptation (LoRA) and "
            "ImageNet-CoG, a benchmark on the ImageNet-21K (IN-21K).",
            [
                ("BEER", "BEllman Equation-based automatic rank Regularizer"),
                ("OASIS", "Open Access Series of Imaging Studies"),
                ("LoRA", "Low-Rank Adaptation"),
                ("IN-21K", "ImageNet-21K"),
            ],
        ),
        ("Our models (MS) run in Python (PY).", []),
        ("Recently, sequence-to-sequence (seq2seq) models work.", [("seq2seq", "sequence-to-sequence")]),
    ],
)
def test_acronym_first_letters_digits_inside_and_tex_markup(text, pairs):
    assert [(d.short, d.long) for d in find_definitions(text)] == pairs


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Direct Discriminative Optimization: A GAN\nWe propose Direct Discriminative Optimization "
            "(DDO), a framework.",
            ["DDO", "DDO"],
        ),
        ("T\nWe develop a Fisher Information Matrix (FIM) guided metric to prune.", []),
        ("T\nWe propose the Sparse Routing Transformer (SRT) architecture for long inputs.", ["SRT"]),
    ],
)
def test_a_defined_acronym_names_the_method_only_where_the_name_ends(text, names):
    assert method_names(text) == names


def test_a_short_form_defined_as_a_task_is_not_a_dataset_before_datasets(nlp):
    text = "T\nExperts help multi-task learning (MTL). We test on real MTL datasets and the CelebA dataset."
    assert [f.name for f in nlp(text)._.gb_found["gb_datasets"]] == ["CelebA"]


def test_contractions_fillers_and_verbs_bound_terms(nlp):
    text = (
        "Why Mixture Experts Don't Label Dependencies Contribute\nFindings indicate an interesting "
        "observation about gated experts, drawing parallels to sparse routing."
    )
    assert [f.name for f in term_candidates(nlp(text), text.index("\n"))] == [
        "Mixture Experts",
        "Label Dependencies",
        "gated experts",
        "sparse routing",
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "T\nWe propose a new LLM reasoning framework, Reasoning via Planning (RAP). RAP plans.",
            ["RAP"],
        ),
        ("T\nIn contrast, our proposed Poisson Quasimetric Embedding (PQE) is learnable.", ["PQE"]),
        (
            "T\nWe propose two such scores -- the Gradient Normed (GraNd) and the Error L2-Norm (EL2N) "
            "scores -- and show their efficacy.",
            ["GraNd", "EL2N"],
        ),
        ("T\nWe propose a model for Visual Question Answering (VQA) and test it.", []),
        ("T\nWe propose to use Batch Normalization (BN) in each layer.", []),
        ("T\nWe close this gap by introducing Gradient-Boosting RL (GBRL), a framework.", ["GBRL"]),
        (
            "T\nIt improves by proposing the Bayesian Active Learner for Preference Modeling (BAL-PM).",
            ["BAL-PM"],
        ),
        ("T\nIt is hard; by proposing it for Visual Question Answering (VQA) we fail.", []),
        ("T\nWe hence introduce Model-Based Transfer Learning (MBTL), which layers.", ["MBTL"]),
        ("T\nWe further develop minority guidance, a sampling technique that guides.", ["minority guidance"]),
        ("T\nWe develop deep context fusion -- an architectural technique.", ["deep context fusion"]),
        ("T\nWe propose a simple yet effective method, a new baseline for all.", []),
        ("T\nWe propose knowledge distillation, a technique for compression.", []),
        (
            "T\nWe next develop a ContinUal learning method with Backward knowlEdge tRansfer (CUBER), for.",
            ["CUBER"],
        ),
        ("T\nWe propose Free^2Guide, a novel gradient-free framework.", ["Free^2Guide"]),
        ("T\nWe propose a simple and effective remedy, SGDP and AdamP: get rid of it.", ["SGDP", "AdamP"]),
        ("T\nOur recently introduced continual resilient (CoRe) optimizer has shown gains.", ["CoRe"]),
        ("T\nTo this end, we design an Integer Programming (IP) procedure that assigns.", []),
        (
            "T\nWe design an articulated attention mechanism ArtAttention that incorporates parts.",
            ["ArtAttention"],
        ),
        ("T\nWe design a new attention mechanism Based on kernels.", []),
        (
            "T\nFirst, we introduce a new neural scene representation, IB-planes, that can represent scenes.",
            ["IB-planes"],
        ),
        (
            "T\nWe propose a novel lightweight aggregation rule, Federated Gradient Projection (FedGP), which.",
            ["FedGP"],
        ),
        ("T\nWe design a new bilevel optimization algorithm, namely BO-REP, to address it.", ["BO-REP"]),
        ("T\nOur method helps two leading neural ranking architectures, namely BERT and ConvKNRM.", []),
        ("BERT: Pre-training of Deep Bidirectional Transformers\nWe introduce a new model.", []),
        ("CoRe Optimizer: An All-in-One Solution\nWe compare the CoRe optimizer.", ["CoRe"]),
        (
            "Adaptive Reordering Sampler with Neurally Guided MAGSAC\nWe add a loss. Adaptive Reordering "
            "Sampler with Neurally Guided MAGSAC (ARS-MAGSAC) is superior.",
            ["ARS-MAGSAC"],
        ),
        (
            "Prompt Optimization with Human Feedback\nWe study the problem of prompt optimization with "
            "human feedback (POHF), in which we ask.",
            [],
        ),
        (
            "Surrogate Model Extension (SME): A Fast Attack on Federated Learning\nWe attack it.",
            ["SME"],
        ),
        ("T\nRemarkably, our method, PAS, wins. Our model, BERT, is known.", ["PAS"]),
        ("T\nWe call this architecture a Pointer Net (Ptr-Net). We show Ptr-Nets work.", ["Ptr-Net"]),
        (
            "T\nWe present Adversarial GLUE (AdvGLUE), a new multi-task benchmark, and we propose "
            "Sequential Monte Carlo (SMC) algorithms.",
            [],
        ),
        (
            "T\nWe utilize a novel Semantic Gradient Guidance (SGG) method; a Progressive Translation "
            "Learning (PTL) strategy is devised. A new Vision Transformer (ViT) helps.",
            ["SGG", "PTL"],
        ),
        ("T\nIt is like mean-field inference; thus, we term it variational BoN (vBoN). It works.", ["vBoN"]),
        (
            "Contrastive Policy Gradient: Aligning LLMs\nWe introduce Contrastive Policy Gradient, or "
            "CoPG, a new RL algorithm. We test the proposed CoPG.",
            ["CoPG", "CoPG", "CoPG"],
        ),
        (
            "The MultiBERTs: BERT Reproductions\nWe introduce the MultiBERTs, a set of checkpoints.",
            ["MultiBERTs", "MultiBERTs"],
        ),
        (
            'T\nWe present a novel algorithm named "Ghost Batch Normalization" which helps.',
            ["Ghost Batch Normalization"],
        ),
        ("T\nWe introduce the BiGGen Bench, a principled generation benchmark.", []),
        (
            'T\nOur proposed "Probe-Analyze-Refine" workflow helps; the proposed "Method" too.',
            ["Probe-Analyze-Refine"],
        ),
        ("T\nWe develop Meta Reinforcement Fine-Tuning, or MRT, a new class of methods.", ["MRT"]),
        ("T\nWe propose Bayesian Optimization or Random Search, a method.", []),
        (
            "T\nWe propose a novel method called Poeem, which stands for more. This technique called Dropout.",
            ["Poeem"],
        ),
        ("T\nOur new algorithm, Proximal Policy Gradient Arborescence (PPGA), achieves results.", ["PPGA"]),
        (
            "T\nA novel framework termed Mathematical Architecture Design for Deep CNN (DeepMAD) is proposed. "
            "We propose Gradient Matching for Domain Generalization (DG) too.",
            ["DeepMAD", "Gradient Matching"],
        ),
    ],
)
def test_a_definition_after_the_kind_a_cue_introduces_or_after_our_proposed_names_the_method(text, names):
    """Set off after "we propose a new … framework,", after "our proposed", or joined by
    "and the" to a proposed definition; not past a preposition after the cue."""
    assert method_names(text) == names


def test_a_name_the_paper_introduces_as_a_dataset_is_not_also_its_method(nlp):
    title = "HALoGEN: Fantastic LLM Hallucinations"
    abstract = "In this work, we release HALoGEN, a comprehensive hallucination benchmark."
    (extraction,) = iter_extractions([Paper("p", title, abstract, (SourceLocation("x", 1),))], nlp)
    assert [(m.label, m.text, m.role) for m in extraction.mentions if m.label != "Concept"] == [
        ("Dataset", "HALoGEN", "introduces")
    ]


def test_a_title_article_is_no_part_of_an_introduced_name_and_bench_after_a_name_is_one(nlp):
    text = "The BiGGen Bench: A Principled Benchmark\nWe introduce the BiGGen Bench, a new benchmark."
    assert spans(nlp, text, "gb_datasets") == [
        ("BiGGen Bench", "BiGGen Bench", 4, 16),
        ("BiGGen Bench", "BiGGen Bench", 58, 70),
    ]


def test_capitalized_runs_before_a_cue_noun_and_recased_names_in_a_list_are_datasets(nlp):
    text = (
        "T\nWe apply it to the CNN QA benchmark. Results on the Public Figures and OSR benchmarks "
        "and the OOD XSUM dataset. We use benchmarks such as GLUE, Squad, WikiText2. "
        "The Standard Benchmark is not one, and a squad of robots is no dataset."
    )
    assert spans(nlp, text, "gb_datasets") == [
        ("CNN QA", "CNN QA", 21, 27),
        ("Public Figures", "Public Figures", 54, 68),
        ("OSR", "OSR", 73, 76),
        ("XSum", "XSUM", 100, 104),
        ("GLUE", "GLUE", 140, 144),
        ("SQuAD", "Squad", 146, 151),
        ("WikiText-2", "WikiText2", 153, 162),
    ]


def test_a_checkpoint_size_and_variant_belong_to_the_mention_of_its_family(nlp):
    text = "T\nWe tune Zephyr-7b-beta, Mistral-7B-Instruct and LLAMA-33B against Mixtral 8x7B and GPT-2-based nets."
    assert spans(nlp, text, "gb_models") == [
        ("Zephyr", "Zephyr-7b-beta", 10, 24),
        ("Mistral", "Mistral-7B-Instruct", 26, 45),
        ("LLaMA", "LLAMA-33B", 50, 59),
        ("Mixtral", "Mixtral 8x7B", 68, 80),
        ("GPT-2", "GPT-2", 85, 90),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "T\nCompared to existing methods, the proposed UA-Backprop has competitive accuracy.",
            ["UA-Backprop"],
        ),
        ("T\nThe proposed method works, and our proposed BERT variant too.", []),
        ("T\nWe introduce LaTent Reasoning Optimization (LaTRO), a principled framework.", ["LaTRO"]),
        ("T\nWe compute the harmonic mean as the overall rating called F1 score.", []),
        ("T\nWe derive a scheme which we call Feynman-Kac Correctors (FKCs) based on a formula.", ["FKC"]),
    ],
)
def test_the_proposed_name_acronym_long_forms_metrics_and_based_on(text, names):
    """ "the proposed X" names a coined method; a long form with odd capitals ("LaTent")
    is no name of its own, the acronym is; a metric is no method; "based on" ends a name."""
    assert method_names(text) == names


def test_a_parenthesis_listing_names_after_a_cue_noun_names_datasets_not_an_acronym(nlp):
    text = (
        "T\nWe extrapolate four learning curve benchmarks (LCBench, NAS-Bench-201, Taskset, and PD1) "
        "well. Other datasets (Table 2) and benchmarks (see Section 3) are no names."
    )
    assert spans(nlp, text, "gb_datasets") == [
        ("LCBench", "LCBench", 49, 56),
        ("NAS-Bench-201", "NAS-Bench-201", 58, 71),
        ("Taskset", "Taskset", 73, 80),
        ("PD1", "PD1", 86, 89),
    ]
    assert find_definitions(text, 2) == []


def test_a_name_defined_as_something_else_is_no_listed_dataset_without_a_cue(nlp):
    text = (
        "T\nWe introduce LaTent Reasoning Optimization (LaTRO), a framework. On GSM8K, LaTRO improves "
        "accuracy. The indirect object identification (IOI) task uses the IOI or OpenWebText datasets."
    )
    assert [name for name, *_ in spans(nlp, text, "gb_datasets")] == ["GSM8K", "IOI", "OpenWebText"]


def test_generic_last_parts_of_a_compound_stay_in_a_term(nlp):
    text = (
        "T\nThe attention over window-based memories and a domain-specific language, not task-specific heads."
    )
    doc = nlp(text)
    assert [(text[f.start : f.end], f.key) for f in term_candidates(doc, 2)] == [
        ("window-based memories", "concept:window based memory"),
        ("domain-specific language", "concept:domain specific language"),
    ]


def test_a_listed_version_of_a_model_family_with_its_size(nlp):
    text = "T\nAcross Phi-3.5-mini and GPT-2 Medium."
    assert spans(nlp, text, "gb_models") == [
        ("Phi-3", "Phi-3.5-mini", 9, 21),
        ("GPT-2", "GPT-2 Medium", 26, 38),
    ]


def test_a_short_form_defined_as_a_task_is_no_dataset_but_a_defined_benchmark_is(nlp):
    text = (
        "T\nWe study visual question answering (VQA) and captioning and VQA models. "
        "We test 12 tasks spanning three domains: BIG-Bench Hard (BBH), and more."
    )
    assert [name for name, *_ in spans(nlp, text, "gb_datasets")] == ["BIG-Bench Hard", "BIG-Bench Hard"]


@pytest.mark.parametrize(
    ("text", "names", "pairs"),
    [
        (
            "T\nThe enhanced algorithm, termed DSAC with Three refinements (DSAC-T or DSACv2), is evaluated.",
            ["DSAC-T"],
            [("DSAC-T", "DSAC with Three refinements")],
        ),
        (
            "T\nWe model the parameter as a variable and present variational score distillation (VSD), a framework.",
            ["VSD"],
            [("VSD", "variational score distillation")],
        ),
        ("T\nWe introduce Gravity, another algorithm for gradient-based optimization.", ["Gravity"], []),
    ],
)
def test_an_alternative_short_form_and_present_and_another_kind(text, names, pairs):
    title_end = text.index("\n")
    definitions = find_definitions(text, title_end)
    assert [(d.short, d.long) for d in definitions] == pairs
    assert [f.name for f in find_methods(text, title_end, definitions)] == names


def test_a_capitalized_word_may_open_a_term_in_the_abstract_but_not_continue_a_title_case_run(nlp):
    """An eponym opens a term ("Hamiltonian dynamics", "Markov chains"); a Title Case run
    ("Integrated Gradients") is a name, and "Terry" of "Bradley-Terry" continues a compound."""
    text = (
        "T\nWe use uncorrected Hamiltonian dynamics. The Integrated Gradients method and a "
        "Bradley-Terry preference model. Markov chains are used."
    )
    doc = nlp(text)
    assert [(text[f.start : f.end], f.key) for f in term_candidates(doc, 2)] == [
        ("Hamiltonian dynamics", "concept:hamiltonian dynamics"),
        ("preference model", "concept:preference model"),
        ("Markov chains", "concept:markov chain"),
    ]


def test_a_capitalized_word_continues_a_term_after_a_plain_content_word(nlp):
    """ "control Lyapunov function", "approximate Bayesian inference": an eponym inside a
    lower-case term; not after a participle ("trained Transformers", "tuned Adam") and
    not after another capitalized word."""
    text = (
        "T\nWe devise a control Lyapunov function for approximate Bayesian inference. We compare "
        "trained Transformers and tuned Adam runs."
    )
    assert [text[f.start : f.end] for f in term_candidates(nlp(text), 2)] == [
        "control Lyapunov function",
        "approximate Bayesian inference",
        "Adam runs",
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "T\nWe refer to these models as Transformer Programs. We learn Transformer Programs.",
            ["Transformer Programs"],
        ),
        ("T\nWe refer to this approach as SPARROW, which is fast.", ["SPARROW"]),
        ("T\nBy meta-learning with task interpolation (MLTI), our approach generates tasks.", ["MLTI"]),
        ("T\nWith reinforcement learning (RL), our agents improve.", []),
        ("T\nThis is an improvement over the first gradient-based meta-learner called MAML.", []),
        ("T\nUnlike previous methods, our method called SPARROW is fast.", ["SPARROW"]),
        ("T\nThis method, termed LinearAG, offers cheaper inference.", ["LinearAG"]),
        ("T\nWe propose a novel attack called ''Sharpness-Aware Poisoning (SAPA)''. SAPA works.", ["SAPA"]),
        ("T\nPGN captures it through the designed Historical Information Extraction (HIE) layer.", ["HIE"]),
        ("T\nWe propose a VLM-based baseline approach (DriveLM-Agent) for driving.", ["DriveLM-Agent"]),
        ("T\nWe propose a new method (see Section 3) for this.", []),
        ("T\nWe propose a Distributional Approach for controlled generation.", []),
        ("T\nWe propose the Graph Attention Framework for molecules.", ["Graph Attention Framework"]),
        (
            "T\nWe call the model S-LSTM, which is principled. We call the new method TPL (Task Prediction).",
            ["S-LSTM", "TPL"],
        ),
        ("T\nWe call it a day. We call the model with inputs.", []),
        ("T\nWe present a solution. PSI-KT is a hierarchical generative approach that scales.", ["PSI-KT"]),
        ("T\nBERT is a language model architecture. Adam is an optimization algorithm.", []),
    ],
)
def test_naming_by_reference_after_an_acronym_and_against_existing_work(text, names):
    assert method_names(text) == names


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "T\nThe framework is implemented in OneStopQA, a new high-quality dataset for analysis.",
            [("OneStopQA", "introduces")],
        ),
        ("T\nWe study the AI Safety Benchmark of MLCommons.", [("AI Safety Benchmark", "")]),
        ("T\nWe evaluate on the CNN QA benchmark.", [("CNN QA", "")]),
        ("T\nOur method, a new approach to datasets, works.", []),
        (
            "T\nWe instantiate datasets (DriveLM-Data) built upon nuScenes.",
            [("DriveLM-Data", ""), ("nuScenes", "")],
        ),
        ("T\nWe report results on two datasets (Table 2).", []),
        (
            "T\nWe present the 'Semantic Shift Benchmark' (SSB), which is hard.",
            [("Semantic Shift Benchmark", "")],
        ),
    ],
)
def test_a_name_set_off_before_a_new_dataset_and_a_capitalized_cue_noun(nlp, text, found):
    assert [(f.name, f.role) for f in nlp(text)._.gb_found["gb_datasets"]] == found


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "we develop an optimal data-effective learning method (OptiDEL) to",
            ("OptiDEL", "optimal data-effective learning"),
        ),
        (
            "a Controlled Monte Carlo Diffusion sampler (CMCD) is",
            ("CMCD", "Controlled Monte Carlo Diffusion"),
        ),
        ("Bayesian Flow Networks (BFNs) are", ("BFNs", "Bayesian Flow Networks")),
        ("a new learning method (LM) works", ("LM", "learning method")),
        ("learned in a zero-shot learning fashion (ZSL). Training", ("ZSL", "zero-shot learning")),
        ("the local sentiment aggregation paradigm (LSA) is", ("LSA", "local sentiment aggregation")),
        (
            "cross-entropy optimization for hyperparameter optimization of a learning algorithm (CEHPO)",
            ("CEHPO", "cross-entropy optimization for hyperparameter optimization of a learning algorithm"),
        ),
    ],
)
def test_a_long_form_leaves_out_a_last_kind_word_its_short_form_does_not_cover(text, pair):
    assert [(d.short, d.long) for d in find_definitions(text)] == [pair]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "T\nWe propose DRaFT. We then propose more efficient variants of DRaFT: DRaFT-K, which truncates "
            "backpropagation, and DRaFT-LV, which obtains lower-variance gradients.",
            ["DRaFT", "DRaFT-K", "DRaFT-LV"],
        ),
        (
            "T\nWe propose NetInfoF, a framework including NetInfoF_Probe and NetInfoF_Act. NetInfoF_Probe measures it.",
            ["NetInfoF", "NetInfoF_Probe", "NetInfoF_Act"],
        ),
        (
            "T\nWe propose SDSC. SDSC-based pre-training and SDSC-Based tuning help; "
            "code: https://github.com/x/SDSC-ICLR2024.",
            ["SDSC"],
        ),
        ("T\nWe propose DriveBot, a planner, and release DriveBot-Data on nuScenes.", ["DriveBot"]),
        ("T\nWe study SDSC-K, a variant of SDSC.", []),
        ("T\nWe propose SDSC. SDSC-Enhanced models, SDSC-2024 and SDSC-Mini run.", ["SDSC", "SDSC-Mini"]),
    ],
)
def test_a_capitalized_variant_of_a_proposed_method_is_a_method_too(text, names):
    assert method_names(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "T\nOur framework has two key components: Monte Carlo Value Estimation, which reduces variance, "
            "and Iterative On-Policy Optimization, which improves the policy. Experiments on Atari Games, "
            "which are hard, confirm it.",
            ["Monte Carlo Value Estimation", "Iterative On-Policy Optimization"],
        ),
        (
            "T\nWe use three strategies: 1) Multiple Evidence Calibration, which samples; "
            "2) Human-in-the-Loop Calibration, which asks people.",
            ["Multiple Evidence Calibration", "Human-in-the-Loop Calibration"],
        ),
        (
            "T\nIt incorporates three major innovations: First, the Distance Energy Map Prior (DEMP) "
            "generates a field. Second, the Differential Convolution Inception Module (DCIM) extracts "
            "edges. We compare with the Segment Anything Model (SAM), which is strong.",
            ["DEMP", "DCIM"],
        ),
        (
            "T\nWe propose two complementary frameworks for faster sampling: Conjugate Integrators and "
            "Splitting Integrators. We compare two methods: Gradient Descent and Newton Steps.",
            ["Conjugate Integrators", "Splitting Integrators"],
        ),
        ("T\nIt has components: Monte Carlo Value Estimation, which reduces variance.", []),
        (
            "T\nExisting methods follow two strategies: Knowledge Transfer Banks and Parameter Isolation Maps.",
            [],
        ),
        (
            "T\nOur model has two components: The Encoder Stack, which reads, and a Decoder Stack, which "
            "writes. Finally, we compare with Deep Ensemble Networks, which are strong.",
            ["Encoder Stack", "Decoder Stack"],
        ),
        (
            "T\nWe combine two components: Optimal Transport, which aligns, and Reward Shaping, which helps.",
            [],
        ),
    ],
)
def test_named_parts_listed_after_their_count_are_methods(text, names):
    assert method_names(text) == names


def test_extraction_in_batches_gives_every_paper_in_order_and_restores_the_collector(nlp):
    papers = [
        Paper(f"p{i}", f"Paper {i}", f"We train ResNet-{18 + i} on CIFAR-10 with knowledge distillation.", ())
        for i in range(5)
    ]
    whole = list(iter_extractions(papers, nlp, batch_size=128))
    in_twos = list(iter_extractions(iter(papers), nlp, batch_size=2))
    assert [e.paper.id for e in in_twos] == ["p0", "p1", "p2", "p3", "p4"]
    assert [e.mentions for e in in_twos] == [e.mentions for e in whole]
    assert [m.text for m in in_twos[4].mentions] == ["ResNet", "CIFAR-10", "knowledge distillation"]
    assert gc.isenabled()
    gc.disable()
    try:
        assert [e.mentions for e in iter_extractions(papers, nlp, batch_size=3)] == [
            e.mentions for e in whole
        ]
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_only_the_main_thread_pauses_the_collector_for_a_batch(nlp, monkeypatch):
    pauses = []

    @contextlib.contextmanager
    def recorded_pause():
        pauses.append(threading.current_thread().name)
        yield

    monkeypatch.setattr(mentions, "cycle_collector_paused", recorded_pause)
    paper = Paper("p", "T", "We train ResNet-50 on CIFAR-10.", ())
    found = []
    worker = threading.Thread(
        target=lambda: found.append([m.text for e in iter_extractions([paper], nlp) for m in e.mentions]),
        name="dask-like",
    )
    worker.start()
    worker.join()
    assert found == [["ResNet-50", "CIFAR-10"]]
    assert pauses == []
    assert [m.text for e in iter_extractions([paper], nlp) for m in e.mentions] == ["ResNet-50", "CIFAR-10"]
    assert pauses == [threading.main_thread().name]
