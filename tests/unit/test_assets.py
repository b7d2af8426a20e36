"""The static files' version, their URLs and their precompressed copies (canvas/web/assets.py)."""
import os
import shutil
from pathlib import Path

import pytest

from canvas.web import assets


@pytest.fixture
def tree(tmp_path):
    """A small front end: a module importing another by a relative path, a style, an image."""
    source = tmp_path / "static"
    (source / "js").mkdir(parents=True)
    (source / "css").mkdir()
    (source / "js" / "page.js").write_text("import { x } from './dom.js';\n" + "x();\n" * 200)
    (source / "js" / "dom.js").write_text("export const x = () => 1;\n" * 100)
    (source / "css" / "base.css").write_text("body { margin: 0 }\n" * 100)
    (source / "js" / "lib.js.map").write_text('{"mappings": "AAAA"}' * 200)
    (source / "tiny.txt").write_text("x")
    return source


def test_a_changed_file_changes_the_version(tree):
    before = assets.tree_version(tree)
    assert before == assets.tree_version(tree)          # the same files, the same version
    (tree / "js" / "dom.js").write_text("export const x = () => 2;\n")
    changed = assets.tree_version(tree)
    assert changed != before
    (tree / "js" / "dom.js").rename(tree / "js" / "dom2.js")   # a renamed file too
    assert assets.tree_version(tree) not in (before, changed)


def test_the_static_folder_version_is_its_tree_version():
    assert assets.static_version() == assets.tree_version(assets.STATIC_DIR)
    assert len(assets.static_version()) == 12


def test_asset_url_names_the_version(app):
    with app.test_request_context("/"):
        url = assets.asset_url("js/participant.js")
    assert url == f"/static/{assets.static_version()}/js/participant.js"


def test_every_template_uses_asset_url():
    templates = Path(assets.ROOT / "templates")
    for template in templates.glob("*.html"):
        assert "url_for('static'" not in template.read_text(), template.name


def test_precompressed_copy_has_brotli_and_gzip_beside_each_file(tree, tmp_path):
    cache = tmp_path / "cache"
    folder = assets.precompressed_static(cache, source=tree, version="v1")
    assert folder == cache / "v1"
    for name in ("js/page.js", "js/dom.js", "css/base.css"):
        original = (tree / name).read_bytes()
        assert (folder / name).read_bytes() == original
        assert len((folder / (name + ".br")).read_bytes()) < len(original) * 0.95
        assert (folder / (name + ".gz")).exists()
    # a source map is for a developer's tools only; a file that does not shrink stays alone
    assert not (folder / "js" / "lib.js.map.br").exists()
    assert not (folder / "tiny.txt.br").exists()
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]   # no half-made copy left


def test_a_second_start_with_the_same_files_compresses_nothing(tree, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    assets.precompressed_static(cache, source=tree, version="v1")

    def fail(*args, **kwargs):
        raise AssertionError("compressed again")
    monkeypatch.setattr(shutil, "copytree", fail)
    assert assets.precompressed_static(cache, source=tree, version="v1") == cache / "v1"


def test_old_versions_are_pruned(tree, tmp_path):
    cache = tmp_path / "cache"
    for i in range(assets.CACHE_VERSIONS_KEPT + 2):
        assets.precompressed_static(cache, source=tree, version=f"v{i}")
        os.utime(cache / f"v{i}", (i, i))   # older first, whatever the clock's resolution
    kept = sorted(p.name for p in cache.iterdir())
    newest = f"v{assets.CACHE_VERSIONS_KEPT + 1}"
    assert newest in kept and len(kept) <= assets.CACHE_VERSIONS_KEPT + 1
    assert "v0" not in kept


def test_without_a_writable_home_the_cache_goes_to_the_temporary_folder(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    folder = assets.default_cache_dir()
    assert str(folder).startswith(str(Path(os.environ.get("TMPDIR", "/tmp"))))


def test_an_unwritable_cache_serves_the_files_uncompressed(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    from canvas import create_app
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/t.db", "AUTO_MIGRATE": True,
                      "EXPORT_DIR": str(tmp_path / "exports"), "TESTING": True,
                      "STATIC_CACHE_DIR": str(blocked / "cache")})
    response = app.test_client().get(f"/static/{assets.static_version()}/js/participant.js",
                                     headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.headers["Cache-Control"] == assets.VERSIONED_CACHE_CONTROL
    app.extensions["canvas"].db.dispose()


def test_socketio_long_polling_is_not_compressed(app):
    """A polling answer may hold a join's participant token beside notes others wrote: not
    compressed (docs/security.md, "Compression and BREACH")."""
    assert app.extensions["socketio"].server.eio.http_compression is False


def test_a_page_of_an_earlier_version_still_gets_its_own_files(tmp_path):
    """After an update, a page loaded before it (a module it imports later) gets the files of
    its own version from the cache, cached as immutable; an unknown version is a 404."""
    from canvas import create_app
    cache = tmp_path / "cache"
    old = cache / "0123456789ab"
    (old / "js").mkdir(parents=True)
    (old / "js" / "hyphenpatterns.js").write_text("// the old patterns\n")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/t.db", "AUTO_MIGRATE": True,
                      "EXPORT_DIR": str(tmp_path / "exports"), "TESTING": True,
                      "STATIC_CACHE_DIR": str(cache)})
    client = app.test_client()
    response = client.get("/static/0123456789ab/js/hyphenpatterns.js")
    assert response.status_code == 200
    assert response.data == b"// the old patterns\n"
    assert response.headers["Cache-Control"] == assets.VERSIONED_CACHE_CONTROL
    current = client.get(f"/static/{assets.static_version()}/js/hyphenpatterns.js")
    assert current.status_code == 200 and b"useHyphenator" in current.data
    assert client.get("/static/ba9876543210/js/hyphenpatterns.js").status_code == 404
    app.extensions["canvas"].db.dispose()


