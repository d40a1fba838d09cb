"""The registry stays whole while the corpus grows, tried as a curator would with the real CLI:
`kgborder add`, an edit of the draft, `kgborder build`, and `add` again.

Every article text here is written for these tests (each says so in its first line).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, Namespace, URIRef

KGB = Namespace("https://w3id.org/kgborder/ontology#")
ID = Namespace("https://w3id.org/kgborder/id/")

ARTICLES = Path("graph") / "articles"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def article(tmp_path: Path, name: str, body: str, header: str = "") -> Path:
    """An article text written for these tests."""
    return write(tmp_path / name, header + "TEST ARTICLE - written for kgborder's tests.\n\n" + body + "\n")


@pytest.fixture
def cli(run_in_project):
    """run() in the temporary project (conftest.py); ``cli.project`` is its directory."""
    return run_in_project


def drafts(project: Path) -> set[str]:
    return {p.stem for p in (project / ARTICLES).glob("*.yaml")}


def load(project: Path, slug: str) -> dict:
    return yaml.safe_load((project / ARTICLES / f"{slug}.yaml").read_text(encoding="utf-8"))


def save(project: Path, slug: str, data: dict) -> None:
    """The draft with the curator's changes, its header comments kept."""
    path = project / ARTICLES / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("article:")] + yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")


def built(project: Path) -> Graph:
    return Graph().parse(project / "graph" / "kgborder.ttl")


QUOTE = ('Inspectors at the Nogales crossing found more fentanyl this week. "The cartels keep changing their '
         'routes," said Michael Humphries, the port director.')


# --- slugs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("title,slug", [
    # at most 60 characters, cut where a word ends ("...-inspections", not "...-inspections-o")
    ("Governors of Sonora and Arizona announce joint inspections of freight trucks at the border",
     "governors-of-sonora-and-arizona-announce-joint-inspections"),
    # accents dropped, the letters kept
    ("Autoridades de Nogales, Sonora, anuncian más inspecciones en la garita Dennis DeConcini",
     "autoridades-de-nogales-sonora-anuncian-mas-inspecciones-en"),
    # dashes and curly quotes part words ("fall-again", not "fallagain")
    ("¿Qué pasó? “Border crossings” fall—again—at San Luis Río Colorado, officials say (update)",
     "que-paso-border-crossings-fall-again-at-san-luis-rio"),
])
def test_add_names_the_article_by_whole_words(cli, tmp_path, title, slug):
    source = article(tmp_path, "a.txt", "Officials in Nogales said on Monday that crossings fell.")
    before = drafts(cli.project)
    result = cli("add", source, "--title", title, "--date", "2025-03-04")
    assert result.exit_code == 0, result.output
    assert drafts(cli.project) - before == {slug}


# --- quotations -------------------------------------------------------------------------------

@pytest.mark.parametrize("edit,relation,kind", [
    ({}, None, KGB.Quotation),
    ({"object": "drug-cartels"}, KGB.commentsOn, KGB.Quotation),
    ({"object": "drug-cartels", "relation": "claimsAbout"}, KGB.claimsAbout, KGB.Claim),
])
def test_a_confirmed_quotation_keeps_its_role_and_says_what_it_comments_on(cli, tmp_path, edit, relation, kind):
    assert cli("add", article(tmp_path, "q.txt", QUOTE), "--title", "Quote", "--date", "2025-03-04").exit_code == 0
    data = load(cli.project, "quote")
    (quote,) = data["draft"]["quotations"]
    assert quote["role"] == "port director" and quote["speaker"] == "michael-humphries"
    quote.update(edit, confirmed=True)
    save(cli.project, "quote", data)
    result = cli("build")
    assert result.exit_code == 0, result.output
    g = built(cli.project)
    (st,) = g.subjects(KGB.words, Literal("The cartels keep changing their routes"))
    assert (st, KGB.role, Literal("port director")) in g
    assert (st, KGB.speaker, ID["michael-humphries"]) in g
    assert (st, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), kind) in g
    assert g.value(st, KGB.relation) == relation
    if relation is not None:
        assert (st, KGB.object, ID["drug-cartels"]) in g
        assert (ID["michael-humphries"], relation, ID["drug-cartels"]) in g  # the direct edge


