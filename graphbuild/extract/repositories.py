"""Code repository URLs on GitHub, GitLab, Hugging Face and Bitbucket.

A repository is named by host/owner/repo, lower-cased, without scheme, "www.", a
".git" suffix, trailing punctuation or deeper paths (tree/main/…, blob/…). On Hugging
Face the "datasets/" and "spaces/" kinds are kept because they name different repos.
"""

from __future__ import annotations

import re

from graphbuild.extract.found import REPOSITORY, Found

HOSTS = r"github\.com|gitlab\.com|huggingface\.co|hf\.co|bitbucket\.org"
URL = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<host>" + HOSTS + r")/(?P<path>[A-Za-z0-9_.~%/+-]*[A-Za-z0-9_~%/+-])",
    re.IGNORECASE,
)
#: A text without any of these cannot hold a repository URL.
HOST_WORDS = ("github", "gitlab", "huggingface", "hf.co", "bitbucket")
HF_KINDS = {"datasets", "spaces"}
HF_NOT_REPOS = {
    "papers",
    "docs",
    "blog",
    "learn",
    "models",
    "join",
    "login",
    "pricing",
    "collections",
    "tasks",
}
GITHUB_NOT_OWNERS = {"features", "topics", "about", "pricing", "orgs", "sponsors", "marketplace"}


def normalize_repository(host: str, path: str) -> str | None:
    """``github.com/Owner/Repo.git/tree/main`` → ``github.com/owner/repo``; None if not a repo."""
    host = host.lower()
    if host == "hf.co":
        host = "huggingface.co"
    parts = [p for p in path.split("/") if p]
    if host == "huggingface.co":
        if parts and parts[0].lower() in HF_KINDS:
            kind, parts = parts[0].lower(), parts[1:]
            keep = [kind, *parts[:2]] if len(parts) >= 2 else []
        elif parts and parts[0].lower() in HF_NOT_REPOS:
            keep = []
        else:
            keep = parts[:2] if len(parts) >= 2 else []
    else:
        keep = parts[:2] if parts and parts[0].lower() not in GITHUB_NOT_OWNERS else []
    if not keep:
        return None
    keep[-1] = re.sub(r"\.git$", "", keep[-1].rstrip(".,;:"), flags=re.IGNORECASE)
    return "/".join([host, *keep]).lower()


def find_repositories(text: str) -> list[Found]:
    found: list[Found] = []
    lowered = text.lower()
    first = min((i for host in HOST_WORDS if (i := lowered.find(host)) >= 0), default=-1)
    if first < 0:
        return found
    # A URL starts at most "https://www." before its host: the text before needs no scan.
    for match in URL.finditer(text, max(0, first - len("https://www."))):
        name = normalize_repository(match.group("host"), match.group("path"))
        if name:
            found.append(Found(match.start(), match.end(), REPOSITORY, name, f"repo:{name}"))
    return found
