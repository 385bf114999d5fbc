#!/usr/bin/env python3
"""Real-client interoperability checks for one NewsGraph export directory.

    python3 Tests/Interop/check_exports.py EXPORT_DIR [--ontology DIR] [--schemas DIR]
                                           [--expect-nodes N] [--expect-edges M]

EXPORT_DIR holds graph.graphml, graph.rdf, graph.jsonld, graph.nt and graph.ttl. An export
is correct when the real clients read it the same way: xmllint (GraphML XSD), networkx,
igraph, rdflib, rapper (raptor2), pyoxigraph, PyLD and pyshacl. This script parses nothing
itself: every file goes through those tools (plus Python's json and ElementTree for the
structural lints); what it adds are comparisons between their results and lints for
mistakes that every client accepts silently. The rules are those of ontology/README.md
and shared/reference/formats.md.

Every check prints one line, `PASS name (time): reason` or `FAIL name (time): reason`
(followed by indented details pointing at the element or triple at fault), or `SKIP` when
an input it needs could not be read (that input's own check has failed). The last line is
`summary: N passed, N failed, N skipped`. Exit status 1 when any check failed, 2 on bad
arguments. No network: sockets are blocked for the whole run and PyLD gets a document
loader that refuses every fetch, so a remote @context fails instead of being downloaded.

Checks, in order: graphml/xsd (xmllint against the vendored XSD, remote schemaLocations
pointed at local copies), graphml/structure (key/node/edge order, key declarations, APOC
labels/label keys, NMTOKEN ids), graphml/networkx, graphml/igraph (same counts), graphml/values
(values parse as attr.type, networkx and igraph agree, colours, weights, IRIs);
{rdfxml,ntriples,turtle}/{rdflib,rapper,pyoxigraph} (each parses, rapper's and pyoxigraph's
N-Triples loaded into rdflib give the rdflib graph); jsonld/json (JSON, inline context, no
floats), jsonld/{rdflib,pyld,pyoxigraph}, jsonld/undefined-terms (sentinel @vocab probe);
rdf/isomorphic (all serializations = the RDF/XML graph); lint/iris, lint/literals,
lint/ontology (declared terms, rdfs:range datatypes); shacl (pyshacl, shapes.ttl, ontology
as ont_graph, rdfs inference); cross/nodes, cross/edges, cross/labels, cross/values (GraphML
vs RDF); counts (with --expect-nodes/--expect-edges). xmllint and rapper are started at the
beginning and run while Python works, so their lines show only the time left to wait.

Comparison rules: rdflib literal normalisation is switched off (NORMALIZE_LITERALS=False),
so "0.85" and "0.850" or "01" and "1" are different terms, as they are for a triple store;
the only identification made is the RDF 1.1 one, "x"^^xsd:string == "x". Graphs without
blank nodes are compared as triple sets (for ground graphs this is exactly isomorphism);
graphs with blank nodes go through rdflib.compare.isomorphic.

Broken variants this was developed against: a hand-made sample export (written with string
templates the way the Swift writers work, kept outside the repository), one defect per copy.
The good sample and a "torture" sample (labels with < > & " ' \\ newlines, tabs, CR, emoji,
RTL text, combining marks, a 100 KB string, an IRI from a name with spaces and slashes)
pass; every variant fails, caught by:
  GraphML
    node id is an IRI (https://x.org/c#china) ....... graphml/xsd (NMTOKEN, keyrefs), graphml/structure,
                                                       graphml/networkx (dangling edges create nodes),
                                                       cross/nodes
    edge weight 0 ................................... graphml/values
    int key written 2.0 ............................. graphml/networkx (ValueError), graphml/values
    boolean written "no" ............................ graphml/networkx (KeyError), graphml/values
    no key with id "labels" (APOC) .................. graphml/structure
    an edge before the first node ................... graphml/structure, cross/edges
    r = 300 ......................................... graphml/values
    key id "d3" (Gephi reads it as the label) ....... graphml/structure
    raw CR in a label (torture sample) .............. cross/labels, cross/values (XML parsers turn a raw
                                                       CR into LF; RDF keeps CR: write &#13;)
    CAMEO code "0212" written 212 ................... cross/values
    one edge left out ............................... cross/edges
  RDF/XML
    rdf:datatype="xsd:date" ......................... lint/literals, lint/ontology (range), shacl,
                                                       rdf/isomorphic (rdflib, rapper, pyoxigraph all accept it)
    relative rdf:about .............................. lint/iris (file: IRI), rdf/isomorphic, cross/nodes
    &#x1; in a literal .............................. rdfxml/rdflib, rdfxml/rapper, lint/literals
                                                       (pyoxigraph accepts it)
    IRI with a space in rdf:resource ................ rdfxml/pyoxigraph, lint/iris (rdflib and rapper
                                                       accept it), rdf/isomorphic, cross/edges
    xsd:double instead of xsd:decimal ............... rdf/isomorphic, lint/ontology (range), shacl
  N-Triples / Turtle
    IRI with a space (N-Triples) .................... ntriples/rdflib, ntriples/rapper, ntriples/pyoxigraph
    one triple missing (Turtle) ..................... rdf/isomorphic (names the triple)
    "2024-13-45"^^xsd:date (Turtle) ................. lint/literals, rdf/isomorphic
  JSON-LD
    remote @context URL ............................. jsonld/json, jsonld/rdflib, jsonld/pyld,
                                                       jsonld/pyoxigraph (all offline), rdf/isomorphic
    property without a term definition .............. jsonld/undefined-terms (every processor drops
                                                       it silently), rdf/isomorphic
    latitude as a JSON number ....................... jsonld/json, jsonld/pyld and jsonld/pyoxigraph
                                                       ("3.56895E1"), lint/literals, rdf/isomorphic
    relative @id .................................... lint/iris (http://example.org/base/ from PyLD,
                                                       file: from rdflib), rdf/isomorphic
  All formats consistent, but wrong
    xsd:double literal everywhere ................... jsonld/pyld (PyLD canonicalises double strings,
                                                       "35.6895" -> "3.56895E1"), rdf/isomorphic, lint/ontology
    predicate ng:nickname not in the ontology ....... lint/ontology
    Action without ng:agent ......................... shacl (sh:minCount)
    contentHash "sha256:ABC" ........................ shacl (sh:pattern)
    C0 controls stripped in RDF/XML and GraphML but
    escaped (\u0001) in N-Triples/Turtle/JSON-LD .... rdf/isomorphic (shows the first differing
                                                       character), lint/literals
"""
from __future__ import annotations

import argparse
import copy
import gc
import io
import json
import logging
import math
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

FILES = {
    "graphml": "graph.graphml",
    "rdfxml": "graph.rdf",
    "jsonld": "graph.jsonld",
    "ntriples": "graph.nt",
    "turtle": "graph.ttl",
}
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
G = "{%s}" % GRAPHML_NS
XSD = "http://www.w3.org/2001/XMLSchema#"
MAX_DETAILS = 8


# ------------------------------------------------------------------------------ no network
class NetworkBlocked(OSError):
    pass


def _refuse(target):
    raise NetworkBlocked(f"network access to {target!r} refused: exports must load offline")


def block_network():
    socket.socket.connect = lambda self, address: _refuse(address)  # type: ignore[method-assign]
    socket.socket.connect_ex = lambda self, address: _refuse(address)  # type: ignore[method-assign]
    socket.create_connection = lambda address, *a, **k: _refuse(address)  # type: ignore[assignment]
    socket.getaddrinfo = lambda host, *a, **k: _refuse(host)  # type: ignore[assignment]


def pyld_refusing_loader(url, options=None):
    raise NetworkBlocked(f"PyLD tried to load {url!r}: the @context must be inline")


# ------------------------------------------------------------------------------ reporting
class Failure(Exception):
    """A check failed; `details` are the offending elements/triples."""

    def __init__(self, reason, details=(), limit=None):
        super().__init__(reason)
        self.reason = reason
        self.details = list(details)
        self.limit = limit or MAX_DETAILS


