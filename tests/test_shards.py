"""More than one machine (shards.py): ``grade --shard K/N`` and ``merge-shards`` give, byte for
byte apart from timings, what one run gives, roster and late policy included; and the roster,
deadline and policy can change without regrading. One small class is graded four times."""

from __future__ import annotations

import csv
import json
import os
import shutil
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from autograder import cli, shards
from autograder.shards import Shard, ShardError

DEADLINE = "2026-12-01T23:59:00+08:00"
WHEN = datetime.fromisoformat(DEADLINE)


class FakeJob:
    def __init__(self, name: str):
        self.name, self.path, self.key = name, f"/class/{name}.ipynb", "k"


def test_a_shard_is_k_of_n():
    assert shards.parse_shard("2/8") == Shard(2, 8) and shards.parse_shard(" 1/1 ").text == "1/1"
    for text in ("0/3", "4/3", "a/b", "3", "1/0", "-1/3", "1/3/5", ""):
        with pytest.raises(ShardError) as caught:
            shards.parse_shard(text)
        assert "K/N" in caught.value.en and "K/N" in caught.value.zh


def test_shards_split_by_file_name_not_position():
    jobs = [FakeJob(f"student {i}") for i in range(200)]
    parts = [shards.select(jobs, Shard(k, 4)) for k in range(1, 5)]
    names = [{j.name for j in part} for part in parts]
    assert sorted(n for part in names for n in part) == sorted(j.name for j in jobs)
    assert all(len(part) >= 25 for part in names), [len(p) for p in names]
    shuffled = jobs[::-1] + [FakeJob("a newcomer")]
    again = [{j.name for j in shards.select(shuffled, Shard(k, 4))} for k in range(1, 5)]
    assert [part - {"a newcomer"} for part in again] == names  # nobody moves
    assert shards.select(jobs, None) == jobs


# -- end to end ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_class(built, tmp_path_factory) -> dict[str, Path]:
    """Seven files of param-init with a roster (a missing student, a file matching no one, a
    student with two files, a Moodle export name), extensions, and fixed file times."""
    from autograder import catalogue

    root = tmp_path_factory.mktemp("sharded")
    folder = root / "class"
    folder.mkdir()
    solution = built["param-init"]["solution"]
    wrong = {e.name: e for e in catalogue.load("param-init")}["q3-wrong-fan-in-only"]
    nbformat.write(catalogue.notebook_with(solution, []), folder / "alice.ipynb")
    nbformat.write(catalogue.notebook_with(solution, [wrong.code]), folder / "张三 hw1.ipynb")
    shutil.copyfile(built["param-init"]["student"], folder / "bob unfinished.ipynb")
    with zipfile.ZipFile(folder / "carol.zip", "w") as archive:
        archive.write(solution, "param-init.ipynb")
    (folder / "carol broken.ipynb").write_text("{ not json", encoding="utf-8")
    shutil.copyfile(solution, folder / "Dave Li_777_assignsubmission_file_hw.ipynb")
    (folder / "nobody.ipynb").write_bytes(b"")
    for path in folder.iterdir():  # all on time by mtime but Dave, 3 hours late
        late = timedelta(hours=3) if path.name.startswith("Dave") else -timedelta(hours=5)
        if path.name == "carol broken.ipynb":
            late = -timedelta(hours=6)
        stamp = (WHEN + late).timestamp()
        os.utime(path, (stamp, stamp))
    (root / "roster.csv").write_text(
        "id,name,email,submitted_at\n"
        "s1,Alice,,2026-12-03T00:00:00+08:00\n"   # 24 h and 1 min late: 2 started days
        "s2,张三,,2026-12-02T10:00:00+08:00\n"     # late, but has an extension
        "s3,Bob,,\n"
        "s4,Carol,carol@uni.edu,\n"
        "s5,Dave Li,,\n"
        "s6,Erin,,\n", encoding="utf-8")
    (root / "extensions.csv").write_text("id,deadline\ns2,2026-12-02T23:59+08:00\n",
                                         encoding="utf-8")
    return {"root": root, "class": folder, "roster": root / "roster.csv",
            "extensions": root / "extensions.csv"}


