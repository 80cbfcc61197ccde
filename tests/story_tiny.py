"""A four-chapter story over the tiny fixture layers (tests/tiny_layers), as a writer's YAML."""

from __future__ import annotations

from pathlib import Path

SRC = "https://example.org/source"
OTHER = "https://example.org/other_(page)"

STORY_YAML = f"""
id: tiny-tour
title: A tiny tour
summary: Four chapters over the fixture layers.
ru:
  title: Маленькая экскурсия
  summary: Четыре главы по тестовым слоям.
chapters:
  - title: Members
    text: The members on the map.
    ru: {{title: Члены, text: Члены союза на карте.}}
    date: '2024'
    bounds: [[38.0, 40.0], [60.0, 78.0]]
    layers: [countries]
    features: [ARM, KGZ]
    sources: [{SRC}]
    claim:
      statement: Some states are members.
      ru: {{statement: Некоторые государства — члены союза.}}
      verdict: supported
      check: {{name: members_on, params: {{date: '2024'}}}}
  - title: Kyrgyzstan
    text: A member with two facilities.
    ru: {{title: Киргизия, text: Член союза с двумя объектами.}}
    date: '2023-05'
    center: [42.7, 75.5]
    zoom: 7
    layers: [countries, facilities]
    filters: {{countries: [KGZ]}}
    features: [kgz-kant]
    sources: [{SRC}]
    claim:
      statement: Nothing to test.
      ru: {{statement: Проверять нечего.}}
      verdict: not checkable from the data
      check: null
  - title: The border clash
    text: Two states clash over a border.
    ru: {{title: Пограничное столкновение, text: Два государства спорят о границе.}}
    date: '2021-04-30'
    center: [41.0, 72.2]
    zoom: 8
    layers: [countries, conflicts]
    filters: {{zones: [kgz-uzb-border], past: true}}
    features: [kgz-uzb-border]
    sources: [{SRC}, {OTHER}]
    claim:
      statement: The clash went on then.
      ru: {{statement: Столкновение тогда продолжалось.}}
      verdict: partly
      check: {{name: conflicts_on, params: {{date: '2021-04-30', conflicts: [kgz-uzb-border]}}}}
  - title: Armenia
    text: An air of *distance*.
    ru: {{title: Армения, text: Ощущение *дистанции*.}}
    date: '2022-09-14'
    center: [40.0, 45.0]
    zoom: 8
    layers: [countries, conflicts, facilities]
    filters: {{countries: [ARM], types: [army base], statuses: [active], within: 50}}
    features: [arm-102-base, arm-clash, ARM]
    sources: [{SRC}]
    claim:
      statement: Armenia hosts a base.
      ru: {{statement: В Армении есть база.}}
      verdict: contradicted
      check: {{name: members_on, params: {{date: '2022-09-14'}}}}
"""

REGISTRY_JSON = (
    '[{"url":"' + SRC + '","title":"A source","publisher":"Example","date":"2022-09",'
    '"language":"en","archived":null}]\n'
)


def write_story(directory: Path) -> Path:
    """Put the tiny story's YAML (and a source registry) into a folder of fixture layers."""
    folder = directory / "sources" / "stories"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny-tour.yaml").write_text(STORY_YAML, encoding="utf-8")
    (directory / "sources.json").write_text(REGISTRY_JSON, encoding="utf-8")
    return directory