class Skip(Exception):
    pass


class Report:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def run(self, name, fn):
        t0 = time.perf_counter()
        try:
            reason = fn()
            status, details, limit = "PASS", [], MAX_DETAILS
            self.passed += 1
        except Skip as e:
            status, reason, details, limit = "SKIP", str(e), [], MAX_DETAILS
            self.skipped += 1
        except Failure as e:
            status, reason, details, limit = "FAIL", e.reason, e.details, e.limit
            self.failed += 1
        except Exception as e:  # a client crashed: that is a failure of the export (or of the client)
            status, reason, details, limit = "FAIL", describe(e), [], MAX_DETAILS
            self.failed += 1
        dt = time.perf_counter() - t0
        print(f"{status} {name} ({dt:.2f} s): {reason}")
        shown = details[:limit]
        for d in shown:
            print(f"    {d}")
        if len(details) > len(shown):
            print(f"    ... and {len(details) - len(shown)} more")
        sys.stdout.flush()


def describe(e):
    """`Type: message`, followed by the innermost cause (PyLD wraps the interesting error)."""
    text = f"{type(e).__name__}: {first_line(e)}"
    inner, seen = e, 0
    while seen < 8:
        nxt = getattr(inner, "cause", None) or inner.__cause__ or inner.__context__
        if not isinstance(nxt, BaseException):
            break
        inner, seen = nxt, seen + 1
    if inner is not e and first_line(inner)[:30] not in text:
        text += f" <- {type(inner).__name__}: {first_line(inner)}"
    return text


def first_line(e, limit=400):
    s = str(e).strip().splitlines()
    s = s[0] if s else repr(e)
    return s if len(s) <= limit else s[:limit] + "…"


def short(s, limit=80):
    """repr-like, truncated, so that control characters and long texts stay readable."""
    r = json.dumps(s, ensure_ascii=False)
    return r if len(r) <= limit else r[: limit - 1] + "…\""


def fmt_term(t, limit=90):
    from rdflib import Literal, URIRef

    if isinstance(t, URIRef):
        s = f"<{t}>"
    elif isinstance(t, Literal):
        s = short(str(t), limit)
        if t.language:
            s += "@" + t.language
        elif t.datatype:
            s += f"^^<{t.datatype}>"
        return s
    else:
        s = t.n3()
    return s if len(s) <= limit else s[: limit - 1] + "…"


def fmt_triple(t):
    return " ".join(fmt_term(x) for x in t) + " ."


# ------------------------------------------------------------------------------ subprocesses
def start(cmd):
    """Starts an external tool now (so it runs while Python does other work)."""
    if shutil.which(cmd[0]) is None:
        return None
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)


def finish(proc, name):
    if proc is None:
        raise Failure(f"`{name}` not found on PATH (run scripts/install-test-deps.sh)")
    out, err = proc.communicate()
    return proc.returncode, out, err.decode("utf-8", "replace")


# ------------------------------------------------------------------------------ lexical rules
IRI_SCHEMES = {"http", "https", "urn", "mailto", "tag"}
KNOWN_PREFIXES = {"xsd", "rdf", "rdfs", "owl", "ng", "nga", "ngt", "prov", "schema", "skos", "sem", "dc", "dcterms"}
IRI_BAD_CHARS = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
NMTOKEN = re.compile(
    "^[-.0-9:A-Z_a-z\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u200c\u200d\u203f\u2040"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff]+$"
)
REL_TYPE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
APOC_LABELS = re.compile(r"^(:[A-Za-z_][A-Za-z0-9_]*)+$")


def iri_problem(iri):
    """Why `iri` is not an absolute, loadable IRI for this project (None if it is fine)."""
    if iri.startswith("http://example.org/base/"):
        return "resolved against PyLD's default base http://example.org/base/ (relative @id or undefined @type term)"
    m = SCHEME.match(iri)
    if not m:
        return "relative IRI"
    scheme = m.group(1).lower()
    if scheme == "file":
        return "file: IRI (a relative IRI resolved against the reader's file path)"
    if scheme in KNOWN_PREFIXES:
        return f"unexpanded prefixed name ({scheme}:…), not an absolute IRI"
    if scheme not in IRI_SCHEMES:
        return f"unexpected IRI scheme {scheme!r}"
    bad = IRI_BAD_CHARS.search(iri)
    if bad:
        return f"character {bad.group()!r} (U+{ord(bad.group()):04X}) is not allowed in an IRI: percent-encode it"
    if BAD_PERCENT.search(iri):
        return "'%' not followed by two hex digits"
    if scheme in ("http", "https") and not re.match(r"^https?://[^/?#]+", iri, re.I):
        return "http(s) IRI without a host"
    return None


def _valid_date(y, mo, d):
    y, mo, d = int(y), int(mo), int(d)
    if not 1 <= mo <= 12:
        return False
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return 1 <= d <= [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]


TZ = r"(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)?"
DATE = re.compile(r"^(-?[1-9]\d{3,}|-?0\d{3})-(\d\d)-(\d\d)" + TZ + "$")
DATETIME = re.compile(r"^(-?[1-9]\d{3,}|-?0\d{3})-(\d\d)-(\d\d)T(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)" + TZ + "$")
LEXICAL = {
    "integer": re.compile(r"^[+-]?\d+$"),
    "int": re.compile(r"^[+-]?\d+$"),
    "long": re.compile(r"^[+-]?\d+$"),
    "nonNegativeInteger": re.compile(r"^(\+?\d+|-0+)$"),
    "positiveInteger": re.compile(r"^\+?0*[1-9]\d*$"),
    "decimal": re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    "double": re.compile(r"^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$"),
    "float": re.compile(r"^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$"),
    "boolean": re.compile(r"^(true|false|1|0)$"),
    "gYear": re.compile(r"^-?\d{4,}" + TZ + "$"),
    "gYearMonth": re.compile(r"^-?\d{4,}-(0[1-9]|1[0-2])" + TZ + "$"),
}


def literal_problem(lex, datatype, lang):
    """Why a literal is ill-formed (None if fine). datatype is a str or None."""
    m = NOT_XML_CHAR.search(lex)
    if m:
        return (f"U+{ord(m.group()):04X} at character {m.start()} cannot be written in XML 1.0 "
                "(RDF/XML, GraphML): remove it in every format")
    if lang is not None and not LANG_TAG.match(lang):
        return f"invalid language tag {lang!r}"
    if datatype is None:
        return None
    if iri_problem(datatype):
        return f"datatype IRI <{datatype}>: {iri_problem(datatype)}"
    if not datatype.startswith(XSD):
        return None
    local = datatype[len(XSD):]
    if local == "date":
        m = DATE.match(lex)
        if not m or not _valid_date(*m.group(1, 2, 3)):
            return "not a valid xsd:date (YYYY-MM-DD)"
    elif local == "dateTime":
        m = DATETIME.match(lex)
        if not m or not _valid_date(*m.group(1, 2, 3)):
            return "not a valid xsd:dateTime"
    elif local == "anyURI":
        p = iri_problem(lex)
        if p:
            return f"xsd:anyURI value: {p}"
    elif local in LEXICAL:
        if not LEXICAL[local].match(lex):
            return f"not a valid xsd:{local} lexical form"
        if local == "int" and not -(2**31) <= int(lex) < 2**31:
            return "xsd:int out of range"
        if local == "long" and not -(2**63) <= int(lex) < 2**63:
            return "xsd:long out of range"
    return None


