#!/usr/bin/env python3
"""Lexical coverage of the action lexicon on annotated sentences (stdlib only).

Loads ontology/lexicon/action-types.tsv, action-triggers.tsv and irregular-verbs.tsv,
generates the inflected forms of the verb triggers (regular rules, replaced by a row of
irregular-verbs.tsv) and the plurals of the nouns, then checks for every sentence of

  * the PLOVER gold-standard records (shared/dev/public/plover_gsr/PLOVER_GSR_CAMEO.txt), and
  * every relation evidence sentence of the development gold (shared/dev/gold/*.json)

whether a trigger of a matching category occurs in it. For the PLOVER records the category
is the record's `event` (older draft names read as FIGHT -> ASSAULT, DISAPPROVE -> ACCUSE,
INVESTIGATE -> ACCUSE, DEMAND -> REQUEST). For the gold the category comes from the action
-> PLOVER table in shared/dev/README.md (DEMAND read as REQUEST); the gold's stative
actions claim and occupy also count as covered by a trigger of the stative relations
claims and controls. For the gold it also reports exact label coverage.

This is a lexical check, not an extraction: a trigger "occurs" when its words occur in
order (the first word of a verb trigger in any inflected form, the last word of a noun
trigger singular or plural) and, for a light-verb row, one of its object nouns occurs
within a few words after it (or before it, for passives and relative clauses). Flags
and prepositions are ignored.

Usage: python3 scripts/lexicon_coverage.py [--lexicon DIR] [--dev DIR] [--misses]
                                            [--category CAT] [--show-matches]
"""
import argparse
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OLD_PLOVER = {"FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "DEMAND": "REQUEST"}
GOLD_STATIVE = {"claim": "claims", "occupy": "controls"}
TOKEN_RE = re.compile(r"[a-z0-9\u00c0-\u024f]+(?:['\u2019\-][a-z0-9\u00c0-\u024f]+)*")
AFTER_WINDOW = 8   # words after the trigger in which a light-verb object may occur
BEFORE_WINDOW = 5  # words before the trigger (passive: "the talks were halted")


def read_tsv(path):
    """Rows of a lexicon TSV as dicts: first non-comment line is the header."""
    rows, header = [], None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append(dict(zip(header, cells)))
    return rows


def tokens(text):
    return TOKEN_RE.findall(text.lower().replace("\u2019", "'"))


# ---- inflection -------------------------------------------------------------------------

def regular_forms(lemma):
    if re.search(r"(s|x|z|ch|sh)$", lemma) or re.search(r"[^aeiou]o$", lemma):
        third = lemma + "es"
    elif re.search(r"[^aeiou]y$", lemma):
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past = lemma + "d"
    elif re.search(r"[^aeiou]y$", lemma):
        past = lemma[:-1] + "ied"
    else:
        past = lemma + "ed"
    if lemma.endswith("ie"):
        gerund = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not lemma.endswith("ee") and len(lemma) > 2:
        gerund = lemma[:-1] + "ing"
    else:
        gerund = lemma + "ing"
    return {lemma, third, past, gerund}


def verb_forms(lemma, irregular):
    if lemma in irregular:
        forms = {lemma}
        for cell in irregular[lemma]:
            forms.update(x for x in cell.split("|") if x)
        return forms
    return regular_forms(lemma)


def plural_forms(noun):
    forms = {noun}
    if re.search(r"(s|x|z|ch|sh)$", noun):
        forms.add(noun + "es")
    elif re.search(r"[^aeiou]y$", noun):
        forms.add(noun[:-1] + "ies")
    else:
        forms.add(noun + "s")
    return forms


# ---- trigger matching -------------------------------------------------------------------

class Trigger:
    def __init__(self, row, irregular):
        self.row = row
        self.label = row["label"]
        words = tokens(row["trigger"])
        self.words = words
        if row["pos"] == "verb":
            self.first = verb_forms(words[0], irregular)
            self.last = None
        else:
            self.first = None
            self.last = plural_forms(words[-1])
        self.objects = []
        for obj in filter(None, row.get("object", "").split("|")):
            ow = tokens(obj)
            if ow:
                self.objects.append((ow[:-1], plural_forms(ow[-1])))

    def _match_at(self, toks, i):
        w = self.words
        if i + len(w) > len(toks):
            return False
        for k, word in enumerate(w):
            t = toks[i + k]
            if k == 0 and self.first is not None:
                if t not in self.first:
                    return False
            elif k == len(w) - 1 and self.last is not None:
                if t not in self.last:
                    return False
            elif t != word:
                return False
        return True

    def _object_near(self, toks, start, end):
        lo, hi = max(0, start - BEFORE_WINDOW), min(len(toks), end + AFTER_WINDOW)
        for j in list(range(end, hi)) + list(range(lo, start)):
            for prefix, last in self.objects:
                if toks[j] in last:
                    n = len(prefix)
                    if n == 0 or (j - n >= 0 and toks[j - n:j] == prefix):
                        return True
        return False

    def occurs(self, toks):
        for i in range(len(toks)):
            if self._match_at(toks, i):
                if not self.objects or self._object_near(toks, i, i + len(self.words)):
                    return True
        return False


def load_lexicon(lexdir):
    types = {r["label"]: r for r in read_tsv(os.path.join(lexdir, "action-types.tsv"))}
    irregular = {}
    for r in read_tsv(os.path.join(lexdir, "irregular-verbs.tsv")):
        irregular[r["lemma"]] = [r["third"], r["past"], r["participle"], r["gerund"]]
    triggers = []
    for r in read_tsv(os.path.join(lexdir, "action-triggers.tsv")):
        if r["label"] not in types:
            sys.exit("unknown label in action-triggers.tsv: %s" % r["label"])
        triggers.append(Trigger(r, irregular))
    return types, triggers


# ---- data ---------------------------------------------------------------------------------

def dev_action_plover(readme):
    """action label -> PLOVER class from the table in the dev README (section 4)."""
    table = {}
    in_section = False
    for line in open(readme, encoding="utf-8"):
        if line.startswith("## "):
            in_section = "Action vocabulary" in line
            continue
        if not in_section or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] in ("action", "") or set(cells[0]) <= set("-: "):
            continue
        actions = [a.strip() for a in cells[0].split("/")]
        classes = [c.strip() for c in cells[1].split("/")]
        if len(classes) == 1:
            classes = classes * len(actions)
        for a, c in zip(actions, classes):
            table[a] = OLD_PLOVER.get(c, c)
    return table


