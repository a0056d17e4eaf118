"""Fuzzing the official DPE XML reader (rehab.dpe.read_xml): files from ADEME's open data, mutated.

Invariant: a :class:`~rehab.dpe.DPERecord` whose house has a finite,
positive heat-loss coefficient, or an exception of rehab's error tree
(``DPEFormatError`` naming the XML path) — never a bare ``KeyError``,
``ValueError``, ``IndexError`` or XML parser error. A few accepted records
are also compared with their certified values (``dpe.compare``). Counts:
``REHAB_FUZZ_EXAMPLES`` (see fuzz_cases.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
from fuzz_cases import FORMULAS, STATS, TRICKY, documented, examples
from hypothesis import given
from hypothesis import strategies as st

from rehab import dpe

XML_DIR = Path(__file__).resolve().parents[1] / "data" / "dpe" / "xml"
#: a few real house DPEs (ADEME open data, see tests/data/dpe/README.md)
FILES = [p.read_bytes() for p in sorted(XML_DIR.glob("*.xml"))[:6]]
LEAF = re.compile(rb"<([A-Za-z_][\w.-]*)>([^<]*)</\1>")
DPE_JUNK = ["", " ", "0", "-1", "999", "1e309", "-1e309", "nan", "inf", "1,5", "abc", "true", "1e-300", "0.0",
            "2147483648", "12.5.3", "\u00e9t\u00e9", *FORMULAS, *TRICKY]
OPS = ["text", "text", "text", "delete", "duplicate", "truncate", "bytes"]
#: (operation, which leaf element / byte position as a share of the file, junk value)
mutation = st.tuples(st.sampled_from(OPS), st.floats(0, 1, exclude_max=True),
                     st.one_of(st.sampled_from(DPE_JUNK), st.integers(-10**6, 10**6).map(str),
                               st.floats(allow_nan=True, allow_infinity=True).map(repr), st.text(max_size=12)))


def dpe_bytes(file: int, mutations) -> bytes:
    """One of the real files with ``mutations`` applied (built here, not drawn: see epw_text)."""
    b = FILES[file]
    for op, where, value in mutations:
        leaves = list(LEAF.finditer(b))
        if op in ("truncate", "bytes") or not leaves:
            at = int(where * len(b))
            b = b[:at] if op == "truncate" else b[:at] + value.encode("utf-8", "surrogatepass") + b[at:]
            continue
        m = leaves[int(where * len(leaves))]
        if op == "text":
            new = b"<%s>%s</%s>" % (m[1], escape(value).encode("utf-8", "surrogatepass"), m[1])
        elif op == "delete":
            new = b""
        else:
            new = m[0] + m[0]
        b = b[: m.start()] + new + b[m.end():]
    return b


@examples(20)
@given(st.integers(0, len(FILES) - 1), st.lists(mutation, min_size=1, max_size=3), st.floats(0, 1))
def test_fuzz_dpe_xml_reader(file, mutations, p_compare):
    stats = STATS["DPE XML"]
    stats["cases"] += 1
    try:
        rec = dpe.read_xml(dpe_bytes(file, mutations))
        h = rec.house.heat_loss().h_total
        if p_compare < 0.03:
            dpe.compare(rec)
    except Exception as exc:
        if not documented(exc):
            stats["undocumented"] += 1
            raise
        stats["refused"] += 1
        return
    stats["accepted"] += 1
    assert np.isfinite(h) and h > 0


def test_dpe_nan_or_infinite_number_names_the_xml_path():
    """Found by this suite: 'nan' in a code was a bare ValueError, '1e309' a bare OverflowError."""
    import pytest

    good = FILES[0]
    for bad in (b"nan", b"1e309", b"-inf"):
        text = re.sub(rb"<enum_inclinaison_vitrage_id>[^<]*<", b"<enum_inclinaison_vitrage_id>" + bad + b"<", good,
                      count=1)
        assert text != good
        with pytest.raises(dpe.DPEFormatError, match=r"enum_inclinaison_vitrage_id.*not a finite number"):
            dpe.read_xml(text)
    with pytest.raises(dpe.DPEFormatError, match=r"surface_habitable_logement.*not a finite number"):
        dpe.read_xml(re.sub(rb"<surface_habitable_logement>[^<]*<", b"<surface_habitable_logement>inf<", good))