# ------------------------------------------------------------------------------ the checker
class Checker:
    def __init__(self, export_dir, ontology_dir, schemas_dir, expect_nodes, expect_edges):
        self.dir = Path(export_dir)
        self.ontology_dir = Path(ontology_dir)
        self.schemas_dir = Path(schemas_dir)
        self.expect_nodes = expect_nodes
        self.expect_edges = expect_edges
        self.report = Report()
        self.graphs = {}  # "rdfxml/rdflib" -> frozenset of (canonical) triples, successful parses only
        self.rdfxml_graph = None  # the rdflib.Graph of graph.rdf (for pyshacl)
        self._terms = None
        self.nx = None
        self.ig = None
        self.gml = None  # structural view of the GraphML (ElementTree)
        self.ontology = None
        self.tmp = tempfile.TemporaryDirectory(prefix="ng-interop-")

    def path(self, fmt):
        return self.dir / FILES[fmt]

    def need(self, *names):
        for n in names:
            if n not in self.graphs:
                raise Skip(f"needs {n}, which did not load")

    # -------------------------------------------------------------- external tools, started early
    def start_tools(self):
        self.procs = {}
        xsd = self.local_schema()
        if self.path("graphml").exists() and xsd:
            self.procs["xmllint"] = start(["xmllint", "--noout", "--nonet", "--schema", str(xsd), str(self.path("graphml"))])
        for fmt, syntax in (("rdfxml", "rdfxml"), ("ntriples", "ntriples"), ("turtle", "turtle")):
            if self.path(fmt).exists():
                self.procs["rapper-" + fmt] = start(["rapper", "-q", "-i", syntax, "-o", "ntriples", str(self.path(fmt))])

    def local_schema(self):
        """Copies the schema folder to a temp dir, pointing remote schemaLocations at local files."""
        src = self.schemas_dir
        if not (src / "graphml.xsd").exists():
            self.schema_error = f"no graphml.xsd in {src} (use --schemas)"
            return None
        dst = Path(self.tmp.name) / "schemas"
        dst.mkdir()
        local = {p.name for p in src.glob("*.xsd")}
        for p in src.glob("*.xsd"):
            text = p.read_text(encoding="utf-8")

            def repl(m):
                loc = m.group(2)
                name = loc.rsplit("/", 1)[-1]
                if re.match(r"^[a-z]+://", loc) and name in local:
                    return f"{m.group(1)}{name}{m.group(3)}"
                if re.match(r"^[a-z]+://", loc):
                    self.schema_error = f"{p.name} refers to {loc}, which is not in {src}"
                return m.group(0)

            text = re.sub(r'(schemaLocation\s*=\s*["\'])([^"\']+)(["\'])', repl, text)
            (dst / p.name).write_text(text, encoding="utf-8")
        return dst / "graphml.xsd"

    # -------------------------------------------------------------- GraphML
    def graphml_xsd(self):
        if not self.path("graphml").exists():
            raise Failure(f"missing {self.path('graphml')}")
        if getattr(self, "schema_error", None):
            raise Failure(self.schema_error)
        rc, _, err = finish(self.procs.get("xmllint"), "xmllint")
        if rc != 0:
            lines = [l for l in err.splitlines() if l.strip() and not l.endswith(" fails to validate")]
            raise Failure("xmllint --schema graphml.xsd: not valid", lines)
        return "valid against the GraphML XSD (xmllint --nonet)"

    def graphml_structure(self):
        p = self.path("graphml")
        if not p.exists():
            raise Skip("no GraphML file")
        problems = []
        root = ET.parse(p).getroot()
        if root.tag != G + "graphml":
            raise Failure(f"root element is {root.tag}, expected {{{GRAPHML_NS}}}graphml")
        seen_graph = False
        keys = {}
        for child in root:
            if child.tag == G + "key":
                if seen_graph:
                    problems.append(f"<key id={child.get('id')!r}> after the <graph>: all keys must come first")
                keys[child.get("id")] = child
            elif child.tag == G + "graph":
                seen_graph = True
        graphs = root.findall(G + "graph")
        if len(graphs) != 1:
            problems.append(f"{len(graphs)} <graph> elements; clients read only the first")
        graph = graphs[0] if graphs else ET.Element("graph")
        if graph.get("edgedefault") != "directed":
            problems.append(f'<graph edgedefault={graph.get("edgedefault")!r}>: must be "directed"')
        names = {}
        for kid, k in keys.items():
            dom, name, typ = k.get("for", "all"), k.get("attr.name"), k.get("attr.type")
            if re.fullmatch(r"d\d+", kid or ""):
                problems.append(f"<key id={kid!r}>: auto-numbered key ids are misread by Gephi (d3 = node label, d7 = edge label)")
            if dom not in ("node", "edge"):
                problems.append(f"<key id={kid!r} for={dom!r}>: use for=\"node\" or for=\"edge\" (Gephi, APOC)")
            if not name:
                problems.append(f"<key id={kid!r}> has no attr.name (networkx and APOC fail)")
            if typ not in ("boolean", "int", "long", "float", "double", "string"):
                problems.append(f"<key id={kid!r} attr.type={typ!r}>: must be one of boolean int long float double string")
            if name == "id":
                problems.append(f"<key id={kid!r} attr.name=\"id\">: clashes with the node id in igraph and APOC")
            if (dom, name) in names:
                problems.append(f"<key id={kid!r}>: attr.name {name!r} also used by key {names[(dom, name)]!r} for {dom}")
            names[(dom, name)] = kid
        if "labels" not in keys or keys["labels"].get("for") != "node":
            problems.append('no <key id="labels" for="node"> (Neo4j APOC readLabels takes node labels from it)')
        if "label" not in keys or keys["label"].get("for") != "edge":
            problems.append('no <key id="label" for="edge"> (Neo4j APOC takes the relationship type from it)')
        if "iri" not in keys or keys["iri"].get("for") != "node":
            problems.append('no <key id="iri" for="node"> (the cross-format check needs it)')
        if "predicate" not in keys or keys["predicate"].get("for") != "edge":
            problems.append('no <key id="predicate" for="edge">')
        seen_edge = None
        nodes, edges = [], []
        for el in graph:
            if el.tag == G + "node":
                if seen_edge is not None:
                    problems.append(f"<node id={el.get('id')!r}> after <edge id={seen_edge!r}>: write all nodes before "
                                    "the edges (APOC resolves endpoints while streaming)")
                    seen_edge = None  # report once per run of nodes
                nodes.append(el)
            elif el.tag == G + "edge":
                if seen_edge is None:
                    seen_edge = el.get("id") or "?"
                edges.append(el)
                if el.get("directed") not in (None, "true"):
                    problems.append(f"<edge id={el.get('id')!r} directed={el.get('directed')!r}>: mixed graphs are refused by networkx")
            elif el.tag == G + "hyperedge":
                problems.append("<hyperedge> is not read by networkx or igraph")
        for el in nodes:
            nid = el.get("id") or ""
            if not NMTOKEN.match(nid):
                problems.append(f"<node id={nid!r}>: not an NMTOKEN (letters, digits, . - _ : ; put the IRI in the iri key)")
            if el.find(G + "graph") is not None:
                problems.append(f"<node id={nid!r}> has a nested graph (flattened by Gephi, ignored by networkx)")
        for el in edges:
            eid = el.get("id")
            if eid is None:
                problems.append(f"<edge source={el.get('source')!r} target={el.get('target')!r}> without id")
            elif not NMTOKEN.match(eid):
                problems.append(f"<edge id={eid!r}>: not an NMTOKEN")
        for el in nodes:
            if el.find(f"{G}data[@key='labels']") is None and "labels" in keys:
                problems.append(f"<node id={el.get('id')!r}> has no labels data (APOC would create it without a label)")
            if el.find(f"{G}data[@key='iri']") is None and "iri" in keys:
                problems.append(f"<node id={el.get('id')!r}> has no iri data")
        for el in edges:
            if el.find(f"{G}data[@key='label']") is None and "label" in keys:
                problems.append(f"<edge id={el.get('id')!r}> has no label data (APOC would use RELATED)")
            if el.find(f"{G}data[@key='predicate']") is None and "predicate" in keys:
                problems.append(f"<edge id={el.get('id')!r}> has no predicate data")
        self.gml = {"keys": keys, "nodes": nodes, "edges": edges}
        if problems:
            raise Failure(f"{len(problems)} structural problem(s)", problems)
        return (f"{len(keys)} keys before the graph, {len(nodes)} nodes then {len(edges)} edges; "
                "NMTOKEN ids; labels/label keys for APOC")

    def graphml_networkx(self):
        import networkx as nx

        p = self.path("graphml")
        if not p.exists():
            raise Skip("no GraphML file")
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            g = nx.read_graphml(p)
        self.nx = g
        msg = [str(x.message) for x in w]
        if self.gml is not None:
            n, m = len(self.gml["nodes"]), len(self.gml["edges"])
            if g.number_of_nodes() != n or g.number_of_edges() != m:
                raise Failure(f"networkx reads {g.number_of_nodes()} nodes, {g.number_of_edges()} edges; "
                              f"the file has {n} <node>, {m} <edge> (duplicate ids or dangling endpoints are merged/created silently)")
        if msg:
            raise Failure("networkx warned", msg)
        return f"{type(g).__name__}, {g.number_of_nodes()} nodes, {g.number_of_edges()} edges"

    def graphml_igraph(self):
        import igraph

        p = self.path("graphml")
        if not p.exists():
            raise Skip("no GraphML file")
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            g = igraph.Graph.Read_GraphML(str(p))
        self.ig = g
        msg = [str(x.message) for x in w]
        if msg:
            raise Failure("igraph warned", msg)
        if self.nx is not None and (g.vcount() != self.nx.number_of_nodes() or g.ecount() != self.nx.number_of_edges()):
            raise Failure(f"igraph reads {g.vcount()} nodes, {g.ecount()} edges; networkx "
                          f"{self.nx.number_of_nodes()} nodes, {self.nx.number_of_edges()} edges")
        return f"{g.vcount()} nodes, {g.ecount()} edges (same counts as networkx)"

    def graphml_values(self):
        if self.gml is None:
            raise Skip("needs graphml/structure")
        problems = []
        keys = self.gml["keys"]
        types = {k: (el.get("attr.type"), el.get("attr.name"), el.get("for")) for k, el in keys.items()}

        def raw_ok(typ, text):
            if typ in ("int", "long"):
                if not re.fullmatch(r"[+-]?\d+", text):
                    return "not an integer"
                lim = 2**31 if typ == "int" else 2**63
                return None if -lim <= int(text) < lim else f"out of {typ} range"
            if typ in ("float", "double"):
                if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
                    return "not a finite decimal number"
                return None
            if typ == "boolean":
                return None if text in ("true", "false") else "not true/false"
            return None

        for el in self.gml["nodes"] + self.gml["edges"]:
            what = f"<{el.tag[len(G):]} id={el.get('id')!r}>"
            for d in el.findall(G + "data"):
                k = d.get("key")
                if k not in types:
                    continue  # the XSD check reports undeclared keys
                typ, name, dom = types[k]
                if dom != el.tag[len(G):]:
                    problems.append(f"{what}: data key {k!r} is declared for={dom!r}")
                text = d.text or ""
                if not text:
                    problems.append(f"{what} data {k!r} is empty: omit it (Gephi drops empty values, "
                                    "networkx keeps '', igraph cannot tell '' from missing)")
                    continue
                if len(d):
                    problems.append(f"{what} data {k!r}: has child elements")
                bad = raw_ok(typ, text)
                if bad:
                    problems.append(f"{what} data {k!r} ({typ}) = {short(text)}: {bad}")
                elif typ in ("int", "long") and name in ("r", "g", "b") and not 0 <= int(text) <= 255:
                    problems.append(f"{what} data {k!r} = {text}: colour components are integers 0–255")
                elif name == "weight" and typ in ("float", "double"):
                    w = float(text)
                    if w <= 0:
                        problems.append(f"{what} weight = {text}: Gephi drops edges of weight 0 (README: weight ≥ 1)")
                    elif w < 1:
                        problems.append(f"{what} weight = {text}: README says weight ≥ 1")
                elif name in ("iri", "predicate"):
                    p = iri_problem(text)
                    if p:
                        problems.append(f"{what} {name} = {short(text)}: {p}")
                elif name == "labels" and dom == "node" and not APOC_LABELS.match(text):
                    problems.append(f"{what} labels = {short(text)}: APOC wants ':Label1:Label2'")
                elif name == "label" and dom == "edge" and not REL_TYPE.match(text):
                    problems.append(f"{what} label = {short(text)}: relationship type must be an identifier (AGENT, HALT_TALKS)")
        for k, (typ, name, dom) in types.items():
            if name in ("r", "g", "b") and typ not in ("int", "long"):
                problems.append(f"<key id={k!r}> {name}: attr.type must be int (Gephi parses colours with Integer.parseInt)")
            if name == "weight" and typ not in ("double", "float"):
                problems.append(f"<key id={k!r}> weight: attr.type must be double")
            default = keys[k].find(G + "default")
            if name == "weight" and default is not None and raw_ok(typ, default.text or "") is None and float(default.text) <= 0:
                problems.append(f"<key id={k!r}> default weight {default.text}: never 0")
        # what the two real clients made of the values
        want = {"int": int, "long": int, "double": float, "float": float, "boolean": bool, "string": str}
        if self.nx is not None:
            byname = {(dom, name): typ for k, (typ, name, dom) in types.items()}
            for nid, data in self.nx.nodes(data=True):
                for a, v in data.items():
                    t = byname.get(("node", a)) or byname.get(("all", a))
                    if t in want and not (type(v) is want[t]):
                        problems.append(f"networkx node {nid!r} {a} = {v!r}: {type(v).__name__}, declared {t}")
                    if isinstance(v, float) and not math.isfinite(v):
                        problems.append(f"networkx node {nid!r} {a} = {v!r}: not finite")
            for s, o, data in self.nx.edges(data=True):
                for a, v in data.items():
                    t = byname.get(("edge", a)) or byname.get(("all", a))
                    if a != "id" and t in want and not (type(v) is want[t]):
                        problems.append(f"networkx edge {s}->{o} {a} = {v!r}: {type(v).__name__}, declared {t}")
            if self.ig is not None:
                problems += self.compare_nx_igraph()
        if problems:
            raise Failure(f"{len(problems)} value problem(s)", problems)
        return "values parse as their attr.type; networkx and igraph read the same values; colours 0–255; weights ≥ 1"

    def compare_nx_igraph(self):
        """Same node attributes in networkx and igraph (igraph: numbers are floats, missing = NaN/"")."""
        out = []
        g, ig = self.nx, self.ig
        vs = ig.vs
        ids = vs["id"] if "id" in vs.attributes() else None
        if ids is None:
            return ["igraph lost the node ids (a key named 'id'?)"]
        index = {nid: i for i, nid in enumerate(ids)}

        def same(a, b):
            if isinstance(a, bool) or isinstance(b, bool):
                return bool(a) == bool(b)
            if isinstance(a, (int, float)) and isinstance(b, (int, float)):
                return float(a) == float(b)
            return a == b

        ndef = g.graph.get("node_default", {})
        edef = g.graph.get("edge_default", {})
        for nid, data in g.nodes(data=True):
            data = {**ndef, **data}
            if nid not in index:
                out.append(f"node {nid!r}: not in igraph")
                continue
            v = vs[index[nid]]
            for a, val in data.items():
                if a not in vs.attributes():
                    out.append(f"node {nid!r} {a}: igraph has no such attribute")
                elif not same(val, v[a]):
                    out.append(f"node {nid!r} {a}: networkx {short(str(val))} vs igraph {short(str(v[a]))}")
        # edges: igraph 1.0 fills the edge attribute 'id' with vertex ids, so match by endpoints + data
        def ekey(s, o, data):
            return (s, o, tuple(sorted((k, str(float(x)) if isinstance(x, (int, float)) and not isinstance(x, bool) else str(x))
                                       for k, x in data.items() if k != "id")))
        nxe = sorted(ekey(s, o, {**edef, **d}) for s, o, d in g.edges(data=True))
        names = [a for a in ig.es.attributes() if a != "id"]
        ige = sorted(ekey(ids[e.source], ids[e.target], {a: e[a] for a in names
                                                           if not (isinstance(e[a], float) and math.isnan(e[a])) and e[a] != ""})
                     for e in ig.es)
        if nxe != ige:
            diff = sorted(set(nxe) ^ set(ige))[:MAX_DETAILS]
            out.append(f"edges differ between networkx and igraph, e.g. {diff[0] if diff else '(multiplicities)'}")
        return out

    # -------------------------------------------------------------- RDF parsers
    def parse_rdflib(self, fmt, rdflib_format):
        import rdflib

        p = self.path(fmt)
        if not p.exists():
            raise Failure(f"missing {p}")
        g = rdflib.Graph()
        g.parse(p.as_posix(), format=rdflib_format)
        self.graphs[f"{fmt}/rdflib"] = canon(g)
        if fmt == "rdfxml":
            self.rdfxml_graph = g
        return f"{len(g)} triples"

    def parse_rapper(self, fmt):
        p = self.path(fmt)
        if not p.exists():
            raise Skip(f"missing {p.name}")
        rc, out, err = finish(self.procs.get("rapper-" + fmt), "rapper")
        lines = [l for l in err.splitlines() if l.strip()]
        if rc != 0 or lines:
            raise Failure(f"rapper exit {rc}" + (" (warnings count as failures)" if rc == 0 else ""), lines)
        try:
            triples = read_ntriples(out)
        except Exception as e:
            raise Failure(f"rdflib cannot read rapper's N-Triples: {describe(e)}")
        self.graphs[f"{fmt}/rapper"] = canon(triples)
        return f"{len(self.graphs[f'{fmt}/rapper'])} triples" + self.same_as_reference(fmt, "rapper")

    def parse_oxigraph(self, fmt):
        import pyoxigraph as ox

        p = self.path(fmt)
        if not p.exists():
            raise Skip(f"missing {p.name}")
        ofmt = {"rdfxml": ox.RdfFormat.RDF_XML, "ntriples": ox.RdfFormat.N_TRIPLES,
                "turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        quads = list(ox.parse(path=str(p), format=ofmt, base_iri=p.resolve().as_uri()))
        named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
        if named:
            raise Failure(f"{len(named)} quads in named graphs, e.g. {named[0]}")
        nt = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
        self.graphs[f"{fmt}/pyoxigraph"] = canon(read_ntriples(nt))
        return f"{len(self.graphs[f'{fmt}/pyoxigraph'])} triples" + self.same_as_reference(fmt, "pyoxigraph")

    def same_as_reference(self, fmt, tool):
        ref = f"{fmt}/rdflib"
        if ref not in self.graphs:
            return ""
        diff = graph_difference(self.graphs[ref], self.graphs[f"{fmt}/{tool}"], "rdflib", tool)
        if diff:
            raise Failure(f"{tool} and rdflib read {FILES[fmt]} differently", diff)
        return ", same graph as rdflib"

    # -------------------------------------------------------------- JSON-LD
    def jsonld_json(self):
        p = self.path("jsonld")
        if not p.exists():
            raise Failure(f"missing {p}")
        problems = []

        def pairs(kv):
            seen = set()
            for k, _ in kv:
                if k in seen:
                    problems.append(f"duplicate key {k!r} in one JSON object (the last one wins silently)")
                seen.add(k)
            return dict(kv)

        def constant(name):
            raise Failure(f"{name} is not JSON")

        text = p.read_text(encoding="utf-8")
        self.jsonld_doc = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
        doc = self.jsonld_doc
        ctxs = []
        if isinstance(doc, dict):
            c = doc.get("@context")
            ctxs = c if isinstance(c, list) else [c]
            if c is None:
                problems.append("no @context")
        for c in ctxs:
            if isinstance(c, str):
                problems.append(f"remote @context {c!r}: embed the context inline (offline loading, formats.md §4.2)")
            elif c is not None and not isinstance(c, dict):
                problems.append(f"@context entry of type {type(c).__name__}")

        def walk(x, where):
            if isinstance(x, dict):
                for k, v in x.items():
                    if k != "@context":
                        walk(v, f"{where}.{k}")
            elif isinstance(x, list):
                for i, v in enumerate(x):
                    walk(v, f"{where}[{i}]")
            elif isinstance(x, float):
                problems.append(f"{where} = {x!r}: JSON number with a fraction becomes xsd:double "
                                "(8.5E-1 in PyLD and pyoxigraph, 0.85 in rdflib); write a string under a typed term")

        walk(doc.get("@graph", doc) if isinstance(doc, dict) else doc, "$")
        if problems:
            raise Failure(f"{len(problems)} problem(s)", problems)
        return "valid JSON, inline @context, no JSON floats"

    def jsonld_pyld(self):
        import rdflib
        from pyld import jsonld

        p = self.path("jsonld")
        if not p.exists():
            raise Skip("no JSON-LD file")
        doc = json.loads(p.read_text(encoding="utf-8"))
        jsonld.set_document_loader(pyld_refusing_loader)
        nq = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": pyld_refusing_loader})
        ds = rdflib.Dataset()
        ds.parse(data=nq, format="nquads")
        named = [c.identifier for c in ds.graphs() if c.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID]
        named = [n for n in named if len(ds.graph(n))]
        if named:
            raise Failure(f"PyLD produced named graphs: {', '.join(map(str, named[:3]))}")
        g = rdflib.Graph()
        for t in ds.default_graph:
            g.add(t)
        self.graphs["jsonld/pyld"] = canon(g)
        return f"{len(g)} triples (to_rdf → N-Quads → rdflib)" + self.same_as_reference("jsonld", "pyld")

    def jsonld_undefined_terms(self):
        from pyld import jsonld

        doc = getattr(self, "jsonld_doc", None)
        if not isinstance(doc, dict):
            raise Skip("needs jsonld/json")
        ctx = doc.get("@context")
        ctx_list = ctx if isinstance(ctx, list) else [ctx]
        if not all(isinstance(c, dict) for c in ctx_list):
            raise Skip("needs an inline @context (see jsonld/json)")
        if any(isinstance(c, dict) and "@vocab" in c for c in ctx_list):
            return "the context has @vocab: undefined terms become vocabulary IRIs (checked by lint/ontology)"
        sentinel = "urn:x-newsgraph-undefined-term:"
        probe = copy.deepcopy(doc)
        probe["@context"] = [c for c in ctx_list if c is not None] + [{"@vocab": sentinel}]
        expanded = jsonld.expand(probe, {"documentLoader": pyld_refusing_loader})
        found = {}

        def walk(x, where):
            if isinstance(x, dict):
                here = x["@id"] if isinstance(x.get("@id"), str) else where
                for k, v in x.items():
                    if k.startswith(sentinel):
                        found.setdefault(f"property {k[len(sentinel):]!r}", here)
                    if k == "@type":
                        for t in (v if isinstance(v, list) else [v]):
                            if isinstance(t, str) and t.startswith(sentinel):
                                found.setdefault(f"type {t[len(sentinel):]!r}", here)
                    walk(v, here)
            elif isinstance(x, list):
                for v in x:
                    walk(v, where)

        walk(expanded, "(top)")
        if found:
            raise Failure(f"{len(found)} term(s) without definition in the @context: every JSON-LD processor "
                          "drops these silently", [f"{k} (on {w})" for k, w in found.items()])
        return "every property and type term is defined in the @context"

    # -------------------------------------------------------------- comparisons and lints
    def rdf_isomorphic(self):
        ref_name = "rdfxml/rdflib"
        self.need(ref_name)
        others = ["ntriples/rdflib", "turtle/rdflib", "jsonld/rdflib", "jsonld/pyld", "jsonld/pyoxigraph"]
        missing = [o for o in others if o not in self.graphs]
        details, bad, groups = [], [], {}
        for o in others:
            if o in missing:
                continue
            diff = graph_difference(self.graphs[ref_name], self.graphs[o], "RDF/XML", "other")
            if diff:
                bad.append(o)
                groups.setdefault(tuple(diff), []).append(o)
        for diff, names in groups.items():  # formats that differ from the RDF/XML in the same way
            details += [f"[{', '.join(names)}] (\"other\" below)"] + list(diff[:MAX_DETAILS])
        if bad:
            raise Failure(f"not isomorphic to the RDF/XML graph: {', '.join(bad)}", details, limit=30)
        if missing:
            raise Failure(f"could not compare {', '.join(missing)} (did not load)")
        return f"RDF/XML, N-Triples, Turtle, JSON-LD (rdflib, PyLD, pyoxigraph): the same {len(self.graphs[ref_name])} triples"

    def all_terms(self):
        """{term: [graph names]} over every graph any client produced."""
        if self._terms is None:
            index = {}
            for name, triples in self.graphs.items():
                terms = set()
                for t in triples:
                    terms.update(t)
                for term in terms:
                    index.setdefault(term, []).append(name)
            self._terms = index
        return self._terms

    def lint_iris(self):
        from rdflib import URIRef

        if not self.graphs:
            raise Skip("no RDF graph loaded")
        problems = {}
        for term, where in self.all_terms().items():
            if isinstance(term, URIRef):
                why = iri_problem(str(term))
                if why:
                    problems.setdefault((str(term), why), set()).update(where)
        if problems:
            raise Failure(f"{len(problems)} bad IRI(s)",
                          [f"<{iri}>: {why} (in {', '.join(sorted(w))})" for (iri, why), w in sorted(problems.items())])
        return "all IRIs absolute http(s)/urn, no file:, no example.org/base, no characters outside IRIs"

    def lint_literals(self):
        from rdflib import Literal

        if not self.graphs:
            raise Skip("no RDF graph loaded")
        problems = {}
        n = 0
        for term, where in self.all_terms().items():
            if isinstance(term, Literal):
                n += 1
                why = literal_problem(str(term), str(term.datatype) if term.datatype else None, term.language)
                if why:
                    problems.setdefault((fmt_term(term), why), set()).update(where)
        if problems:
            raise Failure(f"{len(problems)} ill-formed literal(s)",
                          [f"{lit}: {why} (in {', '.join(sorted(w))})" for (lit, why), w in sorted(problems.items())])
        return f"{n} distinct literals well-typed (date, integer, decimal, boolean, anyURI, …), full datatype IRIs"

    def load_ontology(self):
        import rdflib

        p = self.ontology_dir / "newsgraph.ttl"
        if not p.exists():
            raise Failure(f"missing {p} (use --ontology)")
        if self.ontology is None:
            self.ontology = rdflib.Graph().parse(p.as_posix(), format="turtle")
        return self.ontology

    def lint_ontology(self):
        from rdflib import OWL, RDF, RDFS, Literal, URIRef

        onto = self.load_ontology()
        if not self.graphs:
            raise Skip("no RDF graph loaded")
        prop_types = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
        class_types = {OWL.Class, RDFS.Class}
        problems = {}

        def declared(term, kinds, what):
            types = set(onto.objects(term, RDF.type))
            miss = []
            if not types & kinds:
                miss.append(f"not declared as {what} (rdf:type {' / '.join(sorted(k.n3(onto.namespace_manager) for k in kinds))})")
            if (term, RDFS.label, None) not in onto:
                miss.append("no rdfs:label")
            if (term, RDFS.comment, None) not in onto:
                miss.append("no rdfs:comment")
            return "; ".join(miss)

        preds, classes = {}, {}
        for name, triples in self.graphs.items():
            for p in {p for _, p, _ in triples}:
                if p != RDF.type:
                    preds.setdefault(p, set()).add(name)
            for c in {o for _, p, o in triples if p == RDF.type}:
                classes.setdefault(c, set()).add(name)
        for p, where in preds.items():
            why = declared(p, prop_types, "a property")
            if why:
                problems[f"predicate <{p}>"] = f"{why} (used in {', '.join(sorted(where)[:3])})"
        for c, where in classes.items():
            why = declared(c, class_types, "a class")
            if why:
                problems[f"class <{c}>"] = f"{why} (used in {', '.join(sorted(where)[:3])})"
        # ranges: literal vs IRI, and the literal's datatype
        ref = self.graphs.get("rdfxml/rdflib") or next(iter(self.graphs.values()))
        range_issues = []
        by_pred = {}
        for s, p, o in ref:
            by_pred.setdefault(p, []).append((s, o))
        for p in preds:
            ranges = set(onto.objects(p, RDFS.range))
            ptypes = set(onto.objects(p, RDF.type))
            dt_ranges = {r for r in ranges if str(r).startswith(XSD) or r in (RDFS.Literal, RDF.langString)}
            for s, o in by_pred.get(p, ()):
                if OWL.ObjectProperty in ptypes and isinstance(o, Literal):
                    range_issues.append(f"{fmt_triple((s, p, o))}: object property with a literal value")
                elif OWL.DatatypeProperty in ptypes and not isinstance(o, Literal):
                    range_issues.append(f"{fmt_triple((s, p, o))}: datatype property with an IRI value")
                elif dt_ranges and isinstance(o, Literal):
                    dt = o.datatype or (RDF.langString if o.language else URIRef(XSD + "string"))
                    if RDFS.Literal not in dt_ranges and dt not in dt_ranges:
                        range_issues.append(f"{fmt_triple((s, p, o))}: datatype <{dt}>, rdfs:range is "
                                            + ", ".join(f"<{r}>" for r in dt_ranges))
                elif dt_ranges and not isinstance(o, Literal):
                    range_issues.append(f"{fmt_triple((s, p, o))}: IRI value, rdfs:range is a datatype")
        details = [f"{k}: {v}" for k, v in sorted(problems.items())] + sorted(range_issues)
        if details:
            raise Failure(f"{len(problems)} undeclared term(s), {len(range_issues)} range mismatch(es) "
                          f"against {self.ontology_dir / 'newsgraph.ttl'}", details)
        return (f"{len(preds)} predicates and {len(classes)} classes declared with rdfs:label and rdfs:comment; "
                "literal datatypes match rdfs:range")

    def shacl(self):
        import pyshacl
        import rdflib

        onto = self.load_ontology()
        shapes_path = self.ontology_dir / "shapes.ttl"
        if not shapes_path.exists():
            raise Failure(f"missing {shapes_path}")
        self.need("rdfxml/rdflib")
        shapes = rdflib.Graph().parse(shapes_path.as_posix(), format="turtle")
        conforms, _, text = pyshacl.validate(
            self.rdfxml_graph, shacl_graph=shapes, ont_graph=onto, inference="rdfs",
            abort_on_first=False, allow_warnings=True, advanced=True)
        if not conforms:
            lines = [l.rstrip() for l in text.splitlines()
                     if l.strip() and l.strip() not in ("Validation Report", "Conforms: False")]
            raise Failure("the RDF/XML graph does not conform to shapes.ttl (pyshacl results follow)", lines, limit=60)
        return "RDF/XML graph conforms to shapes.ttl (ontology as ont_graph, rdfs inference)"

    # -------------------------------------------------------------- cross-format
    def typed_subjects(self):
        from rdflib import RDF

        self.need("rdfxml/rdflib")
        return {s for s, p, _ in self.graphs["rdfxml/rdflib"] if p == RDF.type}

    def need_nx(self):
        if self.nx is None:
            raise Skip("needs graphml/networkx")

    def cross_nodes(self):
        from rdflib import URIRef

        self.need_nx()
        typed = self.typed_subjects()
        iris, problems = {}, []
        for nid, data in self.nx.nodes(data=True):
            iri = data.get("iri")
            if iri is None:
                problems.append(f"GraphML node {nid!r} has no iri")
            elif iri in iris:
                problems.append(f"GraphML nodes {iris[iri]!r} and {nid!r} have the same iri <{iri}>")
            else:
                iris[iri] = nid
        typed_iris = {str(s) for s in typed if isinstance(s, URIRef)}
        for s in typed:
            if not isinstance(s, URIRef):
                problems.append(f"typed blank node {s.n3()}: cannot be a GraphML node")
        for iri in sorted(set(iris) - typed_iris):
            problems.append(f"GraphML node {iris[iri]!r} <{iri}>: not a typed subject of the RDF/XML")
        for iri in sorted(typed_iris - set(iris)):
            problems.append(f"RDF typed subject <{iri}>: no GraphML node with this iri")
        if problems:
            raise Failure(f"GraphML has {self.nx.number_of_nodes()} nodes, RDF/XML {len(typed)} typed subjects", problems)
        self.iri_of = {nid: iri for iri, nid in iris.items()}
        return f"{len(iris)} GraphML nodes = {len(typed)} typed RDF subjects (by iri)"

    def cross_edges(self):
        from rdflib import RDF, URIRef

        self.need_nx()
        if not hasattr(self, "iri_of"):
            raise Skip("needs cross/nodes")
        g = self.graphs["rdfxml/rdflib"]
        typed = self.typed_subjects()
        edges, problems = {}, []
        it = self.nx.edges(keys=True, data=True) if self.nx.is_multigraph() else \
            ((s, o, d.get("id"), d) for s, o, d in self.nx.edges(data=True))
        for s, o, eid, d in it:
            pred = d.get("predicate")
            t = (URIRef(self.iri_of.get(s, "")), URIRef(pred or ""), URIRef(self.iri_of.get(o, "")))
            if pred is None:
                problems.append(f"GraphML edge {eid!r} {s}->{o} has no predicate")
                continue
            if t in edges:
                problems.append(f"GraphML edges {edges[t]!r} and {eid!r} are the same triple {fmt_triple(t)} "
                                "(RDF holds it once)")
                continue
            edges[t] = eid
            if t not in g:
                problems.append(f"GraphML edge {eid!r} ({s} -[{d.get('label')}]-> {o}): no RDF triple {fmt_triple(t)}")
        n = 0
        for s, p, o in g:
            if p != RDF.type and s in typed and o in typed:
                n += 1
                if (s, p, o) not in edges:
                    problems.append(f"RDF triple {fmt_triple((s, p, o))}: no GraphML edge")
        labels = {}
        for s, o, d in self.nx.edges(data=True):
            pred, lab = d.get("predicate"), d.get("label")
            if pred is not None and lab is not None:
                labels.setdefault(pred, set()).add(lab)
        for pred, labs in labels.items():
            if len(labs) > 1:
                problems.append(f"predicate <{pred}> has several edge labels: {', '.join(sorted(labs))}")
        if problems:
            raise Failure(f"GraphML has {self.nx.number_of_edges()} edges, RDF/XML {n} triples between typed subjects",
                          problems)
        return f"{len(edges)} GraphML edges = {n} RDF triples between typed subjects"

    def cross_labels(self):
        from rdflib import RDF, RDFS, URIRef

        self.need_nx()
        if not hasattr(self, "iri_of"):
            raise Skip("needs cross/nodes")
        labels_of, types_of = {}, {}
        for s, p, o in self.graphs["rdfxml/rdflib"]:
            if p == RDFS.label:
                labels_of.setdefault(s, set()).add(str(o))
            elif p == RDF.type:
                types_of.setdefault(s, set()).add(o)
        problems = []
        for nid, data in self.nx.nodes(data=True):
            s = URIRef(self.iri_of[nid])
            if "label" in data:
                labels = labels_of.get(s, set())
                if data["label"] not in labels:
                    near = min(labels, key=len) if labels else None
                    problems.append(f"node {nid!r}: GraphML label {short(data['label'])} is not an rdfs:label of <{s}>"
                                    + (f" (RDF: {short(near)})" if near is not None else " (RDF has none)"))
            if "type" in data:
                local = {re.split(r"[#/]", str(c))[-1] for c in types_of.get(s, ())}
                if data["type"] not in local:
                    problems.append(f"node {nid!r}: GraphML type {data['type']!r}, RDF types {sorted(local)}")
            if "labels" in data and "type" in data and f":{data['type']}" not in data["labels"].split(":") \
                    and data["type"] not in data["labels"].split(":"):
                problems.append(f"node {nid!r}: labels {data['labels']!r} does not contain its type {data['type']!r}")
        if problems:
            raise Failure(f"{len(problems)} node(s) read differently in GraphML and RDF", problems)
        return "GraphML label = rdfs:label and type = rdf:type for every node"

    # GraphML attribute (attr.name) -> (RDF predicate, how to compare), after ontology/README.md
    VALUE_MAP = {
        "confidence": ("ng:confidence", "number"), "articleCount": ("ng:articleCount", "number"),
        "mentionCount": ("ng:mentionCount", "number"), "cameo": ("ng:cameoCode", "text"),
        "plover": ("ng:ploverCategory", "text"), "date": ("ng:eventDate", "text"),
        "modality": ("ng:modality", "text"), "historical": ("ng:historical", "boolean"),
        "relation": ("ng:relationType", "text"), "role": ("ng:role", "text"),
        "latitude": ("schema:latitude", "number"), "longitude": ("schema:longitude", "number"),
        "title": ("schema:headline", "text"), "outlet": ("ng:outlet", "text"),
        "published": ("schema:datePublished", "text"), "url": ("schema:url", "text"),
        "source": ("ng:sourceName", "text"), "contentHash": ("ng:contentHash", "text"),
        "text": ("prov:value", "text"), "start": ("ng:startOffset", "number"), "end": ("ng:endOffset", "number"),
        "actionType": ("ng:actionType", "iri-tail"), "aliases": ("skos:altLabel", "joined"),
        "sameAs": ("schema:sameAs", "joined"),
    }
    PREFIXES = {"ng": "https://newsgraph.example.org/ontology#", "schema": "https://schema.org/",
                "prov": "http://www.w3.org/ns/prov#", "skos": "http://www.w3.org/2004/02/skos/core#"}

    def cross_values(self):
        """The node attributes of the GraphML carry the same values as the RDF literals."""
        from rdflib import URIRef

        self.need_nx()
        if not hasattr(self, "iri_of"):
            raise Skip("needs cross/nodes")
        wanted = {}
        for attr, (qname, mode) in self.VALUE_MAP.items():
            prefix, local = qname.split(":")
            wanted[URIRef(self.PREFIXES[prefix] + local)] = attr
        values = {}
        for s, p, o in self.graphs["rdfxml/rdflib"]:
            if p in wanted:
                values.setdefault((s, wanted[p]), []).append(str(o))
        problems = []
        for nid, data in self.nx.nodes(data=True):
            s = URIRef(self.iri_of[nid])
            for attr, (qname, mode) in self.VALUE_MAP.items():
                rdf = values.get((s, attr), [])
                if attr not in data:
                    if rdf:
                        problems.append(f"node {nid!r}: RDF has {qname} {short(rdf[0])}, GraphML has no {attr}")
                    continue
                v = data[attr]
                if not rdf:
                    problems.append(f"node {nid!r}: GraphML {attr} = {short(str(v))}, RDF has no {qname}")
                    continue
                if mode == "number":
                    try:
                        ok = len(rdf) == 1 and float(v) == float(rdf[0])
                    except ValueError:
                        ok = False
                elif mode == "boolean":
                    ok = len(rdf) == 1 and str(v).lower() == rdf[0].lower().replace("1", "true").replace("0", "false")
                elif mode == "iri-tail":
                    ok = len(rdf) == 1 and (rdf[0] == v or rdf[0].endswith("/" + str(v)) or rdf[0].endswith("#" + str(v)))
                elif mode == "joined":
                    if any(" | " in r for r in rdf):
                        continue  # ambiguous once joined; nothing to compare
                    ok = sorted(str(v).split(" | ")) == sorted(rdf)
                else:
                    ok = len(rdf) == 1 and str(v) == rdf[0]
                if not ok:
                    problems.append(f"node {nid!r}: GraphML {attr} = {short(str(v))}, RDF {qname} = "
                                    + ", ".join(short(r) for r in rdf[:3]))
        if problems:
            raise Failure(f"{len(problems)} attribute value(s) differ between GraphML and RDF", problems, limit=20)
        return "GraphML node attributes carry the RDF values (counts, dates, decimals, texts, CAMEO codes, …)"

    def counts(self):
        self.need_nx()
        msgs = []
        if self.expect_nodes is not None and self.nx.number_of_nodes() != self.expect_nodes:
            msgs.append(f"{self.nx.number_of_nodes()} nodes, expected {self.expect_nodes}")
        if self.expect_edges is not None and self.nx.number_of_edges() != self.expect_edges:
            msgs.append(f"{self.nx.number_of_edges()} edges, expected {self.expect_edges}")
        if msgs:
            raise Failure("; ".join(msgs))
        return f"{self.nx.number_of_nodes()} nodes, {self.nx.number_of_edges()} edges as expected"

    # -------------------------------------------------------------- driver
    def run(self):
        t0 = time.perf_counter()
        print(f"== {self.dir}")
        self.start_tools()
        r = self.report.run
        r("graphml/xsd", self.graphml_xsd)
        r("graphml/structure", self.graphml_structure)
        r("graphml/networkx", self.graphml_networkx)
        r("graphml/igraph", self.graphml_igraph)
        r("graphml/values", self.graphml_values)
        for fmt, rf in (("rdfxml", "xml"), ("ntriples", "nt"), ("turtle", "turtle")):
            r(f"{fmt}/rdflib", lambda fmt=fmt, rf=rf: self.parse_rdflib(fmt, rf))
            r(f"{fmt}/rapper", lambda fmt=fmt: self.parse_rapper(fmt))
            r(f"{fmt}/pyoxigraph", lambda fmt=fmt: self.parse_oxigraph(fmt))
        r("jsonld/json", self.jsonld_json)
        r("jsonld/rdflib", lambda: self.parse_rdflib("jsonld", "json-ld"))
        r("jsonld/pyld", self.jsonld_pyld)
        r("jsonld/pyoxigraph", lambda: self.parse_oxigraph("jsonld"))
        r("jsonld/undefined-terms", self.jsonld_undefined_terms)
        r("rdf/isomorphic", self.rdf_isomorphic)
        r("lint/iris", self.lint_iris)
        r("lint/literals", self.lint_literals)
        r("lint/ontology", self.lint_ontology)
        r("shacl", self.shacl)
        r("cross/nodes", self.cross_nodes)
        r("cross/edges", self.cross_edges)
        r("cross/labels", self.cross_labels)
        r("cross/values", self.cross_values)
        if self.expect_nodes is not None or self.expect_edges is not None:
            r("counts", self.counts)
        for p in self.procs.values():
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
        self.tmp.cleanup()
        rep = self.report
        print(f"checked {self.dir} in {time.perf_counter() - t0:.1f} s")
        print(f"summary: {rep.passed} passed, {rep.failed} failed, {rep.skipped} skipped")
        return rep.failed == 0


def read_ntriples(data: bytes):
    """rdflib's N-Triples parser, feeding a list instead of a Memory store (twice as fast)."""
    from rdflib.plugins.parsers.ntriples import W3CNTriplesParser

    class Sink:
        def __init__(self):
            self.triples = []

        def triple(self, s, p, o):
            self.triples.append((s, p, o))

    sink = Sink()
    W3CNTriplesParser(sink=sink).parse(io.BytesIO(data))
    return sink.triples


def canon(g):
    """The triples of g as a frozenset. The one identification made is the RDF 1.1 one:
    "x"^^xsd:string is the same term as "x" (parsers differ in which they produce)."""
    from rdflib import Literal, XSD as X

    return frozenset((s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == X.string else o)
                     for s, p, o in g)


def graph_difference(a, b, name_a, name_b):
    """[] when a and b are isomorphic, else lines naming the triples only in one of them."""
    from rdflib import BNode, Graph, Literal
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic

    has_bnodes = any(isinstance(x, BNode) for t in a for x in (t[0], t[2])) or \
        any(isinstance(x, BNode) for t in b for x in (t[0], t[2]))
    if not has_bnodes:
        sa, sb = set(a), set(b)
        if sa == sb:
            return []
        only_a, only_b = sorted(sa - sb), sorted(sb - sa)
    else:
        ga, gb = Graph(), Graph()
        for t in a:
            ga.add(t)
        for t in b:
            gb.add(t)
        if isomorphic(ga, gb):
            return []
        _, first, second = graph_diff(to_isomorphic(ga), to_isomorphic(gb))
        only_a, only_b = sorted(first), sorted(second)
    out = [f"{len(only_a)} triple(s) only in {name_a}, {len(only_b)} only in {name_b}"]
    # the same subject and predicate with one literal on each side: show where the texts differ
    by_sp_a, by_sp_b = {}, {}
    for t in only_a:
        by_sp_a.setdefault(t[:2], []).append(t)
    for t in only_b:
        by_sp_b.setdefault(t[:2], []).append(t)
    paired = set()
    for sp, ta in by_sp_a.items():
        tb = by_sp_b.get(sp, [])
        if len(ta) == 1 and len(tb) == 1 and isinstance(ta[0][2], Literal) and isinstance(tb[0][2], Literal):
            out.append(f"{fmt_term(sp[0])} {fmt_term(sp[1])}: {literal_diff(ta[0][2], tb[0][2], name_a, name_b)}")
            paired.update((ta[0], tb[0]))
        if len(out) > MAX_DETAILS:
            break
    half = MAX_DETAILS // 2
    out += [f"only in {name_a}: {fmt_triple(t)}" for t in only_a if t not in paired][:half]
    out += [f"only in {name_b}: {fmt_triple(t)}" for t in only_b if t not in paired][:half]
    return out


def literal_diff(a, b, name_a, name_b):
    """Where two literals differ: datatype, language, or the first differing character."""
    if (a.datatype, a.language) != (b.datatype, b.language):
        return (f"{name_a} {fmt_term(a, 60)} vs {name_b} {fmt_term(b, 60)}")
    sa, sb = str(a), str(b)
    i = next((k for k, (x, y) in enumerate(zip(sa, sb)) if x != y), min(len(sa), len(sb)))
    lo = max(0, i - 12)
    return (f"texts differ at character {i} (lengths {len(sa)} and {len(sb)}): "
            f"{name_a} …{short(sa[lo:i + 12], 60)}… vs {name_b} …{short(sb[lo:i + 12], 60)}…")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("export_dir", help="folder with graph.graphml, graph.rdf, graph.jsonld, graph.nt, graph.ttl")
    ap.add_argument("--ontology", default=str(REPO / "ontology"),
                    help="folder with newsgraph.ttl and shapes.ttl (default: the repository's ontology/)")
    ap.add_argument("--schemas", default=str(REPO.parent / "shared" / "schemas" / "graphml"),
                    help="folder with graphml.xsd (default: ../shared/schemas/graphml next to the repository)")
    ap.add_argument("--expect-nodes", type=int)
    ap.add_argument("--expect-edges", type=int)
    args = ap.parse_args(argv)
    if not Path(args.export_dir).is_dir():
        ap.error(f"{args.export_dir}: not a directory")

    block_network()
    gc.disable()  # many small objects, short run: the cyclic GC only costs time here
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    logging.getLogger("pyshacl").setLevel(logging.CRITICAL)
    import rdflib

    rdflib.NORMALIZE_LITERALS = False  # compare lexical forms exactly ("01" != "1")
    ok = Checker(args.export_dir, args.ontology, args.schemas, args.expect_nodes, args.expect_edges).run()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