def test_a_quotation_with_another_relation_is_refused(cli, tmp_path):
    assert cli("add", article(tmp_path, "q.txt", QUOTE), "--title", "Quote", "--date", "2025-03-04").exit_code == 0
    data = load(cli.project, "quote")
    data["draft"]["quotations"][0].update(confirmed=True, object="drug-cartels", relation="seizes")
    save(cli.project, "quote", data)
    result = cli("build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "graph/articles/quote.yaml:" in result.stderr
    assert "'relation' must be one of commentsOn, claimsAbout" in result.stderr


# --- duplicates -------------------------------------------------------------------------------

ABBOTT = "Greg Abbott, the Texas governor, sent more troops to the border on Monday."


def line_of(path: Path, text: str) -> int:
    """The line of ``path`` that holds ``text`` (the first)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def confirm_new(project: Path, slug: str, drafted: str, **changes) -> int:
    """Confirm the drafted new entity named ``drafted`` (with ``changes``): the line its entry starts on."""
    data = load(project, slug)
    (item,) = [n for n in data["draft"]["new_entities"] if n["name"] == drafted]
    item.update(changes, confirmed=True, type=changes.get("type", "Person"))
    save(project, slug, data)
    return line_of(project / ARTICLES / f"{slug}.yaml", f"- name: {item['name']}")


def outputs(project: Path) -> dict[str, bytes | None]:
    """What a build writes, and the registry."""
    paths = [project / "graph" / "kgborder.ttl", project / "graph" / "entities.yaml"]
    return {str(p): p.read_bytes() if p.exists() else None for p in paths}


@pytest.mark.parametrize("changes,taken,registry_line", [
    ({"id": "dea"}, "id 'dea'", "  - id: dea"),  # the id of a registered entity
    ({"name": "Drug  Enforcement administration"}, "the name 'Drug  Enforcement administration'",
     "  - id: dea"),  # an alias of one, case and spacing aside
    ({"aliases": ["The Guillermo Valdés Castellanos"]}, "the name 'The Guillermo Valdés Castellanos'",
     "  - id: guillermo-valdes-castellanos"),  # a name, a leading "the" aside
])
def test_a_new_entity_that_takes_a_registered_id_or_name_is_refused(cli, tmp_path, changes, taken, registry_line):
    assert cli("add", article(tmp_path, "a.txt", ABBOTT), "--title", "Abbott", "--date", "2025-03-04").exit_code == 0
    line = confirm_new(cli.project, "abbott", "Greg Abbott", **changes)
    before = outputs(cli.project)
    result = cli("build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    registry = line_of(cli.project / "graph" / "entities.yaml", registry_line)
    (error,) = [e for e in result.stderr.splitlines() if e.startswith("error:")]
    assert error.startswith(f"error: graph/articles/abbott.yaml:{line}: draft new entity ")
    assert f"{taken} is already taken by entity " in error and f"at graph/entities.yaml:{registry}" in error
    assert outputs(cli.project) == before


def test_two_new_entities_of_one_name_are_refused(cli, tmp_path):
    for name in ("a", "b"):
        source = article(tmp_path, f"{name}.txt", ABBOTT + f" Story {name}.")
        assert cli("add", source, "--title", f"Abbott {name}", "--date", "2025-03-04").exit_code == 0
    first = confirm_new(cli.project, "abbott-a", "Greg Abbott")
    second = confirm_new(cli.project, "abbott-b", "Greg Abbott", id="gregory-abbott")
    before = outputs(cli.project)
    result = cli("build")
    assert result.exit_code == 1
    (error,) = [e for e in result.stderr.splitlines() if e.startswith("error:")]
    assert error == (f"error: graph/articles/abbott-b.yaml:{second}: draft new entity 'gregory-abbott': the name "
                     f"'Greg Abbott' is already taken by entity 'greg-abbott' at graph/articles/abbott-a.yaml:{first}; "
                     "use that id, or give this one another id and name")
    assert outputs(cli.project) == before


# --- confirmed new entities join the registry ---------------------------------------------------

def test_a_confirmed_new_entity_joins_the_registry_once_and_the_next_add_knows_it(cli, tmp_path):
    registry = cli.project / "graph" / "entities.yaml"
    original = registry.read_text(encoding="utf-8")
    assert cli("add", article(tmp_path, "a.txt", ABBOTT), "--title", "Abbott", "--date", "2025-03-04").exit_code == 0
    confirm_new(cli.project, "abbott", "Greg Abbott", aliases=["Abbott"], description="Governor of Texas.")
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert "registered 1 new entity in graph/entities.yaml: greg-abbott" in result.stderr
    text = registry.read_text(encoding="utf-8")
    assert text.startswith(original), "the curator's comments, entries and order are kept"
    assert text[len(original):] == ("\n  # confirmed in graph/articles/abbott.yaml\n  - id: greg-abbott\n    type: Person\n"
                                    "    name: Greg Abbott\n    aliases: [Abbott]\n    description: Governor of Texas.\n")
    (item,) = [n for n in load(cli.project, "abbott")["draft"]["new_entities"] if n["name"] == "Greg Abbott"]
    assert item["registered"] is True and item["confirmed"] is True
    # The next add knows him, by name and alias.
    later = article(tmp_path, "b.txt", "Greg Abbott spoke in Austin on Tuesday. Abbott said more troops would come.")
    assert cli("add", later, "--title", "Abbott again", "--date", "2025-03-05").exit_code == 0
    draft = load(cli.project, "abbott-again")["draft"]
    # one item for him, at his first mention, with the alias's place under 'also' (a compact draft)
    (known,) = [m for m in draft["mentions"] if m["entity"] == "greg-abbott"]
    assert known["text"] == "Greg Abbott"
    assert [later.read_text(encoding="utf-8")[a:b] for a, b in known["also"]] == ["Abbott"]
    assert not {"Greg Abbott", "Abbott"} & {n["name"] for n in draft["new_entities"]}
    # Built again, nothing is written twice, and the graph is what the sources say.
    again = cli("build")
    assert again.exit_code == 0, again.output
    assert "registered" not in again.stderr
    assert registry.read_text(encoding="utf-8") == text
    assert cli("validate").exit_code == 0


def test_a_build_that_fails_registers_nothing(cli, tmp_path):
    assert cli("add", article(tmp_path, "a.txt", ABBOTT), "--title", "Abbott", "--date", "2025-03-04").exit_code == 0
    confirm_new(cli.project, "abbott", "Greg Abbott")
    data = load(cli.project, "abbott")
    data["statements"] = [{"id": "bad", "subject": "greg-abbott", "relation": "deploys", "object": "no-such-id",
                           "evidence": "sent more troops"}]
    save(cli.project, "abbott", data)
    before = outputs(cli.project)
    result = cli("build")
    assert result.exit_code == 1 and "unknown entity 'no-such-id'" in result.stderr
    assert outputs(cli.project) == before
    assert "registered" not in (cli.project / ARTICLES / "abbott.yaml").read_text(encoding="utf-8")


def test_a_registry_entry_written_before_an_interruption_is_not_refused_as_a_duplicate(cli, tmp_path):
    """The build writes the registry, then marks the draft: stopped in between, the next build
    finds the very entry it wrote and only marks it."""
    assert cli("add", article(tmp_path, "a.txt", ABBOTT), "--title", "Abbott", "--date", "2025-03-04").exit_code == 0
    confirm_new(cli.project, "abbott", "Greg Abbott")
    registry = cli.project / "graph" / "entities.yaml"
    with registry.open("a", encoding="utf-8") as fh:
        fh.write("\n  - id: greg-abbott\n    type: Person\n    name: Greg Abbott\n    description: The Texas governor.\n")
    written = registry.read_text(encoding="utf-8")
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert registry.read_text(encoding="utf-8") == written
    assert "registered: true" in (cli.project / ARTICLES / "abbott.yaml").read_text(encoding="utf-8")


def test_an_empty_registry_in_brackets_takes_entries():
    from kgborder.curation import Entity
    from kgborder.build import append_entities

    text = "# my registry\nentities: []  # none yet\n"
    out = append_entities(text, [Entity("greg-abbott", "Person", "Greg Abbott", source="graph/articles/a.yaml")], "x")
    assert out.startswith("# my registry\nentities:")
    assert yaml.safe_load(out) == {"entities": [{"id": "greg-abbott", "type": "Person", "name": "Greg Abbott"}]}


# --- rejected proposals -----------------------------------------------------------------------

SHEINBAUN = ("Claudia Sheinbaun said on Monday that 1,200 troops would go to the border, "
             "consultant Lucia Ferrante said.")


def left_unconfirmed(stderr: str) -> str:
    return next(line for line in stderr.splitlines() if line.startswith("draft: graph/articles/rejecting.yaml"))


def test_a_rejected_proposal_is_left_out_remembered_and_never_proposed_again(cli, tmp_path):
    source = article(tmp_path, "a.txt", SHEINBAUN)
    assert cli("add", source, "--title", "Rejecting", "--date", "2025-03-04").exit_code == 0
    data = load(cli.project, "rejecting")
    draft = data["draft"]
    assert "Lucia Ferrante" in {n["name"] for n in draft["new_entities"]}
    assert "Claudia Sheinbaun" in {n["name"] for n in draft["near_duplicates"]}
    for item in draft["new_entities"] + draft["near_duplicates"] + draft["quantities"]:
        item["rejected"] = True
    draft["dates"][0]["rejected"] = True
    save(cli.project, "rejecting", data)
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert "remembered 2 rejected name(s) in graph/rejected.yaml: Lucia Ferrante, Claudia Sheinbaun" in result.stderr
    # the rejected items are neither built nor reported: the mentions alone are left to review
    left = left_unconfirmed(result.stderr).split("still unconfirmed (")[1].split(")")[0]
    assert left == f"{len(draft['mentions'])} mentions", left
    memory = yaml.safe_load((cli.project / "graph" / "rejected.yaml").read_text(encoding="utf-8"))
    assert memory == {"rejected": [{"name": "Lucia Ferrante", "article": "graph/articles/rejecting.yaml"},
                                   {"name": "Claudia Sheinbaun", "article": "graph/articles/rejecting.yaml"}]}
    # rebuilt: the article keeps its rejections, nothing is written again
    again = cli("build")
    assert again.exit_code == 0 and "remembered" not in again.stderr
    assert left_unconfirmed(again.stderr) == left_unconfirmed(result.stderr)
    assert load(cli.project, "rejecting")["draft"]["new_entities"][0]["rejected"] is True
    # a later article: neither name is proposed or reported, whatever its case
    later = article(tmp_path, "b.txt", "LUCIA FERRANTE: Claudia Sheinbaun met Greg Abbott and Lucia Ferrante on Tuesday.")
    assert cli("add", later, "--title", "Later", "--date", "2025-03-05").exit_code == 0
    draft = load(cli.project, "later")["draft"]
    names = {n["name"].casefold() for n in draft["new_entities"]}
    assert names and "lucia ferrante" not in names  # other names are still proposed
    assert draft["near_duplicates"] == []


def test_a_name_rejected_by_hand_is_never_proposed(cli, tmp_path):
    (cli.project / "graph" / "rejected.yaml").write_text(
        "# names no draft should propose\nrejected:\n- name: Greg Abbott\n", encoding="utf-8")
    source = article(tmp_path, "a.txt", "Greg Abbott, the Texas governor, said on Monday: \"We are ready.\"")
    assert cli("add", source, "--title", "By hand", "--date", "2025-03-04").exit_code == 0
    draft = load(cli.project, "by-hand")["draft"]
    assert "Greg Abbott" not in {n["name"] for n in draft["new_entities"]}
    assert all(q["speaker"] != "greg-abbott" for q in draft["quotations"])
    assert all("greg-abbott" not in (st["subject"], st["object"]) for st in draft["statements"])


def test_an_item_both_confirmed_and_rejected_is_refused(cli, tmp_path):
    assert cli("add", article(tmp_path, "a.txt", SHEINBAUN), "--title", "Rejecting", "--date", "2025-03-04"
               ).exit_code == 0
    data = load(cli.project, "rejecting")
    data["draft"]["mentions"][0].update(confirmed=True, rejected=True)
    save(cli.project, "rejecting", data)
    result = cli("build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = line_of(cli.project / ARTICLES / "rejecting.yaml", "    rejected: true")
    assert f"error: graph/articles/rejecting.yaml:{line}: draft mentions #1: is both confirmed and rejected; keep one" \
        in result.stderr
    assert not (cli.project / "graph" / "rejected.yaml").exists()
