"""The library of saved SPARQL queries in src/kgborder/queries/.

Each saved query is one ``<name>.rq`` file with a comment header (title, question and one
``# param:`` line per parameter). The tests check, for every file, that the header is well
formed, that the query parses in rdflib, that it runs in Oxigraph (pyoxigraph) with the
parameters substituted and gives the same rows there as in rdflib; and, for every query,
its answer on the article graph (data + ontology, the ``graph`` fixture), run through
rdflib with the parameters as ``initBindings``.

The expected answers are read off the article (graph/articles/<slug>.txt), not copied from
the output: a wrong, missing or extra fact in the graph makes a test fail.

Rows are compared as plain Python values: registry entities and statements become their
slug, other IRIs a prefixed name ("kgb:Person", "unit:TONNE", "art:<slug>"), dates their
lexical form, other literals their Python value, unbound values None.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
import yaml
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from kgborder.query import to_rdflib

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "src" / "kgborder" / "queries"
SLUG = "mexico-border-military-presence"
ARTICLE_TEXT = (ROOT / "graph" / "articles" / f"{SLUG}.txt").read_text(encoding="utf-8")
ARTICLE_YAML = ROOT / "graph" / "articles" / f"{SLUG}.yaml"
TITLE = "Mexico Increases Military Presence at U.S. Border to Combat Drug Trade"

BASE = "https://w3id.org/kgborder/"
ID = BASE + "id/"
ART = BASE + "article/"
STATEMENT = BASE + "statement/"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATE_TYPES = {URIRef(XSD + name) for name in ("date", "gYearMonth", "gYear")}

NAME = re.compile(r"^[a-z]+(-[a-z]+)*$")
PARAM = re.compile(r"^# param: (?P<name>[A-Za-z_][A-Za-z0-9_]*) "
                   r"(?P<type>(?:entity|article|string|integer|year|month|date|iri)\??) (?P<description>\S.*)$")
HEADER_KEY = re.compile(r"^# (?P<key>[a-z]+): ?(?P<value>.*)$")
CONCAT = re.compile(r'GROUP_CONCAT\s*\([^;]*;\s*separator\s*=\s*"(?P<sep>[^"]*)"\s*\)\s*AS\s+\?(?P<var>\w+)',
                    re.IGNORECASE)

#: Values the engine tests bind to each query's parameters.
SAMPLE_PARAMS = {
    "evidence": {"statement": f"{STATEMENT}{SLUG}/sheinbaum-deploys-national-guard"},
    "evidence-for": {"entity": "carlos-matienzo"},
    "entity": {"entity": "claudia-sheinbaum"},
    "article-statements": {"article": SLUG},
    "facts": {"article": SLUG, "year": "2025"},
    "facts-in-month": {"month": "2025-02"},
    "edge-sources": {"article": SLUG},
}
SAMPLE_BY_TYPE = {"entity": "claudia-sheinbaum", "article": SLUG,
                  "iri": f"{STATEMENT}{SLUG}/sheinbaum-deploys-national-guard"}


# --- Reading and running saved queries -------------------------------------------------------

def query_names() -> list[str]:
    return sorted(path.stem for path in QUERIES.glob("*.rq"))


def query_text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def header(text: str) -> dict:
    """The comment header: {'title': ..., 'question': ..., 'params': [(name, type, description)]}."""
    info: dict = {"params": [], "keys": []}
    for line in text.splitlines():
        if not line.startswith("#") or line.strip() == "#":
            break
        if line.startswith("# param:"):
            match = PARAM.match(line)
            assert match, f"malformed param line: {line!r}"
            info["params"].append((match["name"], match["type"], match["description"]))
            info["keys"].append("param")
            continue
        match = HEADER_KEY.match(line)
        assert match, f"malformed header line: {line!r}"
        info["keys"].append(match["key"])
        info[match["key"]] = match["value"].strip()
    return info


def param_term(kind: str, value) -> Node:
    """A parameter value as an RDF term, as the query engine binds it."""
    if kind == "entity":
        return URIRef(value if str(value).startswith(("http://", "https://")) else ID + value)
    if kind == "article":
        return URIRef(value if str(value).startswith(("http://", "https://")) else ART + value)
    if kind == "iri":
        return URIRef(value)
    if kind == "integer":
        return Literal(int(value))
    if kind == "year":
        return Literal(str(value), datatype=URIRef(XSD + "gYear"))
    if kind == "month":
        return Literal(str(value), datatype=URIRef(XSD + "gYearMonth"))
    if kind == "date":
        return Literal(str(value), datatype=URIRef(XSD + "date"))
    return Literal(str(value))


def bindings(name: str, params: dict) -> dict[str, Node]:
    types = {pname: ptype for pname, ptype, _ in header(query_text(name))["params"]}
    required = {pname for pname, ptype in types.items() if not ptype.endswith("?")}
    assert required <= set(params) <= set(types), f"{name}: parameters {sorted(types)}, bound {sorted(params)}"
    return {pname: param_term(types[pname].rstrip("?"), value) for pname, value in params.items()}


def simplify(term: Node | None):
    """One value of an answer row as a plain Python value (see the module docstring)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        if term.startswith(ID):
            return term[len(ID):]
        if term.startswith(STATEMENT):
            return term.rsplit("/", 1)[1]
        for prefix, ns in (("art", ART), ("kgb", BASE + "ontology#"),
                           ("unit", "http://qudt.org/vocab/unit/"), ("xsd", XSD)):
            if term.startswith(ns):
                return f"{prefix}:{term[len(ns):]}"
        return str(term)
    if isinstance(term, Literal) and term.datatype in DATE_TYPES:
        return str(term)
    if isinstance(term, Literal):
        return term.toPython()
    return str(term)


class Answer:
    """The rows of a saved query's answer, in order, as dicts of plain values."""

    def __init__(self, variables: list[str], rows: list[tuple]):
        self.variables = variables
        self.rows = [dict(zip(variables, row, strict=True)) for row in rows]

    def __len__(self) -> int:
        return len(self.rows)

    def columns(self, *names: str) -> list[tuple]:
        """The given columns of every row, in order."""
        for column in names:
            assert column in self.variables, f"no column ?{column} in {self.variables}"
        return [tuple(row[column] for column in names) for row in self.rows]

    def set(self, *names: str) -> set[tuple]:
        values = self.columns(*names)
        assert len(values) == len(set(values)), f"duplicate rows: {values}"
        return set(values)


def run(graph: Graph, name: str, **params) -> Answer:
    """Run a saved query through rdflib, with its parameters as initBindings."""
    bound = {Variable(pname): term for pname, term in bindings(name, params).items()}
    result = graph.query(query_text(name), initBindings=bound)
    variables = [str(v) for v in result.vars]
    return Answer(variables, [tuple(simplify(value) for value in row) for row in result])


