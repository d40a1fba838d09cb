"""Compiling the curated sources into the RDF graph (statement layer + direct edges)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import TypeVar, cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .curation import UNITS, Article, Entity, Quantity, Statement, Time, read_article, read_entities, show_value
from .errors import CurationError, Problem
from .export import decimal_literal
from .grounding import Normalized, Passage
from .names import MAX_ID_LENGTH, did_you_mean, name_key
from .namespaces import ART, ID, KGB, OA, PROV, QUDT, RDF, RDFS, SCHEMA, SKOS, ST, UNIT, bind_prefixes
from .ontology import Relation, Vocabulary, load_vocabulary
from .project import Project
from .text import decimal_text, one_line

_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_SPEAKER_KINDS = (KGB.Quotation, KGB.Claim)
T = TypeVar("T")


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
    problems.extend(join_draft_entities(entities, articles, project.relative(project.entities_file)))
    if not articles and not problems:
        problems.append(Problem(project.relative(project.articles_dir), None, None,
                                "no curated article (*.yaml beside its *.txt) found"))
    if problems or vocab is None:  # no vocabulary only when its problems are listed
        raise CurationError(problems)
    return Sources(vocab, entities, articles)


def join_draft_entities(entities: list[Entity], articles: list[Article], registry: str) -> list[Problem]:
    """Add the articles' confirmed new entities to ``entities`` (the registry's, read from the file
    shown as ``registry``), refusing each whose id, or name or alias (as ``names.name_key`` compares
    them), is already taken, by the registry or by another confirmed new entity: the problem names
    both places, and neither is added twice."""
    problems: list[Problem] = []
    taken: dict[tuple[str, str], tuple[Entity, str]] = {}  # ("id" or "name", key) -> (entity, its file)

    def keys(e: Entity) -> list[tuple[str, str, str]]:
        return [("id", e.id, e.id)] + [("name", name_key(n), n) for n in (e.name, *e.aliases)]

    for e in entities:
        for kind, key, _ in keys(e):
            taken.setdefault((kind, key), (e, registry))
    registered = {e.id: e for e in entities}
    for article in articles:
        for eid, line in article.registered:
            if eid not in registered:
                problems.append(Problem(article.yaml_file, line, f"draft new entity {eid!r}",
                                        f"says 'registered: true', but {registry} has no entity {eid!r}; add it "
                                        "there, or remove 'registered' for the build to add it"))
        for e in article.draft_entities:
            if same_entity(registered.get(e.id), e):
                continue  # written to the registry by a build that stopped before marking it registered
            clash = next(((kind, said, taken[kind, key]) for kind, key, said in keys(e) if (kind, key) in taken), None)
            if clash is not None:
                kind, said, (other, where) = clash
                what = f"id {e.id!r}" if kind == "id" else f"the name {said!r}"
                problems.append(Problem(article.yaml_file, e.line, f"draft new entity {e.id!r}",
                                        f"{what} is already taken by entity {other.id!r} at {where}:{other.line}; "
                                        "use that id, or give this one another id and name"))
                continue
            for kind, key, _ in keys(e):
                taken.setdefault((kind, key), (e, article.yaml_file))
            entities.append(e)
    return problems


def same_entity(a: Entity | None, b: Entity) -> bool:
    """Whether ``a`` is ``b`` as curated (where each is written aside)."""
    return a is not None and replace(a, line=0, source=None) == replace(b, line=0, source=None)


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

    def report(self, art: Article, st: Statement, field: str | None, message: str) -> None:
        """A problem with statement ``st``, at the line of its ``field`` (or of the statement)."""
        line = st.lines.get(field, st.line) if field else st.line
        self.problem(art.yaml_file, line, f"statement {st.id!r}", message)

    def lookup(self, choices: Mapping[str, T], name: str, report: Callable[[str], None], said: str,
               otherwise: str | None = None) -> T | None:
        """``choices[name]``; if there is none, report ``said`` followed by the closest of ``choices``
        ("; did you mean ...?") or else ``otherwise`` (by default the known names), and give None."""
        if name in choices:
            return choices[name]
        if otherwise is None:
            otherwise = f" (known: {', '.join(sorted(choices))})"
        # The reader caps ids at MAX_ID_LENGTH; other names are cut there too, for difflib's sake.
        report(said + did_you_mean(name[:MAX_ID_LENGTH], choices, otherwise))
        return None

    def entity(self, art: Article, st: Statement, field: str, eid: str,
               allowed: frozenset[URIRef] = frozenset()) -> URIRef | None:
        """The registry entity ``eid`` named in ``field``, checked against the ``allowed`` classes."""
        report = partial(self.report, art, st, field)
        if self.lookup(self.entities, eid, report, f"{field}: unknown entity {show_value(eid)}",
                       "; add it to graph/entities.yaml") is None:
            return None
        etype = self.types.get(eid)
        if etype is not None and allowed and not self.vocab.fits(etype, allowed):
            names = " or ".join(sorted(self.vocab.local(a) for a in allowed))
            report(f"{field}: {show_value(eid)} is a {self.vocab.local(etype)}, but {field} must be a {names}")
        return ID[eid]

    def time(self, node: URIRef, t: Time, value_prop: URIRef, precision_prop: URIRef, inferred_prop: URIRef) -> None:
        self.g.add((node, value_prop, Literal(t.value, datatype=_DATATYPES[t.precision])))
        self.g.add((node, precision_prop, KGB[t.precision]))
        if t.inferred:
            self.g.add((node, inferred_prop, Literal(True)))
        if t.qualifier:
            self.g.add((node, KGB.timeQualifier, Literal(t.qualifier)))

    def quantity(self, node: URIRef, prop: URIRef, name: str, q: Quantity) -> None:
        qnode = URIRef(f"{node}/{name}")
        self.g.add((node, prop, qnode))
        self.g.add((qnode, RDF.type, QUDT.QuantityValue))
        self.g.add((qnode, QUDT.numericValue, decimal_literal(q.value)))
        self.g.add((qnode, QUDT.unit, UNIT[UNITS.get(q.unit, "NUM")]))  # any other word is a counted noun
        self.g.add((qnode, KGB.unitLabel, Literal(q.unit)))
        if q.approx:
            self.g.add((qnode, KGB.approximation, Literal(q.approx)))

    def label(self, iri: Node) -> str:
        value = self.g.value(iri, RDFS.label) or self.vocab.graph.value(iri, RDFS.label)
        return str(value) if value is not None else self.vocab.local(cast(URIRef, iri))

    def speaks(self, kind: URIRef) -> bool:
        return speaks(self.vocab, kind)

    # -- entities ------------------------------------------------------------
    def add_entities(self) -> None:
        shown = "graph/entities.yaml"
        for e in self.sources.entities:
            report = partial(self.problem, e.source or shown, e.line, f"entity {e.id!r}")
            cls = self.lookup(self.vocab.entity_types, e.type, report, f"unknown type {show_value(e.type)}")
            if cls is None:
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
        ids = {st.id: st for st in art.statements}
        for st in art.statements:
            self.add_statement(art, node, text, ids, st)

    # -- statements ----------------------------------------------------------
    def add_statement(self, art: Article, art_node: URIRef, text: Normalized, ids: Mapping[str, Statement],
                      st: Statement) -> None:
        """One statement of ``art``: its kind, participants, references, qualifiers, words and
        evidence; ``ids``: the article's statements, which ``about`` and ``caused_by`` may name."""
        found = self.statement_kind(art, st)
        if found is None:
            return
        relation, kind = found
        v, g = self.vocab, self.g
        node = statement_iri(art.slug, st.id)
        for cls in v.superclasses(kind):
            if KGB.Statement in v.superclasses(cls):
                g.add((node, RDF.type, cls))
        g.add((node, PROV.wasDerivedFrom, art_node))
        if relation is not None:
            g.add((node, KGB.relation, relation.iri))
        self.add_subject(art, st, node, relation, kind)
        self.add_objects(art, st, node, relation)
        self.add_references(art, st, node, ids)
        self.add_qualifiers(art, st, node, kind)
        self.add_words(art, st, node, kind, text)
        self.add_evidence(art, st, node, art_node, text)
        g.add((node, RDFS.label, Literal(self.statement_label(node, kind, relation))))

    def statement_kind(self, art: Article, st: Statement) -> tuple[Relation | None, URIRef] | None:
        """The relation (if any) and the statement class of ``st``; None after reporting a problem."""
        v = self.vocab
        relation = None
        kind = None
        if st.relation:
            relation = self.lookup(v.relations, st.relation, partial(self.report, art, st, "relation"),
                                   f"unknown relation {show_value(st.relation)}")
            if relation is None:
                return None
            kind = relation.statement_class
        if st.kind:
            report = partial(self.report, art, st, "kind")
            given = self.lookup(v.statement_kinds, st.kind, report, f"unknown kind {show_value(st.kind)}")
            if given is None:
                return None
            if kind is not None and given not in v.superclasses(kind):
                report(f"relation {show_value(st.relation)} makes a {v.local(kind)}, not a {st.kind}")
                return None
            kind = kind or given
        # The reader refuses a statement with neither a relation nor a kind.
        assert kind is not None, st.id
        return relation, kind

    def add_subject(self, art: Article, st: Statement, node: URIRef, relation: Relation | None, kind: URIRef) -> None:
        """Who or what the statement is about; for quotations and claims, the speaker."""
        speaks = self.speaks(kind)
        who = st.speaker or st.subject
        if st.speaker and not speaks:
            self.report(art, st, "speaker",
                        f"only quotations and claims have a speaker; use 'subject' for a {self.vocab.local(kind)}")
        if who:
            domain = relation.domain if relation else frozenset()
            if speaks:
                domain = frozenset([KGB.Agent])
            subject = self.entity(art, st, "speaker" if st.speaker else "subject", who, domain)
            if subject is not None:
                self.g.add((node, KGB.subject, subject))
                if speaks:
                    self.g.add((node, KGB.speaker, subject))
        elif (relation is not None or not (speaks or st.objects)) and not st.editorial:
            # a relation needs its subject; a measurement or other kind at least a subject or object
            self.report(art, st, None, "missing 'subject' (who or what the statement is about)")
        if speaks and not who and not st.editorial:
            self.report(art, st, None, f"a {self.vocab.local(kind)} needs a 'speaker' (or 'editorial: true')")
        if st.objects and relation is None:
            self.report(art, st, "object", "an 'object' needs a 'relation'")
        if relation is not None and not st.objects and not speaks:
            self.report(art, st, None, f"relation {show_value(st.relation)} needs an 'object'")

    def add_objects(self, art: Article, st: Statement, node: URIRef, relation: Relation | None) -> None:
        """The other participants: objects, places, themes, methods and the source it is according to."""
        for field, prop, values, allowed in (
            ("object", KGB.object, st.objects, relation.range if relation else frozenset()),
            ("place", KGB.place, st.places, frozenset([KGB.Place])),
            ("theme", KGB.theme, st.themes, frozenset()),
            ("method", KGB.method, st.methods, frozenset()),
            ("according_to", KGB.accordingTo, (st.according_to,) if st.according_to else (), frozenset([KGB.Agent])),
        ):
            for eid in values:
                target = self.entity(art, st, field, eid, allowed)
                if target is not None:
                    self.g.add((node, prop, target))

    def add_references(self, art: Article, st: Statement, node: URIRef, ids: Mapping[str, Statement]) -> None:
        """``about`` and ``caused_by``: other statements of the same article."""
        for field, prop, refs in (("about", KGB.about, st.about), ("caused_by", KGB.causedBy, st.caused_by)):
            report = partial(self.report, art, st, field)
            for ref in refs:
                said = f"{field}: no statement {show_value(ref)} in this article"
                if self.lookup(ids, ref, report, said, "") is None:
                    continue
                if ref == st.id:
                    report(f"{field}: a statement cannot refer to itself")
                else:
                    self.g.add((node, prop, statement_iri(art.slug, ref)))

    def add_qualifiers(self, art: Article, st: Statement, node: URIRef, kind: URIRef) -> None:
        """Times, quantities, role, measure, trend, note and flags; the ones some kinds need."""
        g, superclasses = self.g, self.vocab.superclasses(kind)
        if st.time:
            self.time(node, st.time, KGB.time, KGB.timePrecision, KGB.timeInferred)
        if st.until:
            self.time(node, st.until, KGB.until, KGB.untilPrecision, KGB.untilInferred)
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
        if KGB.OfficeHolding in superclasses and not st.role:
            self.report(art, st, None, "an office holding needs its 'role'")
        if KGB.Measurement in superclasses and not st.measure:
            self.report(art, st, None, "a measurement needs its 'measure' (what is counted)")

    def add_words(self, art: Article, st: Statement, node: URIRef, kind: URIRef, text: Normalized) -> None:
        """The words said or claimed; a quotation's must stand in the article."""
        if self.speaks(kind) and not st.words:
            self.report(art, st, None, f"a {self.vocab.local(kind)} needs its 'words'")
        quotation = KGB.Quotation in self.vocab.superclasses(kind)
        for words in st.words:
            if quotation and not text.find_all(words):
                self.report(art, st, "words", f'words "{one_line(words)}" are not in {art.text_file}; '
                                              f'closest passage: "{one_line(text.closest(words))}"')
            self.g.add((node, KGB.words, Literal(words)))

    def add_evidence(self, art: Article, st: Statement, node: URIRef, art_node: URIRef, text: Normalized) -> None:
        """Each evidence quote, found once in the article's text, as an annotation of the statement."""
        for n, quote in enumerate(st.evidence, start=1):
            found = text.find_all(quote)
            if not found:
                self.report(art, st, "evidence", f'evidence "{one_line(quote)}" is not in {art.text_file}; '
                                                 f'closest passage: "{one_line(text.closest(quote))}"')
            elif len(found) > 1:
                self.report(art, st, "evidence", f'evidence "{one_line(quote)}" occurs {len(found)} times'
                                                 f" in {art.text_file}; quote more words so it is unique")
            else:
                self.annotate(node, art_node, n, found[0])

    def annotate(self, node: URIRef, art_node: URIRef, n: int, p: Passage) -> None:
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

    def statement_label(self, node: URIRef, kind: URIRef, relation: Relation | None) -> str:
        """A short, unambiguous name for a statement: its participants and its distinguishing qualifiers."""
        g = self.g
        subject = g.value(node, KGB.subject)
        who = self.label(subject) if subject is not None else "The article"
        words = [str(w) for w in g.objects(node, KGB.words)]
        if KGB.Quotation in self.vocab.superclasses(kind) and words:  # verbatim, so in quotation marks
            head = f'{who}: "{one_line(words[0], 80)}"'
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
                value = cast(Literal, g.value(q, QUDT.numericValue)).toPython()
                approx = g.value(q, KGB.approximation)
                unit = str(g.value(q, KGB.unitLabel))
                number = decimal_text(value)
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




def speaks(vocab: Vocabulary, kind: URIRef) -> bool:
    """Whether statements of ``kind`` are someone's words (a quotation or a claim): their subject
    is a speaker."""
    return any(c in vocab.superclasses(kind) for c in _SPEAKER_KINDS)


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
        graph.add(cast("tuple[Node, Node, Node]", triple))  # a CONSTRUCT's answer is triples


def compile_project(project: Project) -> tuple[Sources, Graph]:
    """Read, check and compile a project's sources."""
    sources = read_sources(project)
    return sources, compile_sources(sources)
