"""Competency questions for the article "Mexico Increases Military Presence at U.S. Border
to Combat Drug Trade", asked in SPARQL of the built graph (data + ontology).

Each case is (name, question, SPARQL, expected rows). The rows of the answer are turned into
plain Python values and compared as a set with the expected ones, so a case fails when the
graph lacks a fact, states a wrong one, or states one too many:

- registry entities (https://w3id.org/kgborder/id/<slug>) and statements become their slug,
- other IRIs become prefixed names ("kgb:day", "unit:TONNE", "xsd:date"),
- dates (xsd:date, xsd:gYearMonth, xsd:gYear) become their lexical form ("2025-02-04"),
- other literals become their Python value (str, bool, int, Decimal), unbound values None.

An ASK question answers the single row (True,) or (False,). The grounding of each evidence
quote in the article's text is checked in Python, after the SPARQL cases.
"""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

ID = "https://w3id.org/kgborder/id/"
STATEMENT = "https://w3id.org/kgborder/statement/"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATE_TYPES = {URIRef(XSD + name) for name in ("date", "gYearMonth", "gYear")}
OA_HAS_SOURCE = URIRef("http://www.w3.org/ns/oa#hasSource")
TITLE = "Mexico Increases Military Presence at U.S. Border to Combat Drug Trade"

PREFIXES = """
PREFIX kgb:    <https://w3id.org/kgborder/ontology#>
PREFIX id:     <https://w3id.org/kgborder/id/>
PREFIX art:    <https://w3id.org/kgborder/article/>
PREFIX schema: <https://schema.org/>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX oa:     <http://www.w3.org/ns/oa#>
PREFIX qudt:   <http://qudt.org/schema/qudt/>
PREFIX unit:   <http://qudt.org/vocab/unit/>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs:   <http://www.w3.org/2000/01/rdf-schema#>
"""


