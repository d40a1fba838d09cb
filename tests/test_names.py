"""kgborder.names: keys, resolving a name to its entity, suggestions, near-duplicates, ids and
the IRI checks, on small hand-made registries (no project, no store)."""
from __future__ import annotations

import pytest

from kgborder.names import (
    ID_BASE,
    NOT_HTTP,
    Entity,
    NearDuplicates,
    UnknownName,
    did_you_mean,
    fold,
    iri_problem,
    is_id,
    local_name,
    name_key,
    near_duplicate,
    prefixed_name,
    resolve,
    slugify,
    suggestions,
    word_forms,
)
from kgborder.text import clip, compact_number, decimal_text, one_line, spoken_number

SHEINBAUM = Entity(ID_BASE + "claudia-sheinbaum", "Claudia Sheinbaum", "Person", ("Sheinbaum",))
DEA = Entity(ID_BASE + "dea", "Drug Enforcement Administration", "GovernmentAgency", ("the DEA",))
GUARD_MX = Entity(ID_BASE + "guardia-nacional", "National Guard (Mexico)", "SecurityForce", ("Guardia Nacional",))
NOGALES_AZ = Entity(ID_BASE + "nogales-arizona", "Nogales", "City", ("Nogales, Arizona",))
NOGALES_SON = Entity(ID_BASE + "nogales-sonora", "Nogales", "City", ("Nogales, Sonora",))
OTHER = Entity("http://example.org/thing", "Thing")
KNOWN = {e.iri: e for e in (SHEINBAUM, DEA, GUARD_MX, NOGALES_AZ, NOGALES_SON, OTHER)}


# --- keys -------------------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("Claudia Sheinbaum", "claudia sheinbaum"),
    ("Ciudad Juárez", "ciudad juarez"),
    ("Sheinbaum\u2019s", "sheinbaum's"),
    ("  Nogales,\n  Sonora ", "nogales, sonora"),
    ("STRASSE", "strasse"),
])
def test_fold_sets_case_accents_quotes_and_spacing_aside(a, b):
    assert fold(a) == fold(b) == b


def test_name_key_also_sets_a_leading_the_aside():
    assert name_key("The DEA") == name_key("dea") == "dea"
    assert name_key("Theresa May") == "theresa may"  # a word that starts with "the" is kept
    assert fold("the DEA") == "the dea"


# --- resolution -------------------------------------------------------------------------------

@pytest.mark.parametrize("name,entity", [
    ("Claudia Sheinbaum", SHEINBAUM),           # the label
    ("  claudia  SHEINBAUM ", SHEINBAUM),       # case and spacing aside
    ("Sheinbaum", SHEINBAUM),                   # an alias
    ("DEA", DEA),                               # an alias, its "the" aside
    ("the Drug Enforcement Administration", DEA),
    ("dea", DEA),                               # the id
    ("id:guardia-nacional", GUARD_MX),          # the id as a prefixed name
    (ID_BASE + "dea", DEA),                     # the IRI
    (f"<{ID_BASE}dea>", DEA),                   # the IRI in angle brackets
    ("Nogales, Sonora", NOGALES_SON),           # an alias tells two Nogales apart
    ("http://example.org/thing", OTHER),        # an entity outside kgborder's namespace
])
def test_resolve_by_label_alias_id_or_iri(name, entity):
    assert resolve(name, KNOWN) == entity


def test_an_ambiguous_name_lists_the_entities_and_suggests_their_ids():
    with pytest.raises(UnknownName) as caught:
        resolve("nogales", KNOWN)
    assert str(caught.value) == ("'nogales' names 2 entities: Nogales (nogales-arizona), Nogales (nogales-sonora); "
                                 "give the id")
    assert sorted(caught.value.suggestions) == ["nogales-arizona", "nogales-sonora"]


def test_an_unknown_name_suggests_close_and_containing_names():
    with pytest.raises(UnknownName) as caught:
        resolve("Sheinbam", KNOWN)
    assert str(caught.value) == "no entity named 'Sheinbam'; did you mean 'Claudia Sheinbaum'?"
    assert caught.value.suggestions == ("Claudia Sheinbaum",)
    assert suggestions("guard", KNOWN) == ["National Guard (Mexico)"]  # contained, not close


def test_an_unknown_name_with_nothing_close_says_where_to_look():
    with pytest.raises(UnknownName) as caught:
        resolve("Zzyzx", KNOWN)
    assert str(caught.value) == "no entity named 'Zzyzx'; 'kgborder analyze --top 0' lists every linked entity"
    assert caught.value.suggestions == ()
    with pytest.raises(UnknownName, match=r"^no entity named 'Zzyzx'; try another$"):
        resolve("Zzyzx", KNOWN, otherwise="; try another")