def to_oxigraph(term: Node):
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype or XSD + "string")))


def run_oxigraph(store, name: str, **params) -> Answer:
    """Run a saved query in Oxigraph, with its parameters substituted."""
    substitutions = {pyoxigraph.Variable(pname): to_oxigraph(term)
                     for pname, term in bindings(name, params).items()}
    result = store.query(query_text(name), substitutions=substitutions)
    variables = [v.value for v in result.variables]
    rows = [tuple(simplify(to_rdflib(value)) for value in solution) for solution in result]
    return Answer(variables, rows)


def comparable(name: str, answer: Answer) -> Counter:
    """The rows as a multiset, with GROUP_CONCAT lists sorted (their order is the engine's)."""
    concatenated = {m["var"]: m["sep"] for m in CONCAT.finditer(query_text(name))}
    rows = []
    for row in answer.rows:
        values = []
        for column in answer.variables:
            value = row[column]
            if column in concatenated and isinstance(value, str):
                value = tuple(sorted(value.split(concatenated[column]))) if value else ()
            values.append(value)
        rows.append(tuple(values))
    return Counter(rows)


def parts(value: str | None, separator: str) -> set[str]:
    return set(value.split(separator)) if value else set()


@pytest.fixture(scope="module")
def store():
    """The built graph and the ontology in one Oxigraph default graph."""
    store = pyoxigraph.Store()
    store.load(path=str(ROOT / "graph" / "kgborder.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    store.load(path=str(ROOT / "ontology" / "kgborder.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    return store


# --- The library as a whole -------------------------------------------------------------------

def test_library_has_queries():
    names = query_names()
    assert len(names) >= 15, names


@pytest.mark.parametrize("name", query_names())
def test_saved_query_is_well_formed(name):
    assert NAME.match(name), f"{name}: a name is lower-case words joined by '-'"
    text = query_text(name)
    info = header(text)
    assert info.get("title"), f"{name}: no '# title:'"
    assert info.get("question"), f"{name}: no '# question:'"
    assert info["keys"][:2] == ["title", "question"], f"{name}: header starts {info['keys']}"
    assert set(info["keys"]) <= {"title", "question", "param"}, info["keys"]
    body = "\n".join(line.split("#", 1)[0] if line.lstrip().startswith("#") else line
                     for line in text.splitlines())
    for pname, _, _ in info["params"]:
        assert re.search(rf"\?{pname}\b", body), f"{name}: parameter ?{pname} not used"
        assert not re.search(rf"VALUES\s+\?{pname}\b", body), f"{name}: ?{pname} in VALUES"
    assert not re.search(r"\b(SERVICE|FROM|LOAD)\b", body), f"{name}: SERVICE, FROM or LOAD"
    assert re.search(r"\bORDER\s+BY\b", body), f"{name}: no ORDER BY"
    prepareQuery(text)


@pytest.mark.parametrize("name", query_names())
def test_saved_query_runs_alike_in_rdflib_and_oxigraph(graph, store, name):
    params = {pname: SAMPLE_PARAMS.get(name, {}).get(pname, SAMPLE_BY_TYPE.get(ptype.rstrip("?")))
              for pname, ptype, _ in header(query_text(name))["params"]}
    assert None not in params.values(), f"{name}: no sample value for {params}"
    ours = run(graph, name, **params)
    theirs = run_oxigraph(store, name, **params)
    assert len(ours) > 0, f"{name}: no rows"
    assert ours.variables == theirs.variables
    assert len(ours) == len(theirs)
    assert comparable(name, ours) == comparable(name, theirs)


# --- Each query's answer ----------------------------------------------------------------------

def test_actors(graph):
    answer = run(graph, "actors")
    assert answer.set("actor", "type", "role", "former", "affiliation") == {
        # "Mexico's president, Claudia Sheinbaum"; "the American president, Donald Trump"
        ("claudia-sheinbaum", "kgb:Person", "president", False, "mexico"),
        ("donald-trump", "kgb:Person", "president", False, "united-states"),
        # "Luis Arturo Corrales Ley, the public safety commissioner in Nogales, Sonora"
        ("luis-arturo-corrales-ley", "kgb:Person", "public safety commissioner", False,
         "nogales-sonora"),
        # "Michael Humphries, the CBP official overseeing the Nogales crossing"
        ("michael-humphries", "kgb:Person", "official overseeing the Nogales crossing", False,
         "cbp"),
        # "former director of Mexico's national intelligence agency"
        ("guillermo-valdes-castellanos", "kgb:Person", "director", True,
         "mexico-national-intelligence-agency"),
        # "David Hathaway, sheriff of Santa Cruz County, Arizona"
        ("david-hathaway", "kgb:Person", "sheriff", False, "santa-cruz-county"),
        # "Carlos Matienzo of DataInt"
        ("carlos-matienzo", "kgb:Person", None, False, "dataint"),
        # "A U.S. Drug Enforcement Administration (DEA) officer"
        ("anonymous-dea-officer", "kgb:Person", "officer", False, "dea"),
        # the agencies and forces belong to a country: "U.S. Customs and Border Protection",
        # "A U.S. Drug Enforcement Administration (DEA) officer", "The U.S. has also
        # reinforced its side of the border. The Department of Defense has sent an additional
        # 1,500 active-duty troops"; "Mexico's national intelligence agency",
        # "Mexico's National Guard"
        ("cbp", "kgb:GovernmentAgency", None, False, "united-states"),
        ("dea", "kgb:GovernmentAgency", None, False, "united-states"),
        ("us-department-of-defense", "kgb:GovernmentAgency", None, False, "united-states"),
        ("mexico-national-intelligence-agency", "kgb:GovernmentAgency", None, False, "mexico"),
        ("national-guard-mexico", "kgb:SecurityForce", None, False, "mexico"),
        ("us-active-duty-troops", "kgb:SecurityForce", None, False, "united-states"),
        ("dataint", "kgb:Consultancy", None, None, None),
        ("drug-cartels", "kgb:CriminalOrganization", None, None, None),
        ("traffickers", "kgb:Group", None, None, None),
        ("american-citizens", "kgb:Group", None, None, None),
        ("migrants", "kgb:Group", None, None, None),
        ("americans", "kgb:Group", None, None, None),
        ("mexico", "kgb:Country", None, None, None),
        ("united-states", "kgb:Country", None, None, None),
    }
    names = dict(answer.columns("actor", "name"))
    assert names["guillermo-valdes-castellanos"] == "Guillermo Valdés Castellanos"
    assert names["cbp"] == "U.S. Customs and Border Protection"
    assert dict(answer.columns("type", "typeLabel"))["kgb:Group"] == "Group of people"
    assert dict(answer.columns("actor", "affiliationName"))["national-guard-mexico"] == "Mexico"


def test_deployments(graph):
    answer = run(graph, "deployments")
    assert answer.columns("statement", "actor", "relationLabel", "deployed", "amount", "unitLabel",
                          "place", "theme", "time", "precision", "timeQualifier", "timeInferred",
                          "trend", "purpose") == [
        # "On February 4th, she announced the deployment of 10,000 additional members of
        # Mexico's National Guard to the border" (announced on that day; the year, 2025, is
        # inferred)
        ("sheinbaum-deploys-national-guard", "claudia-sheinbaum", "deploys",
         "national-guard-mexico", 10000, "members", "us-mexico-border", None, "2025-02-04", "day",
         "announced", True, None, None),
        # the headline: "Mexico Increases Military Presence at U.S. Border"
        ("mexico-increases-military-presence", "mexico", "reinforces", "us-mexico-border",
         None, None, None, "military-presence-at-border", None, None, None, None, "increase",
         None),
        # "The Department of Defense has sent an additional 1,500 active-duty troops to counter
        # what Trump has labeled a national emergency."
        ("dod-sends-troops", "us-department-of-defense", "deploys", "us-active-duty-troops",
         1500, "troops", "us-mexico-border", None, None, None, None, None, None,
         "trump-national-emergency"),
        # "The U.S. has also reinforced its side of the border."
        ("us-reinforces-border", "united-states", "reinforces", "us-mexico-border",
         None, None, None, None, None, None, None, None, None, None),
    ]
    # no number of deployed people is given as approximate ("10,000", "1,500")
    assert {row["approximation"] for row in answer.rows} == {None}


def test_seizures(graph):
    answer = run(graph, "seizures")
    assert answer.set("statement", "seizer", "substance", "amount", "unitLabel", "time", "until",
                      "place", "share", "shareApproximation", "change", "trend",
                      "relativeTo") == {
        # "Of the ten tonnes of fentanyl seized by U.S. Customs and Border Protection (CBP) in 2024"
        ("cbp-seizes-fentanyl-2024", "cbp", "fentanyl", 10, "tonnes", "2024", None, None,
         None, None, None, None, None),
        # "about 60% was confiscated at Nogales and other smaller Arizona-Sonora crossings"
        ("cbp-seizures-at-arizona-sonora-crossings-2024", "cbp", "fentanyl", None, None, "2024",
         None, "nogales-crossing", 60, "about", None, None, "cbp-seizes-fentanyl-2024"),
        ("cbp-seizures-at-arizona-sonora-crossings-2024", "cbp", "fentanyl", None, None, "2024",
         None, "arizona-sonora-crossings", 60, "about", None, None, "cbp-seizes-fentanyl-2024"),
        # "More than 90% of the fentanyl seized in the United States is intercepted at legal
        # entry points like Nogales"
        ("us-seizures-at-legal-entry-points", "united-states", "fentanyl", None, None, None,
         None, "legal-entry-points", 90, "more than", None, None, None),
        # "After years of rising numbers, fentanyl seizures at the U.S.-Mexico border fell in
        # 2024, dropping by 21% from 12 tonnes in 2023": they rose until 2023, then fell
        ("border-seizures-rose-before-2024", "united-states", "fentanyl", None, None, None,
         "2023", "us-mexico-border", None, None, None, "increase", None),
        ("border-seizures-2023", "united-states", "fentanyl", 12, "tonnes", "2023", None,
         "us-mexico-border", None, None, None, None, None),
        ("border-seizures-fell-2024", "united-states", "fentanyl", None, None, "2024", None,
         "us-mexico-border", None, None, -21, "decrease", "border-seizures-2023"),
    }
    # no seizure amount or change is given as approximate ("ten tonnes", "12 tonnes", "21%")
    assert {row["approximation"] for row in answer.rows} == {None}
    assert {row["changeApproximation"] for row in answer.rows} == {None}


def test_tariffs(graph):
    answer = run(graph, "tariffs")
    # "a move that led Trump to temporarily delay his threat to impose tariffs on Mexican
    # imports until early March" (2025, inferred); the move: the 10,000-member deployment
    assert answer.columns("threat", "threatener", "target", "theme", "delay", "delayer", "until",
                          "untilPrecision", "untilQualifier", "untilInferred", "cause",
                          "causeAmount", "causeUnitLabel", "causeTime") == [
        ("trump-threatens-tariffs", "donald-trump", "mexico", "tariffs-on-mexican-imports",
         "trump-delays-tariffs", "donald-trump", "2025-03", "month", "early", True,
         "sheinbaum-deploys-national-guard", 10000, "members", "2025-02-04"),
    ]


def test_quotations(graph):
    answer = run(graph, "quotations")
    # in the order the article quotes them
    assert answer.columns("quotation", "speaker", "role", "affiliation", "on", "words",
                          "regarding") == [
        ("corrales-springboard", "luis-arturo-corrales-ley", "public safety commissioner",
         "nogales-sonora", "sonora", "springboard for drugs", None),
        # "A U.S. Drug Enforcement Administration (DEA) officer"
        ("dea-officer-not-a-panacea", "anonymous-dea-officer", "officer", "dea",
         "border-security", "not a panacea", None),
        ("dea-officer-cartels-resourceful", "anonymous-dea-officer", "officer", "dea",
         "drug-cartels", "The cartels are resourceful", None),
        ("dea-officer-smuggling-quote", "anonymous-dea-officer", "officer", "dea", "drug-cartels",
         "They smuggle drugs using cars, trucks, planes, people, tunnels—whatever it takes.", None),
        ("valdes-any-kitchen", "guillermo-valdes-castellanos", "former director",
         "mexico-national-intelligence-agency", "fentanyl-production",
         "It can be manufactured in any kitchen", None),
        ("matienzo-signaling", "carlos-matienzo", None, "dataint", "claudia-sheinbaum",
         "signaling to Americans that we’re willing to help", "sheinbaum-deploys-national-guard"),
        ("hathaway-change-of-heart", "david-hathaway", "sheriff", "santa-cruz-county",
         "drug-trade", "People need a change of heart", None),
        ("hathaway-legislate-morality", "david-hathaway", "sheriff", "santa-cruz-county",
         "morality", "We cannot legislate morality.", None),
    ]
    # each quotation's words are verbatim in the article, just after its evidence begins
    for words, offset in answer.columns("words", "offset"):
        assert 0 <= ARTICLE_TEXT.find(words, offset) - offset <= 60, (words, offset)


def test_claims(graph):
    answer = run(graph, "claims")
    assert answer.set("claim", "kind", "claimantName", "editorial", "negated", "object",
                      "regarding") == {
        # "acknowledges that additional border security is helpful but insists it is
        # 'not a panacea.'"
        ("dea-officer-security-helpful", "kgb:Claim", "Anonymous DEA officer", False, False,
         "border-security", None),
        # "His updates showcase the ever-evolving tactics traffickers employ, from drugs hidden
        # in petrol tanks ... to fentanyl tucked within hollowed-out stacks of tortillas ..."
        ("humphries-shows-tactics", "kgb:Claim", "Michael Humphries", False, False,
         "traffickers", "traffickers-hide-drugs"),
        ("humphries-shows-tactics", "kgb:Claim", "Michael Humphries", False, False,
         "traffickers", "traffickers-hide-fentanyl"),
        # "its ease of production compounds the challenge"
        ("fentanyl-easy-to-produce", "kgb:Claim", "the article", True, False,
         "fentanyl-production", None),
        # "while border security plays a role, it alone cannot stop the drug trade"
        ("border-security-alone-insufficient", "kgb:Claim", "the article", True, False,
         "border-security", None),
        ("border-security-alone-insufficient", "kgb:Claim", "the article", True, False,
         "drug-trade", None),
        # "reducing fentanyl smuggling is not an unattainable goal"
        ("reducing-smuggling-attainable", "kgb:Claim", "the article", True, False,
         "fentanyl", None),
        # Matienzo "attributes these declines not to military deployments but to shifts in
        # health policies, tighter controls on production, and the grim fact that many
        # fentanyl users have already succumbed": the declines are the 21% fall in border
        # seizures and the 30% fall in overdose deaths
        *{("matienzo-attributes-declines", "kgb:CausalClaim", "Carlos Matienzo", False, False,
           cause, decline)
          for cause in ("health-policy-shifts", "production-controls", "deaths-of-fentanyl-users")
          for decline in ("border-seizures-fell-2024", "overdose-deaths-fell-2024")},
        *{("matienzo-not-military", "kgb:CausalClaim", "Carlos Matienzo", False, True,
           "military-presence-at-border", decline)
          for decline in ("border-seizures-fell-2024", "overdose-deaths-fell-2024")},
        # "noting that Mexico has not fundamentally altered its fentanyl-combat strategy"
        ("corrales-strategy-unchanged", "kgb:Claim", "Luis Arturo Corrales Ley", False, False,
         "mexico-fentanyl-strategy", None),
        # "the United States and Mexico would need to collaborate on dismantling drug cartels
        # while simultaneously enacting policies to curb fentanyl demand in the U.S."
        *{("beyond-symbolic-gestures", "kgb:Claim", "the article", True, False, about, None)
          for about in ("united-states", "mexico", "dismantling-drug-cartels", "fentanyl-demand")},
    }
    words = dict(answer.columns("claim", "words"))
    assert words["matienzo-not-military"] == "not to military deployments"
    assert words["reducing-smuggling-attainable"] == \
        "reducing fentanyl smuggling is not an unattainable goal"
    # editorial claims have no claimant of their own; the others name theirs
    for claimant, editorial in answer.columns("claimant", "editorial"):
        assert (claimant is None) == editorial


def test_agreements_and_criticism(graph):
    answer = run(graph, "agreements-and-criticism")
    assert answer.columns("statement", "stance", "who", "negated", "target", "words") == [
        # "Corrales, the public safety commissioner, concurs, noting that Mexico has not
        # fundamentally altered its fentanyl-combat strategy."
        ("corrales-agrees-with-matienzo", "agrees", "luis-arturo-corrales-ley", False,
         "carlos-matienzo", "Mexico has not fundamentally altered its fentanyl-combat strategy"),
        # "attributes these declines not to military deployments"
        ("matienzo-not-military", "denies", "carlos-matienzo", True,
         "military-presence-at-border", "not to military deployments"),
        # "questions the necessity of increased military presence, arguing that it is more
        # disruptive than beneficial"
        ("hathaway-questions-military-presence", "questions", "david-hathaway", False,
         "military-presence-at-border", "it is more disruptive than beneficial"),
    ]


def test_smuggling_methods(graph):
    answer = run(graph, "smuggling-methods")
    # "They smuggle drugs using cars, trucks, planes, people, tunnels—whatever it takes."
    cartels = {("cartels-smuggling-methods", "smuggles using", "drug-cartels", "drugs", means,
                "kgb:SmugglingMethod", "anonymous-dea-officer")
               for means in ("cars", "trucks", "planes", "human-couriers", "tunnels")}
    assert answer.set("statement", "relationLabel", "actor", "substance", "means", "meansType",
                      "source") == cartels | {
        # "from drugs hidden in petrol tanks and spare tires"
        ("traffickers-hide-drugs", "conceals in", "traffickers", "drugs", "petrol-tanks",
         "kgb:ConcealmentMethod", "michael-humphries"),
        ("traffickers-hide-drugs", "conceals in", "traffickers", "drugs", "spare-tires",
         "kgb:ConcealmentMethod", "michael-humphries"),
        # "to fentanyl tucked within hollowed-out stacks of tortillas or concealed inside
        # truck axles"
        ("traffickers-hide-fentanyl", "conceals in", "traffickers", "fentanyl",
         "hollowed-out-tortilla-stacks", "kgb:ConcealmentMethod", "michael-humphries"),
        ("traffickers-hide-fentanyl", "conceals in", "traffickers", "fentanyl", "truck-axles",
         "kgb:ConcealmentMethod", "michael-humphries"),
        # Nogales: "it is also a major corridor for fentanyl smuggling"
        ("nogales-fentanyl-corridor", "smuggled through", None, "fentanyl", "nogales-crossing",
         "kgb:BorderCrossing", None),
    }


def test_smugglers(graph):
    answer = run(graph, "smugglers")
    assert answer.columns("statement", "smuggler", "substance", "negated", "source") == [
        # the DEA officer: "They smuggle drugs using cars, ..."
        ("cartels-smuggle-drugs", "drug-cartels", "drugs", False, "anonymous-dea-officer"),
        # "it is overwhelmingly smuggled by American citizens—not by migrants"
        ("american-citizens-smuggle-fentanyl", "american-citizens", "fentanyl", False, None),
        ("migrants-do-not-smuggle-fentanyl", "migrants", "fentanyl", True, None),
    ]


def test_quantities_over_time(graph):
    answer = run(graph, "quantities-over-time")
    assert answer.columns("year", "time", "statement", "subject", "measure", "kind", "value",
                          "unit", "unitLabel", "approximation", "trend") == [
        # "12 tonnes in 2023"
        (2023, "2023", "border-seizures-2023", "united-states", "United States seizes Fentanyl",
         "quantity", 12, "unit:TONNE", "tonnes", None, None),
        # "fell in 2024, dropping by 21%"
        (2024, "2024", "border-seizures-fell-2024", "united-states",
         "United States seizes Fentanyl", "change", -21, "unit:PERCENT", "percent", None,
         "decrease"),
        # "the ten tonnes of fentanyl seized by ... CBP in 2024"
        (2024, "2024", "cbp-seizes-fentanyl-2024", "cbp",
         "U.S. Customs and Border Protection seizes Fentanyl", "quantity", 10, "unit:TONNE",
         "tonnes", None, None),
        # "about 60% was confiscated at Nogales and other smaller Arizona-Sonora crossings"
        (2024, "2024", "cbp-seizures-at-arizona-sonora-crossings-2024", "cbp",
         "U.S. Customs and Border Protection seizes Fentanyl", "share", 60, "unit:PERCENT",
         "percent", "about", None),
        # "Nogales saw approximately 10.6 million crossings into the United States in 2024"
        (2024, "2024", "nogales-crossings-2024", "nogales-crossing",
         "crossings into the United States", "quantity", 10_600_000, "unit:NUM", "crossings",
         "about", None),
        # "deaths attributed to synthetic-opioid overdoses in the United States declined by
        # about 30% in 2024"
        (2024, "2024", "overdose-deaths-fell-2024", "united-states",
         "deaths attributed to synthetic-opioid overdoses", "change", -30, "unit:PERCENT",
         "percent", "about", "decrease"),
        # "On February 4th, she announced the deployment of 10,000 additional members"
        (2025, "2025-02-04", "sheinbaum-deploys-national-guard", "claudia-sheinbaum",
         "Claudia Sheinbaum deploys National Guard (Mexico)", "quantity", 10000, "unit:NUM",
         "members", None, None),
    ]


def test_places(graph):
    answer = run(graph, "places")
    assert answer.set("place", "type", "within", "withinType", "direct") == {
        # "Santa Cruz County, Arizona—where Nogales is located"
        ("nogales-arizona", "kgb:City", "santa-cruz-county", "kgb:County", True),
        ("nogales-arizona", "kgb:City", "arizona", "kgb:State", False),
        ("nogales-arizona", "kgb:City", "united-states", "kgb:Country", False),
        ("santa-cruz-county", "kgb:County", "arizona", "kgb:State", True),
        ("santa-cruz-county", "kgb:County", "united-states", "kgb:Country", False),
        ("arizona", "kgb:State", "united-states", "kgb:Country", True),
        # "On the Mexican side of the border between Nogales, Sonora, and Nogales, Arizona"
        ("nogales-sonora", "kgb:City", "sonora", "kgb:State", True),
        ("nogales-sonora", "kgb:City", "mexico", "kgb:Country", False),
        ("sonora", "kgb:State", "mexico", "kgb:Country", True),
        ("nogales-crossing", "kgb:BorderCrossing", "us-mexico-border", "kgb:Border", True),
        # places that lie in nothing the article names
        ("mexico", "kgb:Country", None, None, None),
        ("united-states", "kgb:Country", None, None, None),
        ("us-mexico-border", "kgb:Border", None, None, None),
        ("legal-entry-points", "kgb:BorderCrossing", None, None, None),
        ("arizona-sonora-crossings", "kgb:BorderCrossing", None, None, None),
    }
    # Nogales, Arizona lies in the United States, not in Mexico
    assert ("nogales-arizona", "mexico") not in answer.set("place", "within", "direct")


def test_evidence(graph):
    deployment = f"{STATEMENT}{SLUG}/sheinbaum-deploys-national-guard"
    answer = run(graph, "evidence", statement=deployment)
    exact = ("On February 4th, she announced the deployment of 10,000 additional members of "
             "Mexico’s National Guard to the border")
    assert answer.columns("statement", "article", "title", "exact", "start", "end") == [
        ("sheinbaum-deploys-national-guard", f"art:{SLUG}", TITLE, exact, 1076, 1191),
    ]
    assert ARTICLE_TEXT[1076:1191] == exact
    (row,) = answer.rows
    assert ARTICLE_TEXT[:1076].endswith(row["prefix"]) and row["prefix"]
    assert ARTICLE_TEXT[1191:].startswith(row["suffix"]) and row["suffix"]

    # a statement that stands on two passages: both, in the order of the text
    soldiers = run(graph, "evidence", statement=f"{STATEMENT}{SLUG}/soldiers-at-nogales")
    quotes = ["a dozen soldiers stand watch",
              "Some vehicles heading north are stopped for inspection, while others are waved "
              "through."]
    assert soldiers.columns("exact", "start", "end") == [
        (quote, ARTICLE_TEXT.index(quote), ARTICLE_TEXT.index(quote) + len(quote))
        for quote in quotes
    ]

    # an IRI that is no statement has no evidence
    assert len(run(graph, "evidence", statement=f"{STATEMENT}{SLUG}/no-such-statement")) == 0


def test_evidence_for(graph):
    answer = run(graph, "evidence-for", entity="carlos-matienzo")
    quotes = [
        ("matienzo-works-for-dataint", "Carlos Matienzo of DataInt, a security consultancy"),
        ("matienzo-attributes-declines",
         "attributes these declines not to military deployments but to shifts in health "
         "policies, tighter controls on production, and the grim fact that many fentanyl users "
         "have already succumbed to the drug’s deadly effects"),
        ("matienzo-not-military", "attributes these declines not to military deployments"),
        ("matienzo-signaling",
         "Sheinbaum’s military deployment is more about \"signaling to Americans that we’re "
         "willing to help,\" says Matienzo."),
        ("corrales-agrees-with-matienzo",
         "Corrales, the public safety commissioner, concurs, noting that Mexico has not "
         "fundamentally altered its fentanyl-combat strategy."),
    ]
    assert answer.columns("entity", "statement", "article", "exact", "start", "end") == [
        ("carlos-matienzo", statement, f"art:{SLUG}", exact, ARTICLE_TEXT.index(exact),
         ARTICLE_TEXT.index(exact) + len(exact))
        for statement, exact in quotes
    ]
    # a denied statement is evidence about its subject all the same; the IRI works as the id
    migrants = run(graph, "evidence-for", entity=ID + "migrants")
    assert migrants.columns("statement", "exact") == [
        ("migrants-do-not-smuggle-fentanyl",
         "overwhelmingly smuggled by American citizens—not by migrants"),
    ]


def test_entity(graph):
    answer = run(graph, "entity", entity="claudia-sheinbaum")
    rows = [(row["role"], row["statement"], row["kindLabel"], row["relationLabel"],
             row["negated"], row["time"], parts(row["others"], "; "),
             parts(row["evidence"], " [...] "))
            for row in answer.rows]
    assert rows == [
        ("subject", "sheinbaum-president", "Office holding", "holds office in", False, None,
         {"Mexico (object)"}, {"Mexico’s president, Claudia Sheinbaum"}),
        ("subject", "sheinbaum-aims-to-intercept", "Strategy", "aims at", False, None,
         {"Intercepting fentanyl on the Mexican side (object)"},
         {"is determined to dismantle that springboard",
          "Her strategy involves intercepting more fentanyl on the Mexican side of the border, "
          "thereby reducing the quantities detected by U.S. authorities"}),
        ("subject", "sheinbaum-signals-cooperation", "Strategy", "signals cooperation to", False,
         None, {"Donald Trump (object)"},
         {"crucially, demonstrating cooperation to the American president"}),
        ("subject", "sheinbaum-deploys-national-guard", "Deployment", "deploys", False,
         "2025-02-04", {"National Guard (Mexico) (object)", "U.S.-Mexico border (place)"},
         {"On February 4th, she announced the deployment of 10,000 additional members of "
          "Mexico’s National Guard to the border"}),
        ("object", "matienzo-signaling", "Quotation", "comments on", False, None,
         {"Carlos Matienzo (speaker)", "Americans (theme)"},
         {"Sheinbaum’s military deployment is more about \"signaling to Americans that we’re "
          "willing to help,\" says Matienzo."}),
    ]
    assert {row["entity"] for row in answer.rows} == {"claudia-sheinbaum"}
    offsets = [row["offset"] for row in answer.rows]
    assert offsets == sorted(offsets)

    # the DEA officer: employee, speaker of three quotations and a claim, and the source of
    # what the article says about how cartels smuggle
    officer = run(graph, "entity", entity="anonymous-dea-officer")
    assert officer.set("role", "statement") == {
        ("subject", "dea-officer-works-for-dea"),
        ("speaker", "dea-officer-security-helpful"),
        ("speaker", "dea-officer-not-a-panacea"),
        ("speaker", "dea-officer-cartels-resourceful"),
        ("speaker", "dea-officer-smuggling-quote"),
        ("according to", "cartels-smuggle-drugs"),
        ("according to", "cartels-smuggling-methods"),
    }
    # a denied statement is listed, and marked so
    migrants = run(graph, "entity", entity="migrants")
    assert migrants.columns("role", "statement", "negated", "others") == [
        ("subject", "migrants-do-not-smuggle-fentanyl", True, "Fentanyl (object)"),
    ]


# Every non-negated statement gives one edge per object; editorial claims have no subject.
EDGES = {
    # places
    ("nogales-sonora", "kgb:locatedIn", "sonora"),
    ("sonora", "kgb:locatedIn", "mexico"),
    ("nogales-arizona", "kgb:locatedIn", "santa-cruz-county"),
    ("santa-cruz-county", "kgb:locatedIn", "arizona"),
    ("arizona", "kgb:locatedIn", "united-states"),
    ("nogales-crossing", "kgb:locatedIn", "us-mexico-border"),
    ("nogales-crossing", "kgb:connects", "nogales-sonora"),
    ("nogales-crossing", "kgb:connects", "nogales-arizona"),
    ("nogales-crossing", "kgb:connects", "sonora"),
    ("nogales-crossing", "kgb:connects", "arizona"),
    ("nogales-crossing", "kgb:partOf", "legal-entry-points"),
    ("fentanyl", "kgb:smuggledThrough", "nogales-crossing"),
    # seizures
    ("cbp", "kgb:seizes", "fentanyl"),
    ("united-states", "kgb:seizes", "fentanyl"),
    # offices and employment
    ("luis-arturo-corrales-ley", "kgb:holdsOffice", "nogales-sonora"),
    ("claudia-sheinbaum", "kgb:holdsOffice", "mexico"),
    ("donald-trump", "kgb:holdsOffice", "united-states"),
    ("michael-humphries", "kgb:holdsOffice", "cbp"),
    ("guillermo-valdes-castellanos", "kgb:holdsOffice", "mexico-national-intelligence-agency"),
    ("david-hathaway", "kgb:holdsOffice", "santa-cruz-county"),
    ("anonymous-dea-officer", "kgb:holdsOffice", "dea"),
    ("carlos-matienzo", "kgb:worksFor", "dataint"),
    # the agencies and forces of the two countries
    ("cbp", "kgb:agencyOf", "united-states"),
    ("dea", "kgb:agencyOf", "united-states"),
    ("us-department-of-defense", "kgb:agencyOf", "united-states"),
    ("us-active-duty-troops", "kgb:agencyOf", "united-states"),
    ("national-guard-mexico", "kgb:agencyOf", "mexico"),
    ("mexico-national-intelligence-agency", "kgb:agencyOf", "mexico"),
    # Sheinbaum, the deployments, the tariffs
    ("claudia-sheinbaum", "kgb:aimsAt", "fentanyl-interception-in-mexico"),
    ("claudia-sheinbaum", "kgb:signalsCooperationTo", "donald-trump"),
    ("claudia-sheinbaum", "kgb:deploys", "national-guard-mexico"),
    # the headline: "Mexico Increases Military Presence at U.S. Border"
    ("mexico", "kgb:reinforces", "us-mexico-border"),
    ("donald-trump", "kgb:threatensTariffsOn", "mexico"),
    ("donald-trump", "kgb:delaysTariffsOn", "mexico"),
    # the U.S. side
    ("united-states", "kgb:reinforces", "us-mexico-border"),
    ("donald-trump", "kgb:declaresEmergencyAt", "us-mexico-border"),
    ("us-department-of-defense", "kgb:deploys", "us-active-duty-troops"),
    ("united-states", "kgb:surveils", "drug-cartels"),
    # the DEA officer
    ("anonymous-dea-officer", "kgb:claimsAbout", "border-security"),
    ("anonymous-dea-officer", "kgb:commentsOn", "border-security"),
    ("anonymous-dea-officer", "kgb:commentsOn", "drug-cartels"),
    ("drug-cartels", "kgb:smuggles", "drugs"),
    *{("drug-cartels", "kgb:smugglesUsing", means)
      for means in ("cars", "trucks", "planes", "human-couriers", "tunnels")},
    # Humphries and the traffickers
    ("michael-humphries", "kgb:claimsAbout", "traffickers"),
    *{("traffickers", "kgb:concealsIn", hiding)
      for hiding in ("petrol-tanks", "spare-tires", "hollowed-out-tortilla-stacks", "truck-axles")},
    # production, and who smuggles fentanyl (American citizens, not migrants)
    ("guillermo-valdes-castellanos", "kgb:commentsOn", "fentanyl-production"),
    ("american-citizens", "kgb:smuggles", "fentanyl"),
    # Matienzo, Corrales, Hathaway
    *{("carlos-matienzo", "kgb:attributesDeclineTo", cause)
      for cause in ("health-policy-shifts", "production-controls", "deaths-of-fentanyl-users")},
    ("carlos-matienzo", "kgb:commentsOn", "claudia-sheinbaum"),
    ("luis-arturo-corrales-ley", "kgb:agreesWith", "carlos-matienzo"),
    ("luis-arturo-corrales-ley", "kgb:claimsAbout", "mexico-fentanyl-strategy"),
    ("luis-arturo-corrales-ley", "kgb:commentsOn", "sonora"),
    ("david-hathaway", "kgb:questions", "military-presence-at-border"),
    ("david-hathaway", "kgb:commentsOn", "drug-trade"),
    ("david-hathaway", "kgb:commentsOn", "morality"),
}


def test_edges(graph):
    answer = run(graph, "edges")
    edges = answer.set("subject", "relation", "object")
    assert edges == EDGES
    assert len(answer) == 64
    # the denied ones are not edges
    assert ("migrants", "kgb:smuggles", "fentanyl") not in edges
    assert ("carlos-matienzo", "kgb:attributesDeclineTo", "military-presence-at-border") not in edges
    labels = dict(answer.columns("relation", "relationLabel"))
    assert labels["kgb:declaresEmergencyAt"] == "declares an emergency at"
    assert labels["kgb:holdsOffice"] == "holds office in"
    assert labels["kgb:agencyOf"] == "is an agency of"


def test_article_statements(graph):
    answer = run(graph, "article-statements", article=SLUG)
    curated = [entry["id"] for entry in
               yaml.safe_load(ARTICLE_YAML.read_text(encoding="utf-8"))["statements"]]
    statements = [row["statement"] for row in answer.rows]
    assert sorted(statements) == sorted(curated) and len(statements) == 68
    assert {row["article"] for row in answer.rows} == {f"art:{SLUG}"}
    # memberships: Matienzo works for DataInt; six agencies and forces belong to a country
    assert Counter(row["kind"] for row in answer.rows) == {
        "kgb:Location": 9, "kgb:Measurement": 3, "kgb:Seizure": 6, "kgb:OfficeHolding": 7,
        "kgb:Membership": 7, "kgb:Strategy": 2, "kgb:Deployment": 4, "kgb:TariffThreat": 1,
        "kgb:TariffDelay": 1, "kgb:EmergencyDeclaration": 1, "kgb:Surveillance": 1,
        "kgb:Smuggling": 5, "kgb:Concealment": 2, "kgb:Quotation": 8, "kgb:Claim": 7,
        "kgb:CausalClaim": 2, "kgb:Agreement": 1, "kgb:Criticism": 1,
    }
    # in the order of the text: the headline first, Hathaway's last words last
    assert answer.columns("statement", "offset")[:3] == [
        ("mexico-increases-military-presence", 0),
        ("nogales-crossing-on-border", ARTICLE_TEXT.index("On the Mexican side")),
        ("sonora-in-mexico", ARTICLE_TEXT.index("On the Mexican side")),
    ]
    assert statements[-1] == "hathaway-legislate-morality"
    offsets = [row["offset"] for row in answer.rows]
    assert offsets == sorted(offsets)
    # three statements stand on two passages each, the rest on one
    assert {row["statement"] for row in answer.rows if row["quotes"] == 2} == {
        "soldiers-at-nogales", "sheinbaum-aims-to-intercept", "humphries-shows-tactics"}
    assert {row["quotes"] for row in answer.rows} == {1, 2}
    # another article has no statements
    assert len(run(graph, "article-statements", article="no-such-article")) == 0


def test_speakers(graph):
    answer = run(graph, "speakers")
    assert answer.columns("speaker", "role", "affiliationName", "quotations", "claims") == [
        # "not a panacea", "The cartels are resourceful", "They smuggle drugs ..."; "A U.S.
        # Drug Enforcement Administration (DEA) officer"
        ("anonymous-dea-officer", "officer", "U.S. Drug Enforcement Administration", 3, 1),
        # "People need a change of heart", "We cannot legislate morality."
        ("david-hathaway", "sheriff", "Santa Cruz County, Arizona", 2, 0),
        # "signaling to Americans ..."; two attributions of the declines
        ("carlos-matienzo", None, "DataInt", 1, 2),
        # "springboard for drugs"; the strategy has not changed
        ("luis-arturo-corrales-ley", "public safety commissioner", "Nogales, Sonora", 1, 1),
        # "It can be manufactured in any kitchen"
        ("guillermo-valdes-castellanos", "former director", "Mexico's national intelligence agency",
         1, 0),
        # not quoted: his posts showcase the traffickers' tactics
        ("michael-humphries", "official overseeing the Nogales crossing",
         "U.S. Customs and Border Protection", 0, 1),
    ]


def test_us_response(graph):
    answer = run(graph, "us-response")
    # the U.S. actors are read from the graph (the Department of Defense is an agency of the
    # United States, Trump holds office in it), so Mexico's side is not among them: neither
    # the headline's "Mexico Increases Military Presence" nor Sheinbaum's deployment
    assert answer.set("statement", "kindLabel", "actor", "relationLabel", "object", "amount",
                      "unitLabel", "place", "theme", "method", "trend", "answers") == {
        # "The U.S. has also reinforced its side of the border."
        ("us-reinforces-border", "Deployment", "united-states", "reinforces", "us-mexico-border",
         None, None, None, None, None, None, None),
        # "The Department of Defense has sent an additional 1,500 active-duty troops to counter
        # what Trump has labeled a national emergency."
        ("dod-sends-troops", "Deployment", "us-department-of-defense", "deploys",
         "us-active-duty-troops", 1500, "troops", "us-mexico-border", None, None, None,
         "trump-national-emergency"),
        ("trump-national-emergency", "Emergency declaration", "donald-trump",
         "declares an emergency at", "us-mexico-border", None, None, None, "national-emergency",
         None, None, None),
        # "Airborne surveillance has been increased to track cartel activity."
        ("airborne-surveillance-of-cartels", "Surveillance", "united-states", "surveils",
         "drug-cartels", None, None, None, None, "airborne-surveillance", "increase", None),
    }


def test_entity_types(graph):
    answer = run(graph, "entity-types")
    assert answer.set("type", "entities", "directly") == {
        ("kgb:Entity", 58, 0),
        ("kgb:Agent", 22, 0),           # 8 people, 8 organizations, 4 groups, 2 countries
        ("kgb:Person", 8, 8),
        ("kgb:Group", 4, 4),
        ("kgb:Organization", 8, 0),
        ("kgb:GovernmentAgency", 4, 4),  # CBP, DEA, Department of Defense, Mexico's agency
        ("kgb:SecurityForce", 2, 2),
        ("kgb:Consultancy", 1, 1),
        ("kgb:CriminalOrganization", 1, 1),
        ("kgb:Place", 11, 0),
        ("kgb:Country", 2, 2),
        ("kgb:State", 2, 2),
        ("kgb:County", 1, 1),
        ("kgb:City", 2, 2),
        ("kgb:Border", 1, 1),
        ("kgb:BorderCrossing", 3, 3),
        ("kgb:Substance", 3, 3),
        ("kgb:Method", 9, 0),
        ("kgb:SmugglingMethod", 5, 5),   # cars, trucks, planes, people, tunnels
        ("kgb:ConcealmentMethod", 4, 4),  # petrol tanks, spare tires, tortillas, truck axles
        ("kgb:Topic", 15, 15),
    }
    assert answer.columns("type")[0] == ("kgb:Entity",)


def test_articles(graph):
    answer = run(graph, "articles")
    (row,) = answer.rows
    # the title is the text's first line; the year is not printed, so the date is inferred
    assert ARTICLE_TEXT.splitlines()[0] == TITLE
    assert (row["article"], row["title"], row["date"], row["dateInferred"]) == \
        (f"art:{SLUG}", TITLE, "2025-02", True)
    assert "February 4th" in row["dateNote"]
    assert row["sourceFile"] == f"graph/articles/{SLUG}.txt"
    # 68 statements on 71 quotes (three stand on two); five people quoted; 58 entities named
    assert (row["statements"], row["quotes"], row["quoted"], row["entities"]) == (68, 71, 5, 58)


def test_statement_links(graph):
    answer = run(graph, "statement-links")
    assert answer.set("statement", "link", "other") == {
        # "about 60%" of "the ten tonnes ... seized by ... CBP in 2024"
        ("cbp-seizures-at-arizona-sonora-crossings-2024", "kgb:about", "cbp-seizes-fentanyl-2024"),
        # "dropping by 21% from 12 tonnes in 2023"
        ("border-seizures-fell-2024", "kgb:about", "border-seizures-2023"),
        # "a move that led Trump to temporarily delay his threat"
        ("trump-delays-tariffs", "kgb:about", "trump-threatens-tariffs"),
        ("trump-delays-tariffs", "kgb:causedBy", "sheinbaum-deploys-national-guard"),
        # troops "to counter what Trump has labeled a national emergency"
        ("dod-sends-troops", "kgb:about", "trump-national-emergency"),
        # Humphries's posts show the concealment tactics
        ("humphries-shows-tactics", "kgb:about", "traffickers-hide-drugs"),
        ("humphries-shows-tactics", "kgb:about", "traffickers-hide-fentanyl"),
        # "these declines": seizures at the border and overdose deaths
        ("matienzo-attributes-declines", "kgb:about", "border-seizures-fell-2024"),
        ("matienzo-attributes-declines", "kgb:about", "overdose-deaths-fell-2024"),
        ("matienzo-not-military", "kgb:about", "border-seizures-fell-2024"),
        ("matienzo-not-military", "kgb:about", "overdose-deaths-fell-2024"),
        # "Sheinbaum's military deployment is more about 'signaling ...'"
        ("matienzo-signaling", "kgb:about", "sheinbaum-deploys-national-guard"),
        # "Corrales, the public safety commissioner, concurs": with Matienzo's words just before
        ("corrales-agrees-with-matienzo", "kgb:about", "matienzo-signaling"),
    }
    assert dict(answer.columns("link", "linkLabel"))["kgb:causedBy"] == "caused by"


def evidence_quotes() -> int:
    """How many evidence quotes the curated article has (one row each in `facts`)."""
    statements = yaml.safe_load(ARTICLE_YAML.read_text(encoding="utf-8"))["statements"]
    return sum(len(st["evidence"]) if isinstance(st["evidence"], list) else 1 for st in statements)


def test_facts(graph):
    everything = run(graph, "facts")
    assert len(everything) == evidence_quotes()
    assert {row["article"] for row in everything.rows} == {f"art:{SLUG}"}
    assert all(row["quote"] in ARTICLE_TEXT for row in everything.rows)
    assert [row["start"] for row in everything.rows] == sorted(row["start"] for row in everything.rows)
    assert {row["published"] for row in everything.rows} == {"2025-02"}
    assert len(run(graph, "facts", article=SLUG)) == len(everything)
    assert len(run(graph, "facts", year="2025")) == len(everything)
    assert len(run(graph, "facts", year="2024")) == 0
    assert len(run(graph, "facts", article="another-article")) == 0
    deploy = [row for row in everything.rows if row["statement"] == "sheinbaum-deploys-national-guard"]
    assert [row["quote"] for row in deploy] == ["On February 4th, she announced the deployment of 10,000 additional "
                                                "members of Mexico’s National Guard to the border"]


def test_facts_in_month(graph):
    # The article dates from February 2025 (inferred: "February 4th", "until early March").
    assert len(run(graph, "facts-in-month", month="2025-02")) == evidence_quotes()
    assert len(run(graph, "facts-in-month", month="2025-03")) == 0


def test_edge_sources(graph):
    answer = run(graph, "edge-sources")
    rows = answer.set("subject", "relationLabel", "object", "statement", "quote")
    assert ("claudia-sheinbaum", "deploys", "national-guard-mexico", "sheinbaum-deploys-national-guard",
            "On February 4th, she announced the deployment of 10,000 additional members of Mexico’s "
            "National Guard to the border") in rows
    # one edge, two quotes of the same statement
    sheinbaum_aims = {row[4] for row in rows if row[3] == "sheinbaum-aims-to-intercept"}
    assert sheinbaum_aims == {"is determined to dismantle that springboard",
                              "Her strategy involves intercepting more fentanyl on the Mexican side of the border, "
                              "thereby reducing the quantities detected by U.S. authorities"}
    # every edge of the network has a source, and nothing denied is an edge
    edges = run(graph, "edges").set("subject", "relationLabel", "object")
    assert {row[:3] for row in rows} == edges
    assert not [row for row in rows if row[0] == "migrants"]
    assert all(row[4] in ARTICLE_TEXT for row in rows)
    assert {row["headline"] for row in answer.rows} == {TITLE}
    assert len(run(graph, "edge-sources", article="another-article")) == 0


def test_every_saved_query_has_an_answer_test():
    tested = {name[len("test_"):].replace("_", "-") for name in globals()
              if name.startswith("test_")}
    assert set(query_names()) <= tested, sorted(set(query_names()) - tested)
