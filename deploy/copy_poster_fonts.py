"""Copy the system font files the poster falls back to (canvas/poster/fonts.py, FALLBACKS)
into one folder, with their packages' licences: the container image then carries the few files
the poster uses (about 17 MB) instead of the whole font packages (about 85 MB).

Usage: python deploy/copy_poster_fonts.py TARGET_DIR
Fails when a fallback has no file on this machine, so an image never ships without one.
"""
import shutil
import sys
from pathlib import Path

from canvas.poster import fonts


def copy_fonts(target: Path) -> list:
    """Copy the first file found of every fallback face into ``target``; return their names.
    Raises SystemExit naming the Debian package of a fallback that has no file here."""
    found = fonts._system_fonts()
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for _name, regular, bold, package in fonts.FALLBACKS:
        for files in (regular, bold):
            if not files:
                continue
            path = next((found[f.lower()] for f in files if f.lower() in found), None)
            if path is None:
                raise SystemExit(f"no file of {', '.join(files)} found: install {package}")
            shutil.copy(path, target / Path(path).name)
            copied.append(Path(path).name)
        licence = Path("/usr/share/doc") / package / "copyright"
        if licence.exists():
            shutil.copy(licence, target / f"{package}.copyright")
    return copied


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    for name in copy_fonts(Path(sys.argv[1])):
        print(name)
