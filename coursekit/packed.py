"""Texts kept compressed in memory until they are written out at the end of a build:
a thousand lessons' HTML, or a thousand emails' bodies for the services' files, are
tens of megabytes as Python text (one en dash makes a whole string two bytes a
character) and a fifth of that packed. zlib level 1: fast, and exact both ways."""

from __future__ import annotations

import zlib
from collections.abc import Iterator, MutableMapping


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")


class PackedTexts(MutableMapping[str, str]):
    """A mapping of texts, each kept packed and unpacked when read."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def __setitem__(self, key: str, text: str) -> None:
        self._packed[key] = pack(text)

    def __getitem__(self, key: str) -> str:
        return unpack(self._packed[key])

    def __delitem__(self, key: str) -> None:
        del self._packed[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)