def gsr_items(path):
    with open(path, encoding="utf-8") as fh:
        records = json.load(fh)
    for r in records:
        ev = r.get("event", "")
        if ev == "DOCUMENT" or not r.get("text"):
            continue
        yield r["id"], OLD_PLOVER.get(ev, ev), None, r["text"].strip()


def gold_items(golddir, table):
    for path in sorted(glob.glob(os.path.join(golddir, "*.json"))):
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        for k, rel in enumerate(doc.get("relations", [])):
            action = rel["action"]
            ident = "%s#%d %s(%s, %s)" % (os.path.basename(path)[:3], k, action, rel.get("subject"), rel.get("object"))
            yield ident, table.get(action, "?"), action, rel["evidence"]


# ---- report -------------------------------------------------------------------------------

def evaluate(items, types, triggers, args, title, with_labels):
    per_cat = collections.defaultdict(lambda: [0, 0])
    per_label = collections.defaultdict(lambda: [0, 0])
    misses = []
    any_hit = 0
    for ident, cat, action, text in items:
        toks = tokens(text)
        hit = [t for t in triggers if t.occurs(toks)]
        cats = {types[t.label]["plover"] for t in hit}
        labels = {t.label for t in hit}
        ok = cat in cats
        any_hit += bool(hit)
        if action in GOLD_STATIVE and GOLD_STATIVE[action] in labels:
            ok = True
        per_cat[cat][0] += 1
        per_cat[cat][1] += ok
        if with_labels:
            want = GOLD_STATIVE.get(action, action)
            per_label[action][0] += 1
            per_label[action][1] += want in labels
        if not ok:
            misses.append((cat, ident, text, sorted("%s:%s" % (t.label, t.row["trigger"]) for t in hit)))
        elif args.show_matches:
            good = sorted("%s:%s" % (t.label, t.row["trigger"]) for t in hit
                          if types[t.label]["plover"] == cat or t.label == GOLD_STATIVE.get(action))
            print("  match %-10s %s  <- %s" % (cat, ident, ", ".join(good)))
    total = sum(v[0] for v in per_cat.values())
    covered = sum(v[1] for v in per_cat.values())
    print("%s: %d of %d sentences covered by a trigger of the right category (%.1f%%)"
          % (title, covered, total, 100.0 * covered / max(total, 1)))
    print("  (a trigger of any category occurs in %d of %d)" % (any_hit, total))
    for cat in sorted(per_cat):
        n, c = per_cat[cat]
        print("  %-10s %4d/%-4d %5.1f%%" % (cat, c, n, 100.0 * c / n))
    if with_labels:
        n = sum(v[0] for v in per_label.values())
        c = sum(v[1] for v in per_label.values())
        print("  exact action label (claim -> claims, occupy -> controls): %d of %d (%.1f%%)" % (c, n, 100.0 * c / max(n, 1)))
        for lab in sorted(per_label):
            ln, lc = per_label[lab]
            print("    %-22s %3d/%-3d" % (lab, lc, ln))
    if args.misses:
        shown = [m for m in misses if not args.category or m[0] == args.category]
        print("  misses (%d):" % len(shown))
        for cat, ident, text, hit in sorted(shown):
            print("   [%s] %s: %s" % (cat, ident, text))
            if hit:
                print("        other triggers: %s" % ", ".join(hit))
    print()
    return covered, total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lexicon", default=os.path.join(HERE, "..", "ontology", "lexicon"))
    ap.add_argument("--dev", default=os.path.join(HERE, "..", "..", "shared", "dev"))
    ap.add_argument("--misses", action="store_true", help="list the sentences not covered")
    ap.add_argument("--category", help="with --misses: only this PLOVER category")
    ap.add_argument("--show-matches", action="store_true", help="print the triggers found in covered sentences")
    args = ap.parse_args()
    types, triggers = load_lexicon(args.lexicon)
    print("lexicon: %d action types, %d triggers\n" % (len(types), len(triggers)))
    gsr = os.path.join(args.dev, "public", "plover_gsr", "PLOVER_GSR_CAMEO.txt")
    if os.path.exists(gsr):
        evaluate(list(gsr_items(gsr)), types, triggers, args, "PLOVER gold standard", False)
    else:
        print("(no %s)\n" % gsr)
    readme = os.path.join(args.dev, "README.md")
    golddir = os.path.join(args.dev, "gold")
    if os.path.exists(readme) and os.path.isdir(golddir):
        table = dev_action_plover(readme)
        evaluate(list(gold_items(golddir, table)), types, triggers, args, "Dev gold relations", True)
    else:
        print("(no dev gold in %s)" % args.dev)


if __name__ == "__main__":
    main()