def grade(small_class, out: Path, *extra: str, policy="per-day=10,cap=50") -> int:
    return cli.main(["grade", "param-init", str(small_class["class"]), "--out", str(out),
                     "--workers", "1", "--no-self-test", "--roster", str(small_class["roster"]),
                     "--deadline", DEADLINE, "--late-policy", policy,
                     "--extensions", str(small_class["extensions"]), *extra])


@pytest.fixture(scope="module")
def graded(small_class) -> dict[str, Path]:
    root = small_class["root"]
    assert grade(small_class, root / "one") == 0
    for k in (1, 2, 3):
        assert grade(small_class, root / f"shard{k}", "--shard", f"{k}/3") == 0
    return {"one": root / "one", "shards": [root / f"shard{k}" for k in (1, 2, 3)]}


def normalised(path: Path, relative: str) -> bytes:
    """A file's bytes, with the fields that hold timings (and the measured peak memory) blanked."""
    if relative == "gradebook.csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        column = rows[0].index("seconds")
        return json.dumps([r[:column] + r[column + 1:] for r in rows]).encode()
    if relative.startswith("results/"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["execution_time"] = data["extra_data"]["kit"]["seconds"] = None
        data["extra_data"]["kit"]["peak_memory_mb"] = None
        return json.dumps(data, sort_keys=True).encode()
    return path.read_bytes()


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): normalised(p, str(p.relative_to(folder)))
            for p in sorted(folder.rglob("*")) if p.is_file()}


def gradebook(out: Path) -> dict[str, dict]:
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_the_roster_and_late_policy_in_one_run(graded, capsys):
    rows = gradebook(graded["one"])
    got = {i: (r["submission"], r["status"], r["total"], r["late_days"], r["penalised_total"],
               r["submitted_at_source"]) for i, r in rows.items()}
    assert got == {
        "s1": ("alice", "graded", "15", "2", "12", "roster column"),
        "s2": ("张三 hw1", "graded", "13", "0", "13", "roster column"),
        "s3": ("bob unfinished", "graded", "0", "0", "0", "file mtime"),
        "s4": ("carol", "graded", "15", "0", "15", "file mtime"),
        "s5": ("Dave Li_777_assignsubmission_file_hw", "graded", "15", "1", "13.5", "file mtime"),
        "s6": ("", "missing", "0", "", "0", ""),
    }
    assert rows["s4"]["other_files"] == "carol broken.ipynb"
    page = (graded["one"] / "report.html").read_text(encoding="utf-8")
    assert "nobody.ipynb" in page and "Erin" in page
    assert json.loads((graded["one"] / "run.json").read_text())["shard"] is None


def test_three_shards_merged_equal_one_run(graded, small_class, capsys):
    parts = [set(json.loads((s / "run.json").read_text())["submissions"]) for s in graded["shards"]]
    assert sum(len(p) for p in parts) == 7 and set().union(*parts) == \
        set(json.loads((graded["one"] / "run.json").read_text())["class"])
    assert sum(1 for p in parts if p) >= 2, "the class should really be split"
    merged = small_class["root"] / "merged"
    capsys.readouterr()
    assert cli.main(["merge-shards", *map(str, graded["shards"]), "--out", str(merged)]) == 0
    printed = capsys.readouterr().out
    assert "nobody.ipynb" in printed and "s6 Erin" in printed and "carol broken.ipynb" in printed
    one, joined = files_of(graded["one"]), files_of(merged)
    assert sorted(joined) == sorted(one)
    different = [name for name in one if one[name] != joined[name]]
    assert not different, different
    assert not list(small_class["root"].glob(".merged.merging-*"))


