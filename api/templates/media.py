"""Template media: type by content (magic bytes), limits, and content-addressed storage on disk.

The file name and the declared content type are ignored: a PNG named ``.mp4`` is an image and a
text file named ``.jpg`` is refused. Images must also decode with Pillow. Files are stored once
under ``data_dir/media/<sha256>``; an S3-compatible store is not implemented (the path is the one
place to change).
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from api.core.config import get_settings
from api.core.errors import DomainError
from api.templates.models import MediaKind

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_VIDEO_BYTES = 10 * 1024 * 1024
MAX_MEDIA = 9


@dataclass(frozen=True)
class Sniffed:
    kind: MediaKind
    content_type: str
    width: int | None = None
    height: int | None = None


def media_dir() -> Path:
    return get_settings().data_dir / "media"


def media_path(sha: str) -> Path:
    """Where a stored file lives (``sha`` must be 64 lowercase hex digits)."""
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ValueError("not a sha256")
    return media_dir() / sha


def sniff(data: bytes) -> tuple[MediaKind, str] | None:
    """The media kind and content type told by the first bytes, or None for anything else."""
    if data[:3] == b"\xff\xd8\xff":
        return MediaKind.IMAGE, "image/jpeg"
    if data[:4] == b"\x89PNG":
        return MediaKind.IMAGE, "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return MediaKind.IMAGE, "image/gif"
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return MediaKind.VIDEO, "video/mp4"
    return None


def check(data: bytes, path: tuple[str, ...] = ("file",)) -> Sniffed:
    """Check an upload by content and size; raise a DomainError naming the field and the limit."""
    found = sniff(data)
    if found is None:
        raise DomainError.single(path, "Not a JPEG, PNG, GIF image or an MP4 video (checked by content, not by "
                                 "file name).", "INVALID")
    kind, ctype = found
    if kind is MediaKind.IMAGE:
        if len(data) > MAX_IMAGE_BYTES:
            raise DomainError.single(path, f"Images may be at most 2 MB ({MAX_IMAGE_BYTES} bytes); this one has "
                                     f"{len(data)}.", "TOO_LONG")
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                width, height = img.size
        except Exception as exc:  # Pillow raises many kinds for a broken file
            raise DomainError.single(path, "The image does not decode: the file is damaged.", "INVALID") from exc
        return Sniffed(kind, ctype, width, height)
    if len(data) > MAX_VIDEO_BYTES:
        raise DomainError.single(path, f"Videos may be at most 10 MB ({MAX_VIDEO_BYTES} bytes); this one has "
                                 f"{len(data)}.", "TOO_LONG")
    return Sniffed(kind, ctype)


def store(data: bytes) -> str:
    """Write ``data`` under its sha256 (once; an existing file is kept) and return the sha."""
    sha = hashlib.sha256(data).hexdigest()
    target = media_path(sha)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{sha}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return sha


def url(sha: str) -> str:
    return f"/media/{sha}"
