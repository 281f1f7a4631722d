"""The data files in docs/_data/ are well-formed YAML with no key given twice in one entry.

PyYAML keeps the last of two equal keys without a word. Branches that add to the same file are
merged by keeping both sides' lines (.gitattributes), so a clash would pass silently without
this check."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT

DATA_FILES = sorted((ROOT / "docs" / "_data").glob("*.yml"))


class UniqueKeyLoader(yaml.SafeLoader):
    pass


def _no_duplicates(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} given twice (first on line {seen[key] + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def problems_in(path: Path) -> list[str]:
    try:
        yaml.load(path.read_text(encoding="utf-8"), Loader=UniqueKeyLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{line}: {getattr(error, 'problem', error)}"]
    return []


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_file_is_well_formed(path):
    found = problems_in(path)
    assert not found, "\n".join(found)


def test_a_key_given_twice_is_caught(tmp_path):
    planted = tmp_path / "sources.yml"
    planted.write_text("- title: A\n  url: https://example.org/a\n  checked: 2026-11-30\n  url: https://example.org/b\n")
    found = problems_in(planted)
    assert found and ":4:" in found[0] and "'url' given twice" in found[0], found