def test_the_policy_changes_without_regrading(graded, small_class, tmp_path):
    out = tmp_path / "again"
    shutil.copytree(graded["one"], out)
    saved = {p.name: p.stat().st_mtime_ns for p in (out / "results").iterdir()}
    assert grade(small_class, out, policy="cutoff") == 0
    assert {p.name: p.stat().st_mtime_ns for p in (out / "results").iterdir()} == saved
    rows = gradebook(out)
    assert (rows["s1"]["penalised_total"], rows["s5"]["penalised_total"]) == ("0", "0")
    assert rows["s4"]["penalised_total"] == "15"
    assert json.loads((out / "run.json").read_text())["summary_options"]["late_policy"] == "cutoff"


def edited_shard(graded, tmp_path, change) -> list[Path]:
    """The three shards, one that graded something replaced by a copy whose run.json ``change``
    edits."""
    folders = list(graded["shards"])
    index = next(i for i, f in enumerate(folders)
                 if json.loads((f / "run.json").read_text())["submissions"])
    copy = tmp_path / "edited"
    shutil.copytree(folders[index], copy)
    data = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    change(data, copy)
    (copy / "run.json").write_text(json.dumps(data), encoding="utf-8")
    folders[index] = copy
    return folders


def set_key(key, value):
    def change(data, folder):
        data[key] = value
    return change


def change_policy(data, folder):
    data["summary_options"]["late_policy"] = "cutoff"


def drop_a_result(data, folder):
    name = next(iter(data["submissions"]))
    (folder / "results" / f"{name}.json").unlink()


@pytest.mark.parametrize("change, says", [
    (change_policy, "roster, deadline, policy or extensions"),
    (set_key("grader_version", "0000"), "grader version"),
    (set_key("assignment", "another"), "assignment"),
    (set_key("class", ["a", "b"]), "class folder"),
    (set_key("shard", "1/4"), "shard count"),
    (set_key("shard", None), "not a shard"),
    (drop_a_result, "has not finished"),
])
def test_shards_that_disagree_are_not_merged(graded, tmp_path, capsys, change, says):
    folders = edited_shard(graded, tmp_path, change)
    out = tmp_path / "merged"
    assert cli.main(["merge-shards", *map(str, folders), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert says in error and any("\u4e00" <= c <= "\u9fff" for c in error)
    assert not out.exists() and not list(tmp_path.glob(".merged*"))


def test_missing_or_repeated_shards_and_a_used_folder_are_refused(graded, tmp_path, capsys):
    first, second, third = map(str, graded["shards"])
    out = tmp_path / "merged"
    for folders, says in (([first, second], "missing shard(s): 3/3"),
                          ([first, second, third, second], "given twice"),
                          ([first, second, str(tmp_path)], "cannot read")):
        assert cli.main(["merge-shards", *folders, "--out", str(out)]) == 2
        assert says in capsys.readouterr().err
    assert not out.exists()
    (out / "manual").mkdir(parents=True)  # a TA's work must not be overwritten
    assert cli.main(["merge-shards", first, second, third, "--out", str(out)]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["manual"]


@pytest.mark.parametrize("extra, says", [
    (["--shard", "4/3"], "K/N"),
    (["--late-policy", "10%/day"], "late policy"),
    (["--deadline", "2026-12-01"], "offset"),
    (["--roster", "/nonexistent/roster.csv"], "cannot read"),
    (["--extensions", "/nonexistent/e.csv"], "needs a --roster"),
])
def test_bad_options_write_nothing(small_class, tmp_path, capsys, extra, says):
    out = tmp_path / "out"
    argv = ["grade", "param-init", str(small_class["class"]), "--out", str(out), "--workers", "1"]
    if "--late-policy" in extra or "--extensions" in extra:
        argv += ["--deadline", DEADLINE]
    assert cli.main(argv + extra) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()
