"""The sample class: the files it writes and the manifest that describes them (nothing is graded)."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import nbformat
import pytest

SIZE = 40


@pytest.fixture(scope="module")
def sample(built, tmp_path_factory) -> tuple[Path, list[dict]]:
    """A class made from the release (the session's `built` fixture makes it first)."""
    from autograder.sample_class import make_sample_class

    folder = tmp_path_factory.mktemp("class")
    return folder, make_sample_class("param-init", folder, size=SIZE, seed=0)


def notebooks_of(path: Path) -> list[str]:
    """The notebook texts in a submission file: the file itself, or the .ipynb files in a zip."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return [archive.read(n).decode("utf-8") for n in archive.namelist()
                    if n.endswith(".ipynb")]
    return [path.read_text(encoding="utf-8", errors="replace")]


def is_notebook(text: str) -> bool:
    try:
        nbformat.validate(nbformat.reads(text, as_version=4))
    except Exception:
        return False
    return True


def stubbed(nb) -> bool:
    return any(c.cell_type == "code" and "raise NotImplementedError" in c.source for c in nb.cells)


def test_size_and_manifest_match_the_files(sample):
    folder, manifest = sample
    assert abs(len(manifest) - SIZE) <= 2
    names = [m["file"] for m in manifest]
    assert len(set(names)) == len(names), "file names must be distinct"
    assert set(names) == {p.name for p in folder.iterdir()}
    for m in manifest:
        assert set(m) == {"file", "kind", "expect_status", "about"}, m
        assert m["about"], m


def test_every_kind_and_status_is_present(sample):
    _, manifest = sample
    kinds = Counter(m["kind"] for m in manifest)
    statuses = Counter(m["expect_status"] for m in manifest)
    assert set(kinds) == {"correct", "partly-wrong", "broken", "hostile"}, kinds
    assert set(statuses) == {"graded", "error", "timeout", "killed"}, statuses
    assert kinds["correct"] >= 10 and kinds["partly-wrong"] >= 10, kinds
    # only broken files are expected to be rejected outright
    assert all(m["kind"] == "broken" for m in manifest if m["expect_status"] == "error")


def test_notebooks_are_valid_unless_meant_to_be_broken(sample):
    folder, manifest = sample
    for m in manifest:
        path = folder / m["file"]
        texts = notebooks_of(path)
        if m["expect_status"] == "error":
            assert not any(is_notebook(t) for t in texts), m
        else:
            assert len(texts) == 1 and is_notebook(texts[0]), m
            assert nbformat.reads(texts[0], as_version=4).nbformat == 4


def test_correct_notebooks_have_no_stubs_and_vary(sample):
    folder, manifest = sample
    correct = [m for m in manifest if m["kind"] == "correct"]
    sources = set()
    for m in correct:
        nb = nbformat.read(folder / m["file"], as_version=4)
        assert not stubbed(nb), m["file"]
        sources.add("\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    assert len(sources) > len(correct) // 2, "the correct submissions should use different code"
    unfinished = [m for m in manifest if m["about"].startswith("unfinished")]
    assert unfinished
    assert all(stubbed(nbformat.read(folder / m["file"], as_version=4)) for m in unfinished)


def test_file_names_are_like_real_ones(sample):
    _, manifest = sample
    names = [m["file"] for m in manifest]
    assert any(" " in n for n in names)
    assert any(re.search(r"[\u4e00-\u9fff]", n) for n in names)
    assert any(re.fullmatch(r"student_\d+\.ipynb", n) for n in names)
    assert any(n.endswith(".zip") for n in names)


def test_same_seed_same_class(sample, tmp_path):
    from autograder.sample_class import make_sample_class

    folder, manifest = sample
    assert make_sample_class("param-init", tmp_path, size=SIZE, seed=0) == manifest
    for m in manifest:
        assert (tmp_path / m["file"]).read_bytes() == (folder / m["file"]).read_bytes(), m["file"]