def simplify(graph: Graph, term: Node | None):
    """One value of an answer row as a plain Python value (see the module docstring)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        if term.startswith(ID):
            return term[len(ID):]
        if term.startswith(STATEMENT):
            return term.rsplit("/", 1)[1]
        return graph.namespace_manager.normalizeUri(term)
    if isinstance(term, Literal) and term.datatype in DATE_TYPES:
        return str(term)
    return term.toPython()


def answer(graph: Graph, sparql: str) -> set[tuple]:
    """The rows of a SPARQL answer as a set of tuples of plain Python values."""
    result = graph.query(PREFIXES + sparql)
    if result.type == "ASK":
        return {(result.askAnswer,)}
    return {tuple(simplify(graph, value) for value in row) for row in result}


CASES = [
    # --- Offices and employment ----------------------------------------------------------
    (
        "offices",
        "Who holds which office, in which organisation or for which place, and is it a former one?",
        """
        SELECT ?person ?role ?office ?place ?former WHERE {
          ?st a kgb:OfficeHolding ; kgb:subject ?person ; kgb:role ?role ; kgb:object ?office .
          OPTIONAL { ?st kgb:place ?place }
          OPTIONAL { ?st kgb:former ?f }
          BIND (COALESCE(?f, false) AS ?former)
        }""",
        {
            ("claudia-sheinbaum", "president", "mexico", None, False),
            ("donald-trump", "president", "united-states", None, False),
            ("luis-arturo-corrales-ley", "public safety commissioner", "nogales-sonora", None, False),
            ("michael-humphries", "official overseeing the Nogales crossing", "cbp",
             "nogales-crossing", False),
            ("guillermo-valdes-castellanos", "director", "mexico-national-intelligence-agency",
             None, True),
            ("david-hathaway", "sheriff", "santa-cruz-county", None, False),
            # "A U.S. Drug Enforcement Administration (DEA) officer"
            ("anonymous-dea-officer", "officer", "dea", None, False),
        },
    ),
    (
        "employment",
        "Who works for which organisation (without an office the article names)?",
        "SELECT ?person ?org WHERE { ?person kgb:worksFor ?org }",
        # "Carlos Matienzo of DataInt, a security consultancy"
        {("carlos-matienzo", "dataint")},
    ),
    # --- Agencies and forces: which country they belong to -------------------------------
    (
        "agencies-of-countries",
        "Which agency or force belongs to which country (statement and direct edge)?",
        """
        SELECT ?agency ?type ?country WHERE {
          ?st a kgb:Membership ; kgb:relation kgb:agencyOf ; kgb:subject ?agency ;
              kgb:object ?country .
          ?agency kgb:agencyOf ?country ; a ?type .
          ?country a kgb:Country .
          FILTER (?type IN (kgb:GovernmentAgency, kgb:SecurityForce))
        }""",
        {
            # "U.S. Customs and Border Protection (CBP)"
            ("cbp", "kgb:GovernmentAgency", "united-states"),
            # "A U.S. Drug Enforcement Administration (DEA) officer"
            ("dea", "kgb:GovernmentAgency", "united-states"),
            # "The U.S. has also reinforced its side of the border. The Department of Defense
            # has sent an additional 1,500 active-duty troops"
            ("us-department-of-defense", "kgb:GovernmentAgency", "united-states"),
            ("us-active-duty-troops", "kgb:SecurityForce", "united-states"),
            # "members of Mexico's National Guard"
            ("national-guard-mexico", "kgb:SecurityForce", "mexico"),
            # "former director of Mexico's national intelligence agency"
            ("mexico-national-intelligence-agency", "kgb:GovernmentAgency", "mexico"),
        },
    ),
    (
        "dea-not-mexican",
        "Is the DEA an agency of Mexico, or Mexico's National Guard one of the United States? (no)",
        "ASK { { id:dea kgb:agencyOf id:mexico } UNION "
        "{ id:national-guard-mexico kgb:agencyOf id:united-states } }",
        {(False,)},
    ),
    (
        "officials-of-countries",
        "Which people hold an office in an agency, and of which country is that agency?",
        """
        SELECT ?person ?role ?agency ?country ?former WHERE {
          ?st a kgb:OfficeHolding ; kgb:subject ?person ; kgb:object ?agency ; kgb:role ?role .
          ?agency kgb:agencyOf ?country .
          OPTIONAL { ?st kgb:former ?f }
          BIND (COALESCE(?f, false) AS ?former)
        }""",
        {
            ("michael-humphries", "official overseeing the Nogales crossing", "cbp",
             "united-states", False),
            ("anonymous-dea-officer", "officer", "dea", "united-states", False),
            ("guillermo-valdes-castellanos", "director", "mexico-national-intelligence-agency",
             "mexico", True),
        },
    ),
    (
        "deployers-own-forces",
        "Who deploys which force, of which country, and does the deployer act for that country "
        "(as its president or as one of its agencies)?",
        """
        SELECT ?who ?force ?country ?sameCountry WHERE {
          ?who kgb:deploys ?force . ?force kgb:agencyOf ?country .
          BIND (EXISTS { ?who kgb:holdsOffice|kgb:agencyOf ?country } AS ?sameCountry)
        }""",
        {
            # Mexico's president deploys Mexico's National Guard
            ("claudia-sheinbaum", "national-guard-mexico", "mexico", True),
            # the U.S. Department of Defense sends U.S. active-duty troops
            ("us-department-of-defense", "us-active-duty-troops", "united-states", True),
        },
    ),
    # --- Deployments ---------------------------------------------------------------------
    (
        "deployments",
        "Who deployed how many of whom, where, when (and was the date inferred), with what trend?",
        """
        SELECT ?who ?force ?n ?unitLabel ?place ?time ?inferred ?trend WHERE {
          ?st a kgb:Deployment ; kgb:relation kgb:deploys ; kgb:subject ?who ; kgb:object ?force .
          OPTIONAL { ?st kgb:quantity [ qudt:numericValue ?n ; kgb:unitLabel ?unitLabel ] }
          OPTIONAL { ?st kgb:place ?place }
          OPTIONAL { ?st kgb:time ?time }
          OPTIONAL { ?st kgb:timeInferred ?inferred }
          OPTIONAL { ?st kgb:trend ?trend }
        }""",
        {
            ("claudia-sheinbaum", "national-guard-mexico", 10000, "members", "us-mexico-border",
             "2025-02-04", True, None),
            ("us-department-of-defense", "us-active-duty-troops", 1500, "troops",
             "us-mexico-border", None, None, None),
        },
    ),
    (
        "sheinbaum-deployment-date",
        "On what date, of what type and precision, did Sheinbaum announce the deployment?",
        """
        SELECT ?time (DATATYPE(?time) AS ?type) ?precision ?qualifier ?inferred ?unit WHERE {
          ?st kgb:subject id:claudia-sheinbaum ; kgb:relation kgb:deploys ;
              kgb:time ?time ; kgb:timePrecision ?precision ; kgb:timeInferred ?inferred ;
              kgb:timeQualifier ?qualifier ; kgb:quantity/qudt:unit ?unit .
        }""",
        # "On February 4th, she announced the deployment": the date of the announcement
        {("2025-02-04", "xsd:date", "kgb:day", "announced", True, "unit:NUM")},
    ),
    (
        "reinforcements",
        "Who reinforces what, increasing what?",
        """
        SELECT ?who ?what ?theme ?trend WHERE {
          ?st a kgb:Deployment ; kgb:relation kgb:reinforces ; kgb:subject ?who ;
              kgb:object ?what .
          OPTIONAL { ?st kgb:theme ?theme }
          OPTIONAL { ?st kgb:trend ?trend }
        }""",
        {
            # the headline: "Mexico Increases Military Presence at U.S. Border"
            ("mexico", "us-mexico-border", "military-presence-at-border", "increase"),
            # "The U.S. has also reinforced its side of the border."
            ("united-states", "us-mexico-border", None, None),
        },
    ),
    (
        "deploy-edges",
        "Who deploys whom, and who reinforces what (direct edges)?",
        "SELECT ?who ?rel ?what WHERE { VALUES ?rel { kgb:deploys kgb:reinforces } ?who ?rel ?what }",
        {
            ("claudia-sheinbaum", "kgb:deploys", "national-guard-mexico"),
            ("us-department-of-defense", "kgb:deploys", "us-active-duty-troops"),
            ("mexico", "kgb:reinforces", "us-mexico-border"),
            ("united-states", "kgb:reinforces", "us-mexico-border"),
        },
    ),
    # --- Seizures ------------------------------------------------------------------------
    (
        "seized-amounts",
        "Who seized how much of what, in which unit, when and where?",
        """
        SELECT ?who ?what ?n ?unit ?unitLabel ?time ?place WHERE {
          ?st a kgb:Seizure ; kgb:subject ?who ; kgb:object ?what ;
              kgb:quantity [ qudt:numericValue ?n ; qudt:unit ?unit ; kgb:unitLabel ?unitLabel ] .
          OPTIONAL { ?st kgb:time ?time }
          OPTIONAL { ?st kgb:place ?place }
        }""",
        {
            ("cbp", "fentanyl", 10, "unit:TONNE", "tonnes", "2024", None),
            ("united-states", "fentanyl", 12, "unit:TONNE", "tonnes", "2023", "us-mexico-border"),
        },
    ),
    (
        "seized-shares",
        "What share of seized fentanyl was confiscated where, by whom and when?",
        """
        SELECT ?who ?place ?n ?unit ?approx ?time WHERE {
          ?st a kgb:Seizure ; kgb:subject ?who ; kgb:object id:fentanyl ; kgb:place ?place ;
              kgb:share [ qudt:numericValue ?n ; qudt:unit ?unit ; kgb:approximation ?approx ] .
          OPTIONAL { ?st kgb:time ?time }
        }""",
        {
            ("cbp", "nogales-crossing", 60, "unit:PERCENT", "about", "2024"),
            ("cbp", "arizona-sonora-crossings", 60, "unit:PERCENT", "about", "2024"),
            ("united-states", "legal-entry-points", 90, "unit:PERCENT", "more than", None),
        },
    ),
    (
        "share-of-total",
        "About 60% of which total: who seized it, how much and when?",
        """
        SELECT ?share ?who ?total ?unit ?time WHERE {
          ?st kgb:share/qudt:numericValue ?share ; kgb:about ?whole .
          ?whole kgb:subject ?who ; kgb:time ?time ;
                 kgb:quantity [ qudt:numericValue ?total ; qudt:unit ?unit ] .
        }""",
        {(60, "cbp", 10, "unit:TONNE", "2024")},
    ),
    (
        "seizure-change",
        "By how much did seizures at the border change in 2024, from what amount in which year?",
        """
        SELECT ?who ?place ?change ?trend ?time ?from ?fromUnit ?fromTime WHERE {
          ?st a kgb:Seizure ; kgb:subject ?who ; kgb:place ?place ; kgb:trend ?trend ;
              kgb:time ?time ; kgb:change/qudt:numericValue ?change ; kgb:about ?before .
          ?before kgb:time ?fromTime ;
                  kgb:quantity [ qudt:numericValue ?from ; qudt:unit ?fromUnit ] .
        }""",
        {("united-states", "us-mexico-border", -21, "decrease", "2024", 12, "unit:TONNE", "2023")},
    ),
    (
        "seizures-before-2024",
        "How had fentanyl seizures at the border developed before 2024, and until when?",
        """
        SELECT ?who ?what ?place ?trend ?until (DATATYPE(?until) AS ?type) ?precision ?time
        WHERE {
          ?st a kgb:Seizure ; kgb:subject ?who ; kgb:object ?what ; kgb:place ?place ;
              kgb:trend ?trend ; kgb:until ?until ; kgb:untilPrecision ?precision .
          OPTIONAL { ?st kgb:time ?time }
        }""",
        # "After years of rising numbers, fentanyl seizures at the U.S.-Mexico border fell in
        # 2024": they rose until 2023, with no single year of their own
        {("united-states", "fentanyl", "us-mexico-border", "increase", "2023", "xsd:gYear",
          "kgb:year", None)},
    ),
    (
        "shares-and-changes",
        "Every share and percent change in the article, with its bound and year.",
        """
        SELECT ?st ?kind ?n ?unit ?approx ?time WHERE {
          VALUES ?kind { kgb:share kgb:change }
          ?st ?kind ?value .
          ?value qudt:numericValue ?n ; qudt:unit ?unit .
          OPTIONAL { ?value kgb:approximation ?approx }
          OPTIONAL { ?st kgb:time ?time }
        }""",
        {
            ("cbp-seizures-at-arizona-sonora-crossings-2024", "kgb:share", 60, "unit:PERCENT",
             "about", "2024"),
            ("us-seizures-at-legal-entry-points", "kgb:share", 90, "unit:PERCENT", "more than",
             None),
            ("border-seizures-fell-2024", "kgb:change", -21, "unit:PERCENT", None, "2024"),
            ("overdose-deaths-fell-2024", "kgb:change", -30, "unit:PERCENT", "about", "2024"),
        },
    ),
    (
        "overdose-deaths",
        "How did deaths from synthetic-opioid overdoses in the United States change, and when?",
        """
        SELECT ?where ?theme ?measure ?change ?approx ?trend ?time WHERE {
          ?st a kgb:Measurement ; kgb:subject ?where ; kgb:theme ?theme ; kgb:measure ?measure ;
              kgb:change [ qudt:numericValue ?change ; kgb:approximation ?approx ] ;
              kgb:trend ?trend ; kgb:time ?time .
        }""",
        {("united-states", "synthetic-opioids", "deaths attributed to synthetic-opioid overdoses",
          -30, "about", "decrease", "2024")},
    ),
    # --- Crossings -----------------------------------------------------------------------
    (
        "crossings",
        "How many crossings into the United States did the Nogales crossing see, and when?",
        """
        SELECT ?where ?measure ?n ?unit ?unitLabel ?approx ?time ?precision WHERE {
          ?st a kgb:Measurement ; kgb:subject ?where ; kgb:measure ?measure ;
              kgb:time ?time ; kgb:timePrecision ?precision ;
              kgb:quantity [ qudt:numericValue ?n ; qudt:unit ?unit ; kgb:unitLabel ?unitLabel ;
                             kgb:approximation ?approx ] .
          FILTER (?unitLabel = "crossings")
        }""",
        {("nogales-crossing", "crossings into the United States", 10600000, "unit:NUM",
          "crossings", "about", "2024", "kgb:year")},
    ),
    # --- The tariff threat and its delay -------------------------------------------------
    (
        "tariff-threat",
        "Who threatens tariffs on whom, concerning what?",
        """
        SELECT ?who ?on ?theme WHERE {
          ?st a kgb:TariffThreat ; kgb:subject ?who ; kgb:object ?on ; kgb:theme ?theme .
        }""",
        {("donald-trump", "mexico", "tariffs-on-mexican-imports")},
    ),
    (
        "tariff-delay",
        "Until when were the threatened tariffs delayed, and what threat does the delay concern?",
        """
        SELECT ?who ?on ?until (DATATYPE(?until) AS ?type) ?precision ?qualifier ?threat
               ?threatRelation WHERE {
          ?st a kgb:TariffDelay ; kgb:subject ?who ; kgb:object ?on ;
              kgb:until ?until ; kgb:untilPrecision ?precision ; kgb:about ?threat .
          ?threat kgb:relation ?threatRelation .
          OPTIONAL { ?st kgb:timeQualifier ?qualifier }
        }""",
        {("donald-trump", "mexico", "2025-03", "xsd:gYearMonth", "kgb:month", "early",
          "trump-threatens-tariffs", "kgb:threatensTariffsOn")},
    ),
    (
        "tariff-delay-cause",
        "What led Trump to delay the tariffs: who deployed how many of whom, and when?",
        """
        SELECT ?who ?force ?n ?time WHERE {
          ?delay kgb:relation kgb:delaysTariffsOn ; kgb:causedBy ?cause .
          ?cause kgb:relation kgb:deploys ; kgb:subject ?who ; kgb:object ?force ;
                 kgb:quantity/qudt:numericValue ?n ; kgb:time ?time .
        }""",
        {("claudia-sheinbaum", "national-guard-mexico", 10000, "2025-02-04")},
    ),
    # --- The U.S. side -------------------------------------------------------------------
    (
        "national-emergency",
        "Who labeled what a national emergency, and where?",
        """
        SELECT ?who ?where ?theme WHERE {
          ?st a kgb:EmergencyDeclaration ; kgb:subject ?who ; kgb:object ?where ;
              kgb:theme ?theme .
        }""",
        {("donald-trump", "us-mexico-border", "national-emergency")},
    ),
    (
        "troops-counter",
        "What do the Department of Defense's troops counter, and who declared it?",
        """
        SELECT ?force ?n ?declarer ?theme WHERE {
          ?st kgb:subject id:us-department-of-defense ; kgb:object ?force ;
              kgb:quantity/qudt:numericValue ?n ; kgb:about ?emergency .
          ?emergency a kgb:EmergencyDeclaration ; kgb:subject ?declarer ; kgb:theme ?theme .
        }""",
        {("us-active-duty-troops", 1500, "donald-trump", "national-emergency")},
    ),
    (
        "airborne-surveillance",
        "Who surveils whom, by what method, and is it increasing?",
        """
        SELECT ?who ?whom ?method ?trend WHERE {
          ?st a kgb:Surveillance ; kgb:subject ?who ; kgb:object ?whom ; kgb:method ?method ;
              kgb:trend ?trend .
        }""",
        {("united-states", "drug-cartels", "airborne-surveillance", "increase")},
    ),
    # --- Smuggling and concealment -------------------------------------------------------
    (
        "smuggling-methods",
        "By what means do the cartels smuggle what, according to whom?",
        """
        SELECT ?who ?method ?what ?source WHERE {
          ?st kgb:relation kgb:smugglesUsing ; kgb:subject ?who ; kgb:object ?method ;
              kgb:theme ?what ; kgb:accordingTo ?source .
          ?method a kgb:SmugglingMethod .
        }""",
        {
            ("drug-cartels", method, "drugs", "anonymous-dea-officer")
            for method in ("cars", "trucks", "planes", "human-couriers", "tunnels")
        },
    ),
    (
        "concealment-methods",
        "Where do traffickers hide what, according to whom?",
        """
        SELECT ?who ?hiding ?what ?source WHERE {
          ?st a kgb:Concealment ; kgb:subject ?who ; kgb:object ?hiding ; kgb:theme ?what ;
              kgb:accordingTo ?source .
          ?hiding a kgb:ConcealmentMethod .
        }""",
        {
            ("traffickers", "petrol-tanks", "drugs", "michael-humphries"),
            ("traffickers", "spare-tires", "drugs", "michael-humphries"),
            ("traffickers", "hollowed-out-tortilla-stacks", "fentanyl", "michael-humphries"),
            ("traffickers", "truck-axles", "fentanyl", "michael-humphries"),
        },
    ),
    (
        "humphries-shows-tactics",
        "Which concealment statements do Humphries's posts show?",
        """
        SELECT ?shown WHERE {
          ?st kgb:speaker id:michael-humphries ; kgb:about ?shown .
          ?shown a kgb:Concealment .
        }""",
        {("traffickers-hide-drugs",), ("traffickers-hide-fentanyl",)},
    ),
    (
        "smuggling-route",
        "Through which place is fentanyl smuggled?",
        """
        SELECT ?what ?through WHERE {
          ?st kgb:relation kgb:smuggledThrough ; kgb:subject ?what ; kgb:object ?through .
          ?what kgb:smuggledThrough ?through .
        }""",
        {("fentanyl", "nogales-crossing")},
    ),
    (
        "who-smuggles",
        "Who smuggles what, according to whom, and which of these does the article deny?",
        """
        SELECT ?who ?what ?source ?negated WHERE {
          ?st kgb:relation kgb:smuggles ; kgb:subject ?who ; kgb:object ?what .
          OPTIONAL { ?st kgb:accordingTo ?source }
          OPTIONAL { ?st kgb:negated ?n }
          BIND (COALESCE(?n, false) AS ?negated)
        }""",
        {
            ("drug-cartels", "drugs", "anonymous-dea-officer", False),
            ("american-citizens", "fentanyl", None, False),
            ("migrants", "fentanyl", None, True),
        },
    ),
    (
        "fentanyl-smugglers-edges",
        "Who smuggles fentanyl (direct edges: American citizens, not migrants)?",
        "SELECT ?who WHERE { ?who kgb:smuggles id:fentanyl }",
        {("american-citizens",)},
    ),
    # --- Quotations ----------------------------------------------------------------------
    (
        "quotations",
        "Every quotation: its speaker, the speaker's role (where an office is stated), "
        "what it is on, and its words.",
        """
        SELECT ?speaker ?role ?on ?words WHERE {
          ?q a kgb:Quotation ; kgb:speaker ?speaker ; kgb:object ?on ; kgb:words ?words .
          OPTIONAL { ?office a kgb:OfficeHolding ; kgb:subject ?speaker ; kgb:role ?role }
        }""",
        {
            ("anonymous-dea-officer", "officer", "border-security", "not a panacea"),
            ("anonymous-dea-officer", "officer", "drug-cartels", "The cartels are resourceful"),
            ("anonymous-dea-officer", "officer", "drug-cartels",
             "They smuggle drugs using cars, trucks, planes, people, tunnels—whatever it takes."),
            ("guillermo-valdes-castellanos", "director", "fentanyl-production",
             "It can be manufactured in any kitchen"),
            ("carlos-matienzo", None, "claudia-sheinbaum",
             "signaling to Americans that we’re willing to help"),
            ("luis-arturo-corrales-ley", "public safety commissioner", "sonora",
             "springboard for drugs"),
            ("david-hathaway", "sheriff", "drug-trade", "People need a change of heart"),
            ("david-hathaway", "sheriff", "morality", "We cannot legislate morality."),
        },
    ),
    (
        "quotations-verbatim",
        "Which quotations' words are not verbatim in the article's text? (none)",
        """
        SELECT ?q WHERE {
          ?q a kgb:Quotation ; kgb:words ?words ; prov:wasDerivedFrom ?article .
          ?article schema:text ?text .
          FILTER (!CONTAINS(?text, ?words))
        }""",
        set(),
    ),
    (
        "speaker-is-subject",
        "Which statements have a speaker that is not also their subject? (none)",
        "SELECT ?st WHERE { ?st kgb:speaker ?who FILTER NOT EXISTS { ?st kgb:subject ?who } }",
        set(),
    ),
    (
        "quoted-speakers",
        "Whom does the article quote?",
        "SELECT ?who WHERE { art:mexico-border-military-presence kgb:quotes ?who }",
        {
            ("anonymous-dea-officer",), ("guillermo-valdes-castellanos",), ("carlos-matienzo",),
            ("luis-arturo-corrales-ley",), ("david-hathaway",),
        },
    ),
    (
        "matienzo-on-deployment",
        "Which deployment does Matienzo say is about signaling to Americans?",
        """
        SELECT ?who ?force WHERE {
          ?q kgb:speaker id:carlos-matienzo ; a kgb:Quotation ; kgb:about ?deployment .
          ?deployment kgb:subject ?who ; kgb:object ?force .
        }""",
        {("claudia-sheinbaum", "national-guard-mexico")},
    ),
    # --- Explanations, agreement and criticism -------------------------------------------
    (
        "decline-causes",
        "Who attributes the declines to what, and to what not?",
        """
        SELECT ?who ?cause ?negated WHERE {
          ?st a kgb:CausalClaim ; kgb:subject ?who ; kgb:object ?cause .
          OPTIONAL { ?st kgb:negated ?n }
          BIND (COALESCE(?n, false) AS ?negated)
        }""",
        {
            ("carlos-matienzo", "health-policy-shifts", False),
            ("carlos-matienzo", "production-controls", False),
            ("carlos-matienzo", "deaths-of-fentanyl-users", False),
            ("carlos-matienzo", "military-presence-at-border", True),
        },
    ),
    (
        "declines-explained",
        "Which declines do those attributions concern, by how much and when?",
        """
        SELECT DISTINCT ?decline ?change ?time WHERE {
          ?st a kgb:CausalClaim ; kgb:about ?decline .
          ?decline kgb:trend "decrease" ; kgb:change/qudt:numericValue ?change ; kgb:time ?time .
        }""",
        {("border-seizures-fell-2024", -21, "2024"), ("overdose-deaths-fell-2024", -30, "2024")},
    ),
    (
        "decline-cause-edges",
        "To what does Matienzo attribute the declines (direct edges, without the denied cause)?",
        "SELECT ?cause WHERE { id:carlos-matienzo kgb:attributesDeclineTo ?cause }",
        {("health-policy-shifts",), ("production-controls",), ("deaths-of-fentanyl-users",)},
    ),
    (
        "agreement",
        "Who agrees with whom, on what?",
        """
        SELECT ?who ?with ?words WHERE {
          ?st a kgb:Agreement ; kgb:subject ?who ; kgb:object ?with ; kgb:words ?words .
          ?who kgb:agreesWith ?with .
        }""",
        {("luis-arturo-corrales-ley", "carlos-matienzo",
          "Mexico has not fundamentally altered its fentanyl-combat strategy")},
    ),
    (
        "agreement-about",
        "What does Corrales agree with: whose words, on what, and about which deployment?",
        """
        SELECT ?who ?with ?quotation ?words ?on ?deployer ?force WHERE {
          ?st a kgb:Agreement ; kgb:subject ?who ; kgb:object ?with ; kgb:about ?quotation .
          ?quotation a kgb:Quotation ; kgb:speaker ?with ; kgb:words ?words ; kgb:object ?on ;
                     kgb:about ?deployment .
          ?deployment kgb:subject ?deployer ; kgb:object ?force .
        }""",
        # "Sheinbaum's military deployment is more about "signaling to Americans that we're
        # willing to help," says Matienzo. Corrales, the public safety commissioner, concurs"
        {("luis-arturo-corrales-ley", "carlos-matienzo", "matienzo-signaling",
          "signaling to Americans that we’re willing to help", "claudia-sheinbaum",
          "claudia-sheinbaum", "national-guard-mexico")},
    ),
    (
        "criticism",
        "Who questions the military build-up, arguing what?",
        """
        SELECT ?who ?what ?words WHERE {
          ?st a kgb:Criticism ; kgb:subject ?who ; kgb:object ?what ; kgb:words ?words .
          ?who kgb:questions ?what .
        }""",
        {("david-hathaway", "military-presence-at-border", "it is more disruptive than beneficial")},
    ),
    # --- Places --------------------------------------------------------------------------
    (
        "located-in-closure",
        "Where does each place lie, directly or transitively?",
        "SELECT ?place ?within WHERE { ?place kgb:locatedIn+ ?within }",
        {
            ("nogales-arizona", "santa-cruz-county"),
            ("nogales-arizona", "arizona"),
            ("nogales-arizona", "united-states"),
            ("santa-cruz-county", "arizona"),
            ("santa-cruz-county", "united-states"),
            ("arizona", "united-states"),
            ("nogales-sonora", "sonora"),
            ("nogales-sonora", "mexico"),
            ("sonora", "mexico"),
            ("nogales-crossing", "us-mexico-border"),
        },
    ),
    (
        "city-country",
        "In which country does each city lie?",
        """
        SELECT ?city ?country WHERE {
          ?city a kgb:City ; kgb:locatedIn+ ?country . ?country a kgb:Country .
        }""",
        {("nogales-arizona", "united-states"), ("nogales-sonora", "mexico")},
    ),
    (
        "nogales-arizona-not-in-mexico",
        "Does Nogales, Arizona lie in Mexico? (no)",
        "ASK { id:nogales-arizona kgb:locatedIn+ id:mexico }",
        {(False,)},
    ),
    (
        "nogales-crossing",
        "What does the Nogales crossing connect, and what is it part of?",
        """
        SELECT ?rel ?place WHERE {
          VALUES ?rel { kgb:connects kgb:partOf } id:nogales-crossing ?rel ?place .
        }""",
        {
            ("kgb:connects", "nogales-sonora"), ("kgb:connects", "nogales-arizona"),
            ("kgb:connects", "sonora"), ("kgb:connects", "arizona"),
            ("kgb:partOf", "legal-entry-points"),
        },
    ),
    # --- Article metadata and provenance -------------------------------------------------
    (
        "article-metadata",
        "What is the article's title and date, and was the date inferred?",
        """
        SELECT ?title ?date (DATATYPE(?date) AS ?type) ?inferred WHERE {
          ?article a kgb:Article ; schema:headline ?title ; schema:datePublished ?date ;
                   kgb:dateInferred ?inferred .
        }""",
        {(TITLE, "2025-02", "xsd:gYearMonth", True)},
    ),
    (
        "statements-without-evidence",
        "Which statements have no evidence quote? (none)",
        """
        SELECT ?st WHERE {
          ?st a kgb:Statement .
          FILTER NOT EXISTS {
            ?st kgb:evidence/oa:hasTarget [ oa:hasSource ?article ;
                                            oa:hasSelector/oa:exact ?exact ] .
            ?st prov:wasDerivedFrom ?article .
          }
        }""",
        set(),
    ),
    (
        "statement-labels",
        "What are some statements called: participants, then number, trend, place and time?",
        """
        PREFIX st: <https://w3id.org/kgborder/statement/mexico-border-military-presence/>
        SELECT ?st ?label WHERE {
          VALUES ?st { st:cbp-seizes-fentanyl-2024 st:border-seizures-rose-before-2024
                       st:cbp-agency-of-us st:matienzo-signaling }
          ?st rdfs:label ?label .
        }""",
        {
            # "the ten tonnes of fentanyl seized by U.S. Customs and Border Protection (CBP) in
            # 2024"
            ("cbp-seizes-fentanyl-2024",
             "U.S. Customs and Border Protection – seizes – Fentanyl (10 tonnes; 2024)"),
            # "After years of rising numbers, fentanyl seizures at the U.S.-Mexico border fell
            # in 2024"
            ("border-seizures-rose-before-2024",
             "United States – seizes – Fentanyl (increase; at U.S.-Mexico border; until 2023)"),
            ("cbp-agency-of-us",
             "U.S. Customs and Border Protection – is an agency of – United States"),
            # a quotation is named by its speaker and words
            ("matienzo-signaling",
             'Carlos Matienzo: "signaling to Americans that we’re willing to help"'),
        },
    ),
    (
        "statement-labels-unique",
        "Which two statements share a label? (none)",
        """
        SELECT ?a ?b WHERE {
          ?a a kgb:Statement ; rdfs:label ?label . ?b a kgb:Statement ; rdfs:label ?label .
          FILTER (STR(?a) < STR(?b))
        }""",
        set(),
    ),
    (
        "statements-without-source",
        "Which statements are not derived from the article? (none)",
        """
        SELECT ?st WHERE {
          ?st a kgb:Statement .
          FILTER NOT EXISTS { ?st prov:wasDerivedFrom art:mexico-border-military-presence }
        }""",
        set(),
    ),
    # --- The two layers ------------------------------------------------------------------
    (
        "missing-direct-edges",
        "Which non-negated statements with subject, relation and object lack their direct edge? "
        "(none)",
        """
        SELECT ?st ?o WHERE {
          ?st a kgb:Statement ; kgb:subject ?s ; kgb:relation ?relation ; kgb:object ?o .
          FILTER NOT EXISTS { ?st kgb:negated true }
          FILTER NOT EXISTS { ?s ?relation ?o }
        }""",
        set(),
    ),
    (
        "negated-statements",
        "Which statements does the article deny?",
        "SELECT ?st WHERE { ?st a kgb:Statement ; kgb:negated true }",
        {("migrants-do-not-smuggle-fentanyl",), ("matienzo-not-military",)},
    ),
    (
        "negated-edges",
        "Which negated statements have a direct edge all the same? (none)",
        """
        SELECT ?st WHERE {
          ?st kgb:negated true ; kgb:subject ?s ; kgb:relation ?relation ; kgb:object ?o .
          ?s ?relation ?o .
        }""",
        set(),
    ),
]


@pytest.mark.parametrize(
    ("question", "sparql", "expected"),
    [pytest.param(question, sparql, expected, id=name) for name, question, sparql, expected in CASES],
)
def test_competency_question(graph, question, sparql, expected):
    assert answer(graph, sparql) == expected, question


def test_evidence_positions_match_quotes(graph):
    """For every evidence target, the article's text between oa:start and oa:end is the
    oa:exact of the quote selector beside it, and oa:prefix / oa:suffix surround it."""
    rows = graph.query(PREFIXES + """
        SELECT ?target ?text ?start ?end ?exact ?prefix ?suffix WHERE {
          ?target oa:hasSource ?article ;
                  oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ,
                                 [ a oa:TextQuoteSelector ; oa:exact ?exact ;
                                   oa:prefix ?prefix ; oa:suffix ?suffix ] .
          ?article schema:text ?text .
        }""")
    checked = 0
    for target, text, start, end, exact, prefix, suffix in rows:
        text, start, end = str(text), int(start), int(end)
        assert text[start:end] == str(exact), target
        assert text[:start].endswith(str(prefix)), target
        assert text[end:].startswith(str(suffix)), target
        checked += 1
    targets = set(graph.subjects(OA_HAS_SOURCE, None))
    assert checked == len(targets) > 0