def test_the_analysis_raises_its_own_error_for_the_same_problem():
    from kgborder.analysis import AnalysisError, UnknownEntity, resolve_entity

    with pytest.raises(UnknownEntity) as caught:
        resolve_entity("Sheinbam", KNOWN)
    assert isinstance(caught.value, AnalysisError) and isinstance(caught.value, UnknownName)
    assert caught.value.suggestions == ("Claudia Sheinbaum",)


def test_id_base_is_the_entities_namespace():
    from kgborder.namespaces import ID

    assert ID_BASE == str(ID)


def test_entity_id_and_dict():
    assert SHEINBAUM.id == "claudia-sheinbaum" and OTHER.id == OTHER.iri
    assert DEA.to_dict() == {"id": "dea", "iri": ID_BASE + "dea", "label": "Drug Enforcement Administration",
                             "type": "GovernmentAgency"}


def test_did_you_mean_offers_the_closest_word_or_the_fallback():
    assert did_you_mean("deplois", ["deploys", "seizes"]) == "; did you mean 'deploys'?"
    assert did_you_mean("zzz", ["deploys"], " (known: deploys)") == " (known: deploys)"


# --- near-duplicates --------------------------------------------------------------------------

REGISTRY = [("Claudia Sheinbaum", "claudia-sheinbaum"), ("Sheinbaum", "claudia-sheinbaum"),
            ("Katie Hobbs", "katie-hobbs"), ("Nogales, Arizona", "nogales-arizona")]


@pytest.mark.parametrize("name,expected", [
    ("Claudia Sheinbam", "claudia-sheinbaum"),     # a new spelling
    ("Governor Katie Hobbs", "katie-hobbs"),       # holds every word of a registered name
    ("claudia sheinbaum", None),                   # registered as it is, case aside
    ("Nogales, Sonora", None),                     # alike, but not enough
    ("Drug Enforcement Administration", None),
])
def test_near_duplicates(name, expected):
    assert near_duplicate(name, REGISTRY) == expected


def test_near_duplicates_keeps_each_answer():
    similar = NearDuplicates(REGISTRY)
    assert similar("Claudia Sheinbam") == "claudia-sheinbaum"
    assert similar.answers == {"Claudia Sheinbam": "claudia-sheinbaum"}


# --- ids and slugs ----------------------------------------------------------------------------

@pytest.mark.parametrize("text,ok", [
    ("claudia-sheinbaum", True), ("dea", True), ("2025-tariffs", True),
    ("Claudia", False), ("a--b", False), ("-a", False), ("a-", False), ("", False), ("a b", False),
    ("abc\n", False),  # the whole text: a line end is not part of an id
    ("é", False),
])
def test_is_id(text, ok):
    assert is_id(text) is ok


def test_is_id_with_a_length_limit():
    assert is_id("a" * 100, 100) and not is_id("a" * 101, 100) and is_id("a" * 101)


