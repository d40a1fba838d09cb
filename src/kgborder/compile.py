"""Compiling the curated sources into the RDF graph (statement layer + direct edges)."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from .curation import UNITS, Article, Entity, Quantity, Statement, Time, read_article, read_entities, show_value
from .errors import CurationError, Problem, did_you_mean
from .export import decimal_literal
from .grounding import Normalized
from .namespaces import ART, ID, KGB, OA, PROV, QUDT, RDF, RDFS, SCHEMA, SKOS, ST, UNIT, bind_prefixes
from .ontology import Vocabulary, load_vocabulary
from .project import Project

_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_SPEAKER_KINDS = (KGB.Quotation, KGB.Claim)


@dataclass
class Sources:
    """Everything a build reads, checked for syntax."""

    vocab: Vocabulary
    entities: list[Entity]
    articles: list[Article]


def read_sources(project: Project, vocab: Vocabulary | None = None) -> Sources:
    """Read and syntax-check the ontology (unless ``vocab`` is given, read already), the registry
    and every article."""
    problems: list[Problem] = []
    if vocab is None:
        try:
            vocab = load_vocabulary(project.ontology_dir, project.relative(project.ontology_dir))
        except CurationError as exc:
            problems.extend(exc.problems)
    entities: list[Entity] = []
    if not project.entities_file.exists():
        problems.append(Problem(project.relative(project.entities_file), None, None, "the entity registry is missing"))
    else:
        try:
            entities = read_entities(project.entities_file, project.relative(project.entities_file))
        except CurationError as exc:
            problems.extend(exc.problems)
    articles: list[Article] = []
    for yaml_path in sorted(project.articles_dir.glob("*.yaml")):
        text_path = yaml_path.with_suffix(".txt")
        try:
            articles.append(read_article(yaml_path, project.relative(yaml_path),
                                         text_path, project.relative(text_path)))
        except CurationError as exc:
            problems.extend(exc.problems)
    known = {e.id: e.line for e in entities}
    for article in articles:
        for e in article.draft_entities:
            if e.id in known:
                problems.append(Problem(article.yaml_file, e.line, f"draft new entity {e.id!r}",
                                        "is already an entity; use its id instead, or give this one another id"))
                continue
            known[e.id] = e.line
            entities.append(e)
    if not articles and not problems:
        problems.append(Problem(project.relative(project.articles_dir), None, None,
                                "no curated article (*.yaml beside its *.txt) found"))
    if problems:
        raise CurationError(problems)
    return Sources(vocab, entities, articles)


def statement_iri(slug: str, sid: str) -> URIRef:
    return ST[f"{slug}/{sid}"]


class _Compiler:
    def __init__(self, sources: Sources):
        self.vocab = sources.vocab
        self.sources = sources
        self.entities = {e.id: e for e in sources.entities}
        self.types: dict[str, URIRef] = {}
        self.problems: list[Problem] = []
        self.g = Graph()
        bind_prefixes(self.g)

    # -- helpers -------------------------------------------------------------
    def problem(self, file: str, line: int | None, entry: str | None, message: str) -> None:
        self.problems.append(Problem(file, line, entry, message))

    def entity(self, art: Article, st: Statement, field: str, eid: str, allowed=frozenset(), what: str = "") -> URIRef | None:
        entry = f"statement {st.id!r}"
        line = st.lines.get(field, st.line)
        if eid not in self.entities:
            extra = did_you_mean(eid, self.entities, "; add it to graph/entities.yaml")
            self.problem(art.yaml_file, line, entry, f"{field}: unknown entity {show_value(eid)}{extra}")
            return None
        etype = self.types.get(eid)
        if etype is not None and allowed and not self.vocab.fits(etype, allowed):
            names = " or ".join(sorted(self.vocab.local(a) for a in allowed))
            self.problem(art.yaml_file, line, entry,
                         f"{field}: {show_value(eid)} is a {self.vocab.local(etype)}, but {what or field} must be a {names}")
        return ID[eid]

    def time(self, node: URIRef, t: Time, value_prop: URIRef, precision_prop: URIRef) -> None:
        self.g.add((node, value_prop, Literal(t.value, datatype=_DATATYPES[t.precision])))
        self.g.add((node, precision_prop, KGB[t.precision]))

    def quantity(self, node: URIRef, prop: URIRef, name: str, q: Quantity) -> None:
        qnode = URIRef(f"{node}/{name}")
        self.g.add((node, prop, qnode))
        self.g.add((qnode, RDF.type, QUDT.QuantityValue))
        self.g.add((qnode, QUDT.numericValue, decimal_literal(q.value)))
        self.g.add((qnode, QUDT.unit, UNIT[UNITS[q.unit]]))
        self.g.add((qnode, KGB.unitLabel, Literal(q.unit)))
        if q.approx:
            self.g.add((qnode, KGB.approximation, Literal(q.approx)))

    def label(self, iri: URIRef) -> str:
        value = self.g.value(iri, RDFS.label) or self.vocab.graph.value(iri, RDFS.label)
        return str(value) if value is not None else self.vocab.local(iri)

    # -- entities ------------------------------------------------------------
    def add_entities(self) -> None:
        shown = "graph/entities.yaml"
        for e in self.sources.entities:
            cls = self.vocab.entity_types.get(e.type)
            if cls is None:
                extra = did_you_mean(e.type[:100], self.vocab.entity_types,
                                     f" (known: {', '.join(sorted(self.vocab.entity_types))})")
                self.problem(e.source or shown, e.line, f"entity {e.id!r}", f"unknown type {show_value(e.type)}{extra}")
                continue
            self.types[e.id] = cls
            node = ID[e.id]
            self.g.add((node, RDF.type, cls))
            self.g.add((node, RDFS.label, Literal(e.name)))
            for alias in e.aliases:
                self.g.add((node, SKOS.altLabel, Literal(alias)))
            if e.description:
                self.g.add((node, SCHEMA.description, Literal(e.description)))
            for iri in e.same_as:
                self.g.add((node, SCHEMA.sameAs, URIRef(iri)))

    # -- articles ------------------------------------------------------------
    def add_article(self, art: Article) -> None:
        node = ART[art.slug]
        g = self.g
        g.add((node, RDF.type, KGB.Article))
        g.add((node, SCHEMA.headline, Literal(art.title)))
        if art.date is not None:
            g.add((node, SCHEMA.datePublished, Literal(art.date.value, datatype=_DATATYPES[art.date.precision])))
            # The year and month on their own, so that queries can select articles by them.
            g.add((node, KGB.publishedYear, Literal(art.date.value[:4], datatype=XSD.gYear)))
            if art.date.precision != "year":
                g.add((node, KGB.publishedMonth, Literal(art.date.value[:7], datatype=XSD.gYearMonth)))
        g.add((node, KGB.dateInferred, Literal(art.date_inferred)))
        if art.date_note:
            g.add((node, KGB.dateNote, Literal(art.date_note)))
        if art.url:
            g.add((node, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI)))
        if art.publisher:
            g.add((node, SCHEMA.publisher, Literal(art.publisher)))
        g.add((node, SCHEMA.text, Literal(art.text)))
        g.add((node, KGB.sourceFile, Literal(art.text_file)))
        g.add((node, KGB.sha256, Literal(art.sha256)))  # the file's; the build checks the text against it
        text = Normalized(art.text)
        ids = {st.id for st in art.statements}
        for st in art.statements:
            self.add_statement(art, node, text, ids, st)

    def add_statement(self, art: Article, art_node: URIRef, text: Normalized, ids: set[str], st: Statement) -> None:
        v, g = self.vocab, self.g
        entry = f"statement {st.id!r}"
        node = statement_iri(art.slug, st.id)
        relation = None
        kind = None
        if st.relation:
            relation = v.relations.get(st.relation)
            if relation is None:
                extra = did_you_mean(st.relation[:100], v.relations, f" (known: {', '.join(sorted(v.relations))})")
                self.problem(art.yaml_file, st.lines.get("relation", st.line), entry, f"unknown relation {show_value(st.relation)}{extra}")
                return
            kind = relation.statement_class
        if st.kind:
            given = v.statement_kinds.get(st.kind)
            if given is None:
                extra = did_you_mean(st.kind[:100], v.statement_kinds, f" (known: {', '.join(sorted(v.statement_kinds))})")
                self.problem(art.yaml_file, st.lines.get("kind", st.line), entry, f"unknown kind {show_value(st.kind)}{extra}")
                return
            if kind is not None and given not in v.superclasses(kind):
                self.problem(art.yaml_file, st.lines.get("kind", st.line), entry,
                             f"relation {show_value(st.relation)} makes a {v.local(kind)}, not a {st.kind}")
                return
            kind = kind or given

        for cls in v.superclasses(kind):
            if KGB.Statement in v.superclasses(cls):
                g.add((node, RDF.type, cls))
        g.add((node, PROV.wasDerivedFrom, art_node))
        if relation is not None:
            g.add((node, KGB.relation, relation.iri))

        speaks = any(c in v.superclasses(kind) for c in _SPEAKER_KINDS)
        who = st.speaker or st.subject
        if st.speaker and not speaks:
            self.problem(art.yaml_file, st.lines.get("speaker", st.line), entry,
                         f"only quotations and claims have a speaker; use 'subject' for a {v.local(kind)}")
        if who:
            domain = relation.domain if relation else frozenset()
            if speaks:
                domain = frozenset([KGB.Agent])
            subject = self.entity(art, st, "speaker" if st.speaker else "subject", who, domain)
            if subject is not None:
                g.add((node, KGB.subject, subject))
                if speaks:
                    g.add((node, KGB.speaker, subject))
        elif relation is not None and not st.editorial:
            self.problem(art.yaml_file, st.line, entry, "missing 'subject' (who or what the statement is about)")
        if speaks and not who and not st.editorial:
            self.problem(art.yaml_file, st.line, entry, f"a {v.local(kind)} needs a 'speaker' (or 'editorial: true')")
        if st.objects and relation is None:
            self.problem(art.yaml_file, st.lines.get("object", st.line), entry, "an 'object' needs a 'relation'")
        if relation is not None and not st.objects and not speaks:
            self.problem(art.yaml_file, st.line, entry, f"relation {show_value(st.relation)} needs an 'object'")
        for oid in st.objects:
            obj = self.entity(art, st, "object", oid, relation.range if relation else frozenset())
            if obj is not None:
                g.add((node, KGB.object, obj))
        for field, prop, values, allowed in (
            ("place", KGB.place, st.places, frozenset([KGB.Place])),
            ("theme", KGB.theme, st.themes, frozenset()),
            ("method", KGB.method, st.methods, frozenset()),
            ("according_to", KGB.accordingTo, (st.according_to,) if st.according_to else (), frozenset([KGB.Agent])),
        ):
            for eid in values:
                target = self.entity(art, st, field, eid, allowed)
                if target is not None:
                    g.add((node, prop, target))
        for field, prop, refs in (("about", KGB.about, st.about), ("caused_by", KGB.causedBy, st.caused_by)):
            for ref in refs:
                if ref not in ids:
                    extra = did_you_mean(ref, ids)
                    self.problem(art.yaml_file, st.lines.get(field, st.line), entry,
                                 f"{field}: no statement {show_value(ref)} in this article{extra}")
                elif ref == st.id:
                    self.problem(art.yaml_file, st.lines.get(field, st.line), entry, f"{field}: a statement cannot refer to itself")
                else:
                    g.add((node, prop, statement_iri(art.slug, ref)))

        if st.time:
            self.time(node, st.time, KGB.time, KGB.timePrecision)
            if st.time.inferred:
                g.add((node, KGB.timeInferred, Literal(True)))
            if st.time.qualifier:
                g.add((node, KGB.timeQualifier, Literal(st.time.qualifier)))
        if st.until:
            self.time(node, st.until, KGB.until, KGB.untilPrecision)
            if st.until.inferred:
                g.add((node, KGB.untilInferred, Literal(True)))
            if st.until.qualifier:
                g.add((node, KGB.timeQualifier, Literal(st.until.qualifier)))
        for name, prop, q in (("quantity", KGB.quantity, st.quantity), ("share", KGB.share, st.share),
                              ("change", KGB.change, st.change)):
            if q is not None:
                self.quantity(node, prop, name, q)
        for prop, value in ((KGB.trend, st.trend), (KGB.measure, st.measure), (KGB.role, st.role),
                            (RDFS.comment, st.note)):
            if value:
                g.add((node, prop, Literal(value)))
        for prop, flag in ((KGB.former, st.former), (KGB.editorial, st.editorial), (KGB.negated, st.negated)):
            if flag:
                g.add((node, prop, Literal(True)))
        if KGB.OfficeHolding in v.superclasses(kind) and not st.role:
            self.problem(art.yaml_file, st.line, entry, "an office holding needs its 'role'")
        if KGB.Measurement in v.superclasses(kind) and not st.measure:
            self.problem(art.yaml_file, st.line, entry, "a measurement needs its 'measure' (what is counted)")
        if speaks and not st.words:
            self.problem(art.yaml_file, st.line, entry, f"a {v.local(kind)} needs its 'words'")
        for words in st.words:
            if KGB.Quotation in v.superclasses(kind) and not text.find_all(words):
                self.problem(art.yaml_file, st.lines.get("words", st.line), entry,
                             f'words "{_clip(words)}" are not in {art.text_file}; closest passage: "{_clip(text.closest(words))}"')
            g.add((node, KGB.words, Literal(words)))

        for n, quote in enumerate(st.evidence, start=1):
            found = text.find_all(quote)
            line = st.lines.get("evidence", st.line)
            if not found:
                self.problem(art.yaml_file, line, entry,
                             f'evidence "{_clip(quote)}" is not in {art.text_file}; closest passage: "{_clip(text.closest(quote))}"')
                continue
            if len(found) > 1:
                self.problem(art.yaml_file, line, entry,
                             f'evidence "{_clip(quote)}" occurs {len(found)} times'
                             f" in {art.text_file}; quote more words so it is unique")
                continue
            self.evidence(node, art_node, n, found[0])
        g.add((node, RDFS.label, Literal(self.statement_label(node, kind, relation))))

    def evidence(self, node: URIRef, art_node: URIRef, n: int, p) -> None:
        g = self.g
        ann = URIRef(f"{node}/evidence-{n}")
        target = URIRef(f"{ann}/target")
        quote, position = URIRef(f"{ann}/quote"), URIRef(f"{ann}/position")
        g.add((node, KGB.evidence, ann))
        g.add((ann, RDF.type, OA.Annotation))
        g.add((ann, OA.motivatedBy, OA.describing))
        g.add((ann, OA.hasBody, node))
        g.add((ann, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, art_node))
        g.add((target, OA.hasSelector, quote))
        g.add((target, OA.hasSelector, position))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(p.exact)))
        g.add((quote, OA.prefix, Literal(p.prefix)))
        g.add((quote, OA.suffix, Literal(p.suffix)))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(p.start, datatype=XSD.integer)))
        g.add((position, OA.end, Literal(p.end, datatype=XSD.integer)))

    def statement_label(self, node: URIRef, kind: URIRef, relation) -> str:
        """A short, unambiguous name for a statement: its participants and its distinguishing qualifiers."""
        g = self.g
        subject = g.value(node, KGB.subject)
        who = self.label(subject) if subject is not None else "The article"
        words = [str(w) for w in g.objects(node, KGB.words)]
        if KGB.Quotation in self.vocab.superclasses(kind) and words:  # verbatim, so in quotation marks
            head = f'{who}: "{_clip(words[0], 80)}"'
        else:
            objects = sorted(self.label(o) for o in g.objects(node, KGB.object))
            verb = self.label(relation.iri) if relation is not None else self.label(kind)
            head = " – ".join([who, verb] + ([", ".join(objects)] if objects else []))
        details = []
        role = g.value(node, KGB.role)
        if role is not None:
            details.append(f"former {role}" if g.value(node, KGB.former) else str(role))
        measure = g.value(node, KGB.measure)
        if measure is not None:
            details.append(str(measure))
        for prop in (KGB.quantity, KGB.share, KGB.change):
            q = g.value(node, prop)
            if q is not None:
                value = g.value(q, QUDT.numericValue).toPython()
                approx = g.value(q, KGB.approximation)
                unit = str(g.value(q, KGB.unitLabel))
                number = f"{value.normalize():f}"
                if prop == KGB.change and value > 0:
                    number = "+" + number
                text = f"{number}%" if unit == "percent" else f"{number} {unit}"
                details.append(f"{approx} {text}" if approx else text)
        trend = g.value(node, KGB.trend)
        if trend is not None:
            details.append(str(trend))
        places = sorted(self.label(p) for p in g.objects(node, KGB.place))
        if places:
            details.append("at " + ", ".join(places))
        for prop, word in ((KGB.time, ""), (KGB.until, "until ")):
            t = g.value(node, prop)
            if t is not None:
                details.append(f"{word}{t}")
        if g.value(node, KGB.negated):
            details.append("negated")
        return head + (f" ({'; '.join(details)})" if details else "")


def _clip(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def compile_sources(sources: Sources) -> Graph:
    """The full graph: entities, articles, qualified statements, evidence and direct edges."""
    c = _Compiler(sources)
    c.add_entities()
    for art in sources.articles:
        c.add_article(art)
    if c.problems:
        raise CurationError(c.problems)
    derive_edges(c.g, sources.vocab.rule)
    return c.g


def derive_edges(graph: Graph, rule: str) -> None:
    """Add the direct-edge layer by running the declared CONSTRUCT rule over the statements."""
    for triple in graph.query(rule):
        graph.add(triple)


def compile_project(project: Project) -> tuple[Sources, Graph]:
    """Read, check and compile a project's sources."""
    sources = read_sources(project)
    return sources, compile_sources(sources)
