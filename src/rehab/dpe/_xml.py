"""Safe parsing of DPE XML files and path-aware access to their fields.

The files come from outside (ADEME's observatory, diagnosticians' software):
a document with a DTD (or in a non-ASCII-compatible encoding) is parsed with
:mod:`defusedxml`, which refuses DTDs, entity declarations and external
references (no "billion laughs", no XXE); a plain document without a DTD,
which cannot declare or reference entities, goes to the standard C parser. Every
access goes through :class:`Node`, which knows the XML path of its element,
so a missing or malformed field raises a :class:`DPEFormatError` naming the
file and the path (e.g. ``/dpe/logement/enveloppe/mur_collection/mur[2]/
donnee_intermediaire/umur``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..errors import InputError, MissingExtraError

__all__ = ["DPEFormatError", "Node", "parse"]


class DPEFormatError(InputError):
    """A DPE XML file is malformed, unsafe, or has a missing/unknown/inconsistent field.

    Attributes
    ----------
    source : str
        The file (or "<bytes>").
    xml_path : str
        XML path of the offending element (``""`` for the whole file).
    reason : str
    """

    def __init__(self, source: Any, xml_path: str, reason: str) -> None:
        self.source = str(source)
        self.xml_path = xml_path
        self.reason = reason
        where = f" at {xml_path}" if xml_path else ""
        super().__init__(f"DPE XML {self.source}{where}: {reason}")


DPEFormatError.__module__ = "rehab.dpe"  # its public home


class Node:
    """An XML element with its path and the file it comes from.

    Parameters
    ----------
    element : xml.etree.ElementTree.Element
    path : str
        XML path of the element (``/dpe/logement/...``).
    source : str
        The file, for error messages.
    """

    __slots__ = ("element", "path", "source")

    def __init__(self, element: Any, path: str, source: str) -> None:
        self.element = element
        self.path = path
        self.source = source

    def error(self, reason: str, child: str | None = None) -> DPEFormatError:
        """A :class:`DPEFormatError` at this node (or at one of its children)."""
        return DPEFormatError(self.source, f"{self.path}/{child}" if child else self.path, reason)

    def find(self, name: str) -> Node | None:
        """The first child called ``name`` (or a ``a/b`` path), or None."""
        e = self.element.find(name)
        return None if e is None else Node(e, f"{self.path}/{name}", self.source)

    def child(self, name: str) -> Node:
        """The child called ``name``; an error naming its path when absent."""
        n = self.find(name)
        if n is None:
            raise self.error("required element is missing", name)
        return n

    def items(self, collection: str, item: str) -> list[Node]:
        """The ``item`` children of the ``collection`` child (empty when absent or nil)."""
        coll = self.element.find(collection)
        if coll is None:
            return []
        base = f"{self.path}/{collection}/{item}"
        return [Node(e, f"{base}[{i + 1}]", self.source) for i, e in enumerate(coll.findall(item))]

    def text(self, name: str, default: str | None = None) -> str | None:
        """Stripped text of child ``name``; ``default`` when absent, empty or nil."""
        e = self.element.find(name)
        if e is None or e.text is None:
            return default
        t = e.text.strip()
        return t if t else default

    def num(self, name: str, default: float | None = None, *, required: bool = False) -> float | None:
        """Child ``name`` as a float (decimal point or comma).

        Raises
        ------
        DPEFormatError
            Required and absent, or not a number.
        """
        t = self.text(name)
        if t is None:
            if required:
                raise self.error("required number is missing or empty", name)
            return default
        try:
            v = float(t.replace(",", "."))
        except ValueError:
            raise self.error(f"{t!r} is not a number", name) from None
        if not math.isfinite(v):  # 'nan', 'inf', '1e309' (found by tests/properties/test_fuzz_dpe.py)
            raise self.error(f"{t!r} is not a finite number", name)
        return v

    def req(self, name: str) -> float:
        """Child ``name`` as a required float."""
        return float(self.num(name, required=True))  # type: ignore[arg-type]

    def int(self, name: str, default: int | None = None, *, required: bool = False) -> int | None:
        """Child ``name`` as an integer code (``"1"``, ``"1.00"``)."""
        v = self.num(name, None if default is None else float(default), required=required)
        if v is None:
            return None
        if v != int(v):
            raise self.error(f"{v!r} is not an integer code", name)
        return int(v)


def _plain_without_dtd(data: bytes) -> bool:
    """True for an ASCII-compatible document (no BOM/NUL of UTF-16/32) without a DTD.

    Such a document cannot declare entities or refer to external ones
    (undefined entities are an error for expat), so it is parsed with the
    standard library's C parser; any other document goes through
    :mod:`defusedxml`, which refuses DTDs, entity declarations and external
    references.
    """
    return b"\x00" not in data and b"<!DOCTYPE" not in data and b"<!ENTITY" not in data


def parse(source: Any) -> Node:
    """Parse a DPE XML file (path, bytes or text) safely; the root ``dpe`` node.

    Raises
    ------
    DPEFormatError
        Not XML, forbidden DTD/entity/external reference, or the root is not ``dpe``.
    MissingExtraError
        defusedxml is not installed.
    """
    try:
        from defusedxml import DefusedXmlException
        from defusedxml import ElementTree as DET
    except ImportError as exc:  # pragma: no cover - defusedxml is a core dependency
        raise MissingExtraError("core", "defusedxml", "reading DPE XML files safely") from exc
    import xml.etree.ElementTree as ET

    if isinstance(source, (bytes, bytearray)):
        name, data = "<bytes>", bytes(source)
    elif isinstance(source, str) and source.lstrip().startswith("<"):
        name, data = "<text>", source.encode("utf-8")
    else:
        p = Path(source)
        name = str(p)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise DPEFormatError(name, "", f"cannot be read ({exc.strerror or exc})") from exc
    try:
        if _plain_without_dtd(data):
            # no DTD, hence no entity declaration nor external reference can be
            # expanded: the C parser is safe here (and ~5 times faster)
            root = ET.fromstring(data)
        else:
            root = DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise DPEFormatError(
            name, "", f"refused for safety: {type(exc).__name__} (DTDs, entities and "
            "external references are not allowed in DPE files)"
        ) from exc
    except ET.ParseError as exc:
        raise DPEFormatError(name, "", f"not well-formed XML ({exc})") from exc
    if root.tag != "dpe":
        raise DPEFormatError(name, f"/{root.tag}", "the root element must be <dpe>")
    return Node(root, "/dpe", name)