@pytest.mark.parametrize("text,slug", [
    ("Mexico deploys 10,000 troops", "mexico-deploys-10-000-troops"),
    ("Ciudad Juárez: ¿qué pasa?", "ciudad-juarez-que-pasa"),
    ("—", "article"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug and is_id(slug)


def test_slugify_limit_and_empty():
    assert slugify("word " * 30, limit=12) == "word-word"  # never half a word
    assert slugify("word " * 30, limit=14) == "word-word-word"  # a word ending at the limit stays
    assert slugify("Supercalifragilistic", limit=5) == "super"  # one word longer than the limit: cut
    assert slugify("aaaa-bbbb", limit=5) == "aaaa"  # no trailing '-'
    assert slugify("!!", empty="entity") == "entity"


# --- IRIs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("iri", ["https://example.org/a", "http://example.org/a#b", "urn:x:y", "mailto:a@b.org",
                                 "https://example.org/caf\u00e9"])
def test_iri_problem_takes_absolute_iris(iri):
    assert iri_problem(iri) is None


@pytest.mark.parametrize("iri", ["example.org/a", "//example.org/a", "https://example.org/a b",
                                 "https://example.org/a>b", "https://example.org/a\n", "https://example.org/\x7f",
                                 "http://[x/", "https://example.org/%zz", ""])
def test_iri_problem_refuses_what_cannot_be_stored_or_written(iri):
    assert iri_problem(iri)


def test_iri_problem_http_only():
    assert iri_problem("javascript:alert(1)", http_only=True) == NOT_HTTP
    assert iri_problem("urn:x", http_only=True) == NOT_HTTP
    assert iri_problem("https://example.org/a", http_only=True) is None
    assert iri_problem("https://example.org/a>", http_only=True) not in (None, NOT_HTTP)


@pytest.mark.parametrize("iri,local", [
    ("https://w3id.org/kgborder/ontology#Person", "Person"),
    ("http://qudt.org/vocab/unit/KiloGM", "KiloGM"),
    ("https://example.org/a/", "a"),
    ("urn:isbn:123", "123"),
    ("https://dbpedia.org/resource/Category:Mexico", "Category:Mexico"),
    ("plain", "plain"),
])
def test_local_name(iri, local):
    assert local_name(iri) == local


def test_prefixed_name():
    assert prefixed_name(ID_BASE + "dea") == "id:dea"
    assert prefixed_name("https://w3id.org/kgborder/ontology#Person") == "kgb:Person"
    assert prefixed_name("https://example.org/x") is None
    assert prefixed_name("https://example.org/x", {"ex": "https://example.org/", "exx": "https://example.org/x"}) \
        == "exx:"


# --- text -------------------------------------------------------------------------------------

def test_clip():
    assert clip("short", 10) == "short"
    assert clip("Mexico City and more", 8) == "Mexico\u2026"          # the space before the cut dropped
    assert clip("Mexico City and more", 8, tidy=False) == "Mexico \u2026"
    assert one_line("a\n  b   c d e f", 6) == "a b c\u2026"
    assert len(clip("x" * 50, 10)) == 10


def test_numbers():
    from decimal import Decimal

    assert decimal_text(Decimal("10600000.0")) == "10600000"
    assert decimal_text(Decimal("10600000.0"), grouped=True) == "10,600,000"
    assert decimal_text(Decimal("-21.50")) == "-21.5"
    assert spoken_number(10_600_000) == "10.6 million" and spoken_number(12000) == "12,000"
    assert spoken_number(0.5) == "0.5"
    assert compact_number(10_600_000) == "10.6M" and compact_number(12000) == "12k" and compact_number(7) == "7"


# --- the four places that take an IRI from a person ------------------------------------------

REFUSED = ["https://example.org/a\n", "https://example.org/a b", "https://example.org/a>b", 'https://example.org/"',
           "https://example.org/\x7f", "https://example.org/\x85", "https://example.org/%zz", "http://[x/",
           "https://example.org/a#b#c", "relative/path", ""]


@pytest.mark.parametrize("iri", REFUSED)
def test_every_iri_check_refuses_what_iri_problem_refuses(iri, tmp_path):
    """The curation's links, a query's IRI parameter, `load --graph` and `push --graph` all
    judge by iri_problem, each in its own words."""
    from kgborder.curation import check_iri
    from kgborder.errors import StoreError
    from kgborder.query import QueryError, to_term
    from kgborder.remote import RemoteError
    from kgborder.remote import check_iri as check_graph
    from kgborder.store import load_files

    assert iri_problem(iri)
    assert check_iri(iri)
    with pytest.raises(QueryError, match="is not a valid IRI"):
        to_term(f"<{iri}>", "iri")
    data = tmp_path / "data.ttl"
    data.write_text("", encoding="utf-8")
    with pytest.raises(StoreError, match="not an absolute IRI"):
        load_files(tmp_path / "store", [data], graph=iri)
    with pytest.raises(RemoteError, match="is not an absolute IRI"):
        check_graph(iri)


def test_only_the_curation_takes_http_alone():
    from kgborder.curation import check_iri
    from kgborder.query import to_term
    from kgborder.remote import check_iri as check_graph

    assert check_iri("urn:example:a") == "is not an http(s) IRI"
    assert str(to_term("<urn:example:a>", "iri")) == "urn:example:a"
    assert check_graph("urn:example:a") == "urn:example:a"


@pytest.mark.parametrize("name, other", [
    ("Migrants", "Migrant"),
    ("drug", "drugs"),
    ("city", "cities"),
    ("Loads of cucumbers", "Load of cucumbers"),  # the head is the word before "of"
    ("Ports of entry", "Port of entry"),
    ("Migrant shelter in Agua Prieta", "Migrant shelters in Agua Prieta"),
    ("Trailers loaded with squash", "Trailer loaded with squash"),  # the noun before the participle
    ("Drugs seized at the border", "Drug seized at the border"),
])
def test_word_forms_give_the_other_number_of_the_head(name, other):
    assert word_forms(name) == (name, other)


def test_a_name_in_capitals_has_one_form():
    assert word_forms("CBP") == ("CBP",)

