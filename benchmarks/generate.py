"""Synthetic corpora in kgborder's own model, for benchmarks.

    python benchmarks/generate.py --triples 1000000 -o benchmarks/data/corpus-1M.nt

Writes N-Triples shaped like a built kgborder graph: articles with their text, registry
entities, qualified statements (kind, relation, subject, object, time with precision,
quantity with QUDT unit, place, label) each with a Web Annotation evidence quote whose
offsets point into its article's text, the derived direct edges and schema:mentions.
The same seed gives the same file.
"""
from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

BASE = "https://w3id.org/kgborder/"
KGB = BASE + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
QUDT = "http://qudt.org/schema/qudt/"
UNIT = "http://qudt.org/vocab/unit/"
SKOS = "http://www.w3.org/2004/02/skos/core#"

TYPES = ["Person", "GovernmentAgency", "SecurityForce", "CriminalOrganization", "City", "Country", "Substance"]
RELATIONS = [  # (relation, statement class, subject types, object types)
    ("deploys", "Deployment", ["Person", "GovernmentAgency", "Country"], ["SecurityForce"]),
    ("seizes", "Seizure", ["GovernmentAgency", "Country"], ["Substance"]),
    ("smuggles", "Smuggling", ["CriminalOrganization"], ["Substance"]),
    ("holdsOffice", "OfficeHolding", ["Person"], ["GovernmentAgency", "Country", "City"]),
    ("locatedIn", "Location", ["City"], ["Country"]),
    ("agreesWith", "Agreement", ["Person"], ["Person"]),
]
UNITS = [("tonnes", "TONNE"), ("members", "NUM"), ("percent", "PERCENT")]
WORDS = ("border security cartel fentanyl crossing seizure troops tariff guard sheriff commissioner "
         "officer smuggling tunnel truck port emergency surveillance policy demand").split()


def lit(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class Writer:
    def __init__(self, out):
        self.out = out
        self.count = 0

    def t(self, s: str, p: str, o: str) -> None:
        self.out.write(f"<{s}> <{p}> {o} .\n")
        self.count += 1


def generate(triples: int, out, seed: int = 7) -> int:
    rng = random.Random(seed)
    w = Writer(out)
    n_entities = max(50, triples // 200)
    per_article = 50
    entities = []
    for i in range(n_entities):
        etype = TYPES[i % len(TYPES)]
        iri = f"{BASE}id/{etype.lower()}-{i}"
        entities.append((iri, etype, f"{etype} {i}"))
        w.t(iri, RDF_TYPE, f"<{KGB}{etype}>")
        w.t(iri, RDFS + "label", lit(f"{etype} {i}"))
        w.t(iri, SKOS + "altLabel", lit(f"{etype[:3].upper()}{i}"))
        w.t(iri, SCHEMA + "description", lit(f"A synthetic {etype.lower()} for benchmarks."))
    by_type: dict[str, list] = {}
    for e in entities:
        by_type.setdefault(e[1], []).append(e)

    article = 0
    while w.count < triples:
        slug = f"synthetic-{article:06d}"
        art = f"{BASE}article/{slug}"
        sentences = []
        statements = []
        offset = 0
        for k in range(per_article):
            relation, kind, stypes, otypes = rng.choice(RELATIONS)
            subj = rng.choice(by_type[rng.choice(stypes)])
            obj = rng.choice(by_type[rng.choice(otypes)])
            place = rng.choice(by_type["City"])
            filler = " ".join(rng.choice(WORDS) for _ in range(8))
            sentence = f"{subj[2]} {relation} {obj[2]} near {place[2]}, {filler}."
            statements.append((k, relation, kind, subj, obj, place, offset, offset + len(sentence), sentence))
            sentences.append(sentence)
            offset += len(sentence) + 1
        text = " ".join(sentences)
        w.t(art, RDF_TYPE, f"<{KGB}Article>")
        w.t(art, SCHEMA + "headline", lit(f"Synthetic article {article}"))
        month = f"{2015 + article % 10}-{1 + article % 12:02d}"
        w.t(art, SCHEMA + "datePublished", typed(month, "gYearMonth"))
        w.t(art, KGB + "publishedYear", typed(month[:4], "gYear"))
        w.t(art, KGB + "publishedMonth", typed(month, "gYearMonth"))
        w.t(art, KGB + "dateInferred", typed("false", "boolean"))
        w.t(art, SCHEMA + "text", lit(text))
        w.t(art, KGB + "sourceFile", lit(f"graph/articles/{slug}.txt"))
        w.t(art, KGB + "sha256", lit(hashlib.sha256(text.encode()).hexdigest()))
        for k, relation, kind, subj, obj, place, start, end, sentence in statements:
            st = f"{BASE}statement/{slug}/s{k}"
            year = str(2015 + rng.randrange(10))
            w.t(st, RDF_TYPE, f"<{KGB}Statement>")
            w.t(st, RDF_TYPE, f"<{KGB}{kind}>")
            w.t(st, RDFS + "label", lit(f"{subj[2]} \u2013 {relation} \u2013 {obj[2]} ({year})"))
            w.t(st, KGB + "relation", f"<{KGB}{relation}>")
            w.t(st, KGB + "subject", f"<{subj[0]}>")
            w.t(st, KGB + "object", f"<{obj[0]}>")
            w.t(st, KGB + "place", f"<{place[0]}>")
            w.t(st, PROV + "wasDerivedFrom", f"<{art}>")
            w.t(st, KGB + "time", typed(year, "gYear"))
            w.t(st, KGB + "timePrecision", f"<{KGB}year>")
            if kind in ("Deployment", "Seizure"):
                unit, qudt_unit = rng.choice(UNITS)
                q = st + "/quantity"
                w.t(st, KGB + "quantity", f"<{q}>")
                w.t(q, RDF_TYPE, f"<{QUDT}QuantityValue>")
                w.t(q, QUDT + "numericValue", typed(f"{rng.randrange(1, 20000)}.0", "decimal"))
                w.t(q, QUDT + "unit", f"<{UNIT}{qudt_unit}>")
                w.t(q, KGB + "unitLabel", lit(unit))
            ann = st + "/evidence-1"
            target, quote, position = ann + "/target", ann + "/quote", ann + "/position"
            w.t(st, KGB + "evidence", f"<{ann}>")
            w.t(ann, RDF_TYPE, f"<{OA}Annotation>")
            w.t(ann, OA + "hasBody", f"<{st}>")
            w.t(ann, OA + "hasTarget", f"<{target}>")
            w.t(target, RDF_TYPE, f"<{OA}SpecificResource>")
            w.t(target, OA + "hasSource", f"<{art}>")
            w.t(target, OA + "hasSelector", f"<{quote}>")
            w.t(target, OA + "hasSelector", f"<{position}>")
            w.t(quote, RDF_TYPE, f"<{OA}TextQuoteSelector>")
            w.t(quote, OA + "exact", lit(sentence))
            w.t(position, RDF_TYPE, f"<{OA}TextPositionSelector>")
            w.t(position, OA + "start", typed(str(start), "integer"))
            w.t(position, OA + "end", typed(str(end), "integer"))
            w.t(subj[0], KGB + relation, f"<{obj[0]}>")  # the derived direct edge
            w.t(art, SCHEMA + "mentions", f"<{subj[0]}>")
            w.t(art, SCHEMA + "mentions", f"<{obj[0]}>")
        article += 1
    return w.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, required=True, help="at least this many lines (duplicates aside)")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8", buffering=1 << 20) as out:
        n = generate(args.triples, out, args.seed)
    print(f"wrote {n} triple lines to {args.output}")


if __name__ == "__main__":
    main()
