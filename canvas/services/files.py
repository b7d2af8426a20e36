"""Files kept on disk for a workshop (rendered posters), under EXPORT_DIR/<code>/."""
import os
import shutil
import time
from pathlib import Path

from canvas.services.context import ServiceContext
from canvas.services.rules import normalize_code


def workshop_dir(ctx: ServiceContext, code: str) -> Path:
    return Path(ctx.export_dir) / code


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` so that no reader ever sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)


def forget_older(folder: Path, pattern: str, newest: Path, older_than: float) -> None:
    """Remove the files matching ``pattern`` in ``folder`` (but ``newest``) unchanged for
    ``older_than`` seconds: earlier renderings of the same poster nobody fetched lately."""
    cutoff = time.time() - older_than
    for old in folder.glob(pattern):
        try:
            if old != newest and old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass  # another request removed it first


def delete_files(ctx: ServiceContext, code) -> None:
    """Remove every file kept for a workshop."""
    code = normalize_code(code)
    if code:
        shutil.rmtree(workshop_dir(ctx, code), ignore_errors=True)
