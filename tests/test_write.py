"""Atomic writing: nothing half-written, no two outputs at one path, nothing outside the build folder."""

import os

import pytest

from jianbao.errors import JianbaoError
from jianbao.write import Artifact, write_artifacts


def test_writes_files_with_normal_permissions_and_skips_unchanged(tmp_path):
    written = write_artifacts(tmp_path, [Artifact("a/b.txt", b"x")])
    assert written == [tmp_path / "a" / "b.txt"]
    assert (tmp_path / "a" / "b.txt").read_bytes() == b"x"
    assert os.stat(tmp_path / "a" / "b.txt").st_mode & 0o044 == 0o044  # readable by the office
    assert write_artifacts(tmp_path, [Artifact("a/b.txt", b"x")]) == []
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b.txt"]  # no temp files left


@pytest.mark.parametrize("path", ["../x", "/etc/x", "a/../../x", ""])
def test_paths_outside_the_build_folder_are_refused(tmp_path, path):
    with pytest.raises(JianbaoError):
        write_artifacts(tmp_path / "out", [Artifact(path, b"x")])
    assert not (tmp_path / "x").exists()


def test_two_different_artifacts_at_one_path_are_refused_before_writing(tmp_path):
    with pytest.raises(JianbaoError, match="同一路径"):
        write_artifacts(tmp_path, [Artifact("a.txt", b"1"), Artifact("b.txt", b"2"), Artifact("a.txt", b"3")])
    assert list(tmp_path.iterdir()) == []


def test_sources_are_flushed_to_disk_and_build_outputs_are_not(tmp_path, monkeypatch):
    import jianbao.write as write

    flushed = []
    monkeypatch.setattr(write.os, "fsync", lambda fd: flushed.append(fd))
    write.write_atomic(tmp_path / "bulletins" / "01.yaml", b"number: 1\n")
    assert len(flushed) == 1  # what cannot be made again survives a power cut
    write_artifacts(tmp_path / "build", [Artifact(f"{n}.html", b"x") for n in range(5)])
    assert len(flushed) == 1  # outputs are only renamed into place: a killed build still leaves none half-written


def test_a_file_open_in_word_is_said_plainly_and_leaves_the_old_file(tmp_path, monkeypatch):
    # Windows refuses to replace a file another program holds open: os.replace raises PermissionError.
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(JianbaoError, match="a.docx：没有写入权限，或者这个文件正在 Word、WPS"):
        write_artifacts(tmp_path, [Artifact("a.docx", b"new")])
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]  # the temp file is gone too


def test_an_output_that_cannot_be_written_is_one_chinese_line_not_an_internal_error(tmp_path, capsys):
    from jianbao.cli.main import main

    from project_helpers import copy_samples

    copy_samples(tmp_path)
    blocked = tmp_path / "build" / "gaibo" / "2017" / "07" / "index.html"
    blocked.mkdir(parents=True)  # a folder where the page should go: os.replace cannot put it there
    assert main(["--root", str(tmp_path), "-q", "bulletins/gaibo/2017/07.yaml"]) == 2
    err = capsys.readouterr().err
    assert f"无法写入 {blocked}" in err and "内部错误" not in err and "Traceback" not in err
