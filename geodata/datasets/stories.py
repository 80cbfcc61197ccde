"""Build ``sources/stories/*.yaml`` into ``stories.json`` and check story files from the CLI.

The build runs each chapter's check on the layers it has just built and stores the result
beside the verdict, so a change in the data shows up as a changed ``stories.json`` and
``python -m geodata.build --check`` notices a stale one. Output: a JSON list of stories sorted
by id, chapters in the writer's order, keys sorted, one story per line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from geodata.datasets.dataset import Build, BuildError, Dataset
from geodata.paths import default_dir
from geodata.schema.values import LayerError
from geodata.stories.checks.kit import TABLE_FILES
from geodata.stories.format import StoryProblem, duplicate_problems, known_ids, story_problems

STORIES_FILENAME = "stories.json"
STORIES_DIRNAME = "stories"
STORY_SUFFIXES = (".yaml", ".yml")


class StoryError(ValueError):
    """Stories that cannot be built or used; the message lists every problem."""

    def __init__(self, problems: list[StoryProblem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def _plain(value: Any) -> Any:
    # YAML reads unquoted dates as dates; the stories keep the text the writer meant.
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def read_story_file(path: Path, rel: str) -> Any:
    """Parse one story YAML file; raise StoryError naming the file and line on bad YAML."""
    import yaml

    try:
        return _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise StoryError(
            [StoryProblem(rel, None, None, None, f"cannot be read: {exc.strerror}")]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        message = f"malformed YAML{where}: {getattr(exc, 'problem', exc)}"
        raise StoryError([StoryProblem(rel, None, None, None, message)]) from None


def layer_data(texts: Mapping[str, str], folder: Path) -> dict[str, Any]:
    """The layers as plain JSON: from freshly built ``texts`` where given, else from ``folder``."""

    def read(name: str) -> str | None:
        if name in texts:
            return texts[name]
        path = folder / name
        return path.read_text(encoding="utf-8") if path.is_file() else None

    data: dict[str, Any] = {}
    for layer in ("countries", "facilities", "conflicts"):
        text = read(f"{layer}.geojson")
        data[layer] = json.loads(text) if text else {"type": "FeatureCollection", "features": []}
    for key, name in TABLE_FILES.items():
        text = read(name)
        data[key] = json.loads(text) if text else None
    return data


def with_results(story: Mapping, data: Mapping) -> dict:
    """A copy of a valid story whose claims carry the result of their check on ``data``."""
    from geodata.stories.checks import run_check

    chapters = []
    for chapter in story["chapters"]:
        claim = dict(chapter["claim"])
        check = claim.get("check")
        result = run_check(check["name"], check.get("params"), data) if check else None
        claim["result"] = result.as_dict() if result else None
        chapters.append({**chapter, "claim": claim, "filters": chapter.get("filters", {})})
    return {**story, "chapters": chapters}


def dumps_stories(stories: list[dict]) -> str:
    """Serialise stories: a list sorted by id, one story per line, keys sorted, final newline."""
    ordered = sorted(stories, key=lambda s: s["id"])
    lines = [
        json.dumps(s, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for s in ordered
    ]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def source_stories(sources: Path) -> list[tuple[str, Any]]:
    """(relative name, parsed story) for every YAML file in ``sources/stories``, sorted."""
    folder = sources / STORIES_DIRNAME
    paths = (
        sorted(p for p in folder.glob("*") if p.suffix in STORY_SUFFIXES) if folder.is_dir() else []
    )
    return [
        (f"{STORIES_DIRNAME}/{p.name}", read_story_file(p, f"{STORIES_DIRNAME}/{p.name}"))
        for p in paths
    ]


def build_stories(
    sources: Path, texts: Mapping[str, str], out_dir: Path
) -> tuple[str, list[StoryProblem]]:
    """``stories.json`` text from the story sources checked against the built layers.

    Returns (text, problems); with problems the text is empty and must not be written.
    """
    try:
        found = source_stories(sources)
    except StoryError as exc:
        return "", exc.problems
    data = layer_data(texts, out_dir)
    known = known_ids(data)
    problems = duplicate_problems(found)
    for rel, story in found:
        problems += story_problems(story, rel, known)
    if problems:
        return "", problems
    return dumps_stories([with_results(story, data) for _, story in found]), []


def story_file_problems(path: Path) -> tuple[int, list[StoryProblem]]:
    """(number of stories, problems) of a story YAML file or a built stories.json."""
    rel = path.name if path.name == STORIES_FILENAME else f"{STORIES_DIRNAME}/{path.name}"
    try:
        if path.suffix in STORY_SUFFIXES:
            stories, built = [read_story_file(path, rel)], False
        else:
            stories, built = json.loads(path.read_text(encoding="utf-8")), True
    except StoryError as exc:
        return 0, exc.problems
    except (OSError, ValueError) as exc:
        return 0, [StoryProblem(rel, None, None, None, f"cannot be read as JSON: {exc}")]
    if not isinstance(stories, list):
        return 0, [StoryProblem(rel, None, None, None, "must be a JSON list of stories")]
    known = known_ids(layer_data({}, default_dir()))
    problems = duplicate_problems([(rel, s) for s in stories])
    for story in stories:
        problems += story_problems(story, rel, known, built=built)
    return len(stories), problems


def build(run: Build) -> dict[str, str]:
    """``stories.json``: every story source checked, each claim's check run on the fresh data."""
    text, problems = build_stories(run.sources, run.texts, run.out)
    if problems:
        raise BuildError(problems)
    return {STORIES_FILENAME: text}


def check(path: Path) -> str:
    """Validate a story source (YAML) or a built ``stories.json``."""
    count, problems = story_file_problems(path)
    if problems:
        raise LayerError(problems)
    return f"{count} {'story' if count == 1 else 'stories'}, valid"


DATASET = Dataset(
    name="stories",
    title="Stories",
    description=(
        "Stories told on the map, chapter by chapter: each chapter's map date, view, filters "
        "and text, and the claim it makes with its verdict and the result of the check "
        "computed on the data when the data was built."
    ),
    files=(STORIES_FILENAME,),
    build=build,
    check=check,
    sources=(f"{STORIES_DIRNAME}/",),
    needs=("countries", "facilities", "conflicts", "appeals", "arms", "arms_shares", "votes"),
    optional=True,
    checked_sources=tuple(f"{STORIES_DIRNAME}/*{suffix}" for suffix in STORY_SUFFIXES),
)