def _compress_in_process(cache, source):
    return str(assets.precompressed_static(Path(cache), source=Path(source), version="v1"))


def test_two_processes_starting_together_share_one_complete_copy(tree, tmp_path):
    """Two server processes (compose's two app containers on one volume) compress at once:
    both end up with the same complete folder, and no half-made copy is left behind."""
    from concurrent.futures import ProcessPoolExecutor
    cache = tmp_path / "cache"
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_compress_in_process, [cache] * 4, [tree] * 4))
    assert set(results) == {str(cache / "v1")}
    assert sorted(p.name for p in cache.iterdir()) == ["v1"]
    for name in ("js/page.js", "js/dom.js", "css/base.css"):
        assert (cache / "v1" / (name + ".br")).exists() and (cache / "v1" / (name + ".gz")).exists()


def removed_parts(source: str, blanked: str) -> list:
    """[line, characters removed from its start] for every line blank_comment_lines changed."""
    removed = []
    for number, (before, after) in enumerate(zip(source.split("\n"), blanked.split("\n"),
                                                 strict=True), start=1):
        if before != after:
            assert before.endswith(after), (number, before, after)
            removed.append([number, len(before) - len(after)])
    return removed


def test_blanking_removes_whole_comment_lines_only():
    source = ("// why\nconst a = 1; // stays\n  /* one line */\n/**\n * block\n */\n"
              "/* not alone */ const b = 2;\nconst url = 'http://x'; /*\n still code */\n"
              "/*\n  */ const c = 3;\n")
    blanked = assets.blank_comment_lines(source)
    assert blanked.split("\n") == [
        "", "const a = 1; // stays", "", "", "", "", "/* not alone */ const b = 2;",
        "const url = 'http://x'; /*", " still code */", "", " const c = 3;", ""]


def test_every_line_blanked_in_the_front_end_held_only_a_comment():
    """Checked by a JavaScript parser (acorn, npm): a line made empty that held code, or a
    string that merely looked like a comment, would break the page for every phone."""
    node = shutil.which("node")
    assert node, "node is needed (apt-get install nodejs)"
    files = []
    for path in sorted((assets.STATIC_DIR / "js").rglob("*.js")):
        source = path.read_text(encoding="utf-8")
        blanked = assets.blank_comment_lines(source)
        files.append({"file": str(path.relative_to(assets.STATIC_DIR)), "source": source,
                      "blanked": blanked, "removed": removed_parts(source, blanked)})
    assert sum(len(f["removed"]) for f in files) > 1000, "the front end's comments are gone?"
    import json
    import subprocess
    done = subprocess.run([node, "tests/js/commentlines.mjs"], input=json.dumps(files),
                          capture_output=True, text=True, cwd=assets.ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", done.stdout


def test_a_string_that_looks_like_a_comment_is_caught_by_the_parser_check():
    node = shutil.which("node")
    source = "const text = `first line\n// not a comment, part of the text\n`;\n"
    blanked = assets.blank_comment_lines(source)
    import json
    import subprocess
    done = subprocess.run(
        [node, "tests/js/commentlines.mjs"],
        input=json.dumps([{"file": "x.js", "source": source, "blanked": blanked,
                           "removed": removed_parts(source, blanked)}]),
        capture_output=True, text=True, cwd=assets.ROOT, timeout=60)
    assert "x.js:2: removed code" in done.stdout


def test_the_served_copy_has_the_comments_blanked(tree, tmp_path):
    (tree / "js").mkdir(exist_ok=True)
    (tree / "js" / "a.js").write_text("// why\nexport const a = 1;\n")
    (tree / "vendor").mkdir(exist_ok=True)
    (tree / "vendor" / "v.js").write_text("// licence\nexport const v = 1;\n")
    copy = assets.precompressed_static(tmp_path / "cache", tree, version="0123456789ab")
    assert (copy / "js" / "a.js").read_text() == "\nexport const a = 1;\n"
    assert assets.blank_comment_lines("/* why */\n//x\n", line_comments=False) == "\n//x\n"
    assert (copy / "vendor" / "v.js").read_text() == "// licence\nexport const v = 1;\n"
