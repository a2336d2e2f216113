"""Citation mentions: author–year forms, arXiv ids and DOIs.

Two papers that cite the same work share one Reference: author–year citations are
keyed by the first author's surname and the year ("Ho et al., 2020" and "(Ho et al.
2020)" → ``ref:ho-2020``), arXiv ids by the id without version, DOIs lower-cased.
"""

from __future__ import annotations

import re

from graphbuild.extract.found import REFERENCE, Found

#: Letters of surnames: ASCII, Latin-1 and Latin Extended-A ("Schölkopf", "Łojasiewicz").
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ž"
_LOWER = "a-zß-öø-ÿĀ-ž"
#: A surname: "Ho", "Lopez-Paz", "O'Brien", or one whose particle is written onto it ("LeCun",
#: "McAllester", "DeVries"; "DeepMind" has no such particle).
_NAME = (
    rf"(?:[{_UPPER}][{_LOWER}]+(?:[-'][{_UPPER}]?[{_LOWER}]+)?|[A-Z]'[A-Z][a-z]+"
    rf"|(?:Mc|Mac|Le|La|De|Di|Da|Du|Van|Von)[A-Z][{_LOWER}]+)"
)
_PARTICLE = r"(?:(?:van|von|de|der|den|da|di|du|le|la)\s+)?"
_SURNAME = _PARTICLE + _NAME
_YEAR = r"(?P<year>(?:19|20)\d\d)(?P<suffix>[a-z])?"
_YEAR_END = r"(?![\d])"

AUTHOR_YEAR = re.compile(
    r"(?<!\w)(?P<first>" + _SURNAME + r")"  # a whole word: "DeepMind (2020)" cites no "Mind"
    r"(?P<rest>\s+et\s+al\.?|\s+(?:and|&)\s+" + _SURNAME + r")?"
    r"(?:,?\s+(?P<venue>[A-Z][A-Za-z]*[A-Z][A-Za-z]*))?"  # "Abdelfattah et al, ICCV 2023"
    r"(?:,?\s+\("
    + _YEAR
    + r"\)|(?:,\s*|\s+)"  # "LeCun et al.,1990": a comma may come without its space
    + _YEAR.replace("year", "year2").replace("suffix", "suffix2")
    + r")"
    + _YEAR_END
)
ARXIV = re.compile(
    r"(?:arXiv\s*:\s*|arxiv\.org/(?:abs|pdf)/)(?P<id>\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?", re.IGNORECASE
)
DOI = re.compile(
    r"\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(?P<doi>10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;:)\]])", re.I
)

#: Capitalized words that precede "(2020)" or ", 2020" without being an author.
NOT_AUTHORS = frozenset(
    """In On At By For From To Of The This That These Those We Our It Its As Since Until Before After
    During Through Between Over Under Up Down Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct Nov Dec
    January February March April June July August September October November December Spring Summer
    Fall Autumn Winter Figure Table Section Eq Equation Appendix Version Challenge Workshop Competition
    Track Task Cup Conference Proceedings Edition Year Since Beyond About Around Circa Until Around""".split()
)


def _author_year(match: re.Match) -> Found | None:
    from graphbuild.extract.models import known_model

    first = match.group("first")
    if first.split()[-1] in NOT_AUTHORS or known_model(first) is not None:
        return None  # "In (2020)"; "LeNet (1998)" names the model
    rest = match.group("rest") or ""
    if match.group("venue") and "et" not in rest.split():
        return None  # a venue only after "et al": "Smith ICCV 2023" may be anything
    year = match.group("year") or match.group("year2")
    suffix = match.group("suffix") or match.group("suffix2") or ""
    bare_single = not rest and match.group("year") is None
    if bare_single:
        return None  # "Smith, 2019" alone is too often not a citation; "Smith (2019)" is.
    surname = first.split()[-1]
    if rest.strip().startswith(("and", "&")):
        second = rest.split()[-1]
        display = f"{first} and {second} ({year}{suffix})"
    elif rest:
        display = f"{first} et al. ({year}{suffix})"
    else:
        display = f"{first} ({year}{suffix})"
    key = f"ref:{surname.lower()}-{year}{suffix}"
    return Found(match.start(), match.end(), REFERENCE, display, key)


_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


def find_citations(text: str) -> list[Found]:
    found = []
    lowered = text.lower()
    if _ANY_YEAR.search(text):  # most abstracts cite nothing: skip the costly scan
        for match in AUTHOR_YEAR.finditer(text):
            item = _author_year(match)
            if item:
                found.append(item)
    if "arxiv" not in lowered and "doi" not in lowered:
        return sorted(found)
    for match in ARXIV.finditer(text):
        arxiv_id = match.group("id")
        found.append(
            Found(match.start(), match.end(), REFERENCE, f"arXiv:{arxiv_id}", f"ref:arxiv:{arxiv_id}")
        )
    for match in DOI.finditer(text):
        doi = match.group("doi").lower()
        found.append(Found(match.start(), match.end(), REFERENCE, f"doi:{doi}", f"ref:doi:{doi}"))
    return sorted(found)
