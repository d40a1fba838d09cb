"""Run the HermiT OWL 2 reasoner (the copy bundled with owlready2) over an RDF graph.

This is a test helper, not a test module. :func:`check_consistency` takes a graph
that holds both the ontology and the instance data and returns a list of
human-readable problems; an empty list means the graph passed every check.

Two kinds of check are made:

* In Python, with rdflib: ill-typed literals (e.g. ``"abc"^^xsd:integer``),
  object properties whose value is a literal and datatype properties whose value
  is an IRI or blank node. OWL tools would reject or silently reinterpret these.
* In Java, with HermiT: whether the ontology plus data is consistent, and which
  named classes are unsatisfiable (equivalent to ``owl:Nothing``).

HermiT is run from the command line on an N-Triples copy of the graph written to
a temporary directory. ``owl:imports`` triples are dropped first, so HermiT never
fetches anything over the network. ``--ignoreUnsupportedDatatypes`` is needed
because HermiT refuses datatypes outside the OWL 2 datatype map, such as the
``xsd:date``, ``xsd:gYear`` and ``xsd:gYearMonth`` the project uses for times;
literals of those types are then treated as opaque values.
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tempfile
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF

__all__ = ["JavaNotFoundError", "check_consistency", "find_java", "hermit_classpath"]

#: Upper bound for one HermiT run, in seconds. The project's graph takes about one.
HERMIT_TIMEOUT = 300
#: Java heap for HermiT (owlready2 uses the same default).
JAVA_MEMORY = "2000M"

_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_UNSAT_HEADER = "Classes equivalent to"
_INCONSISTENT = "InconsistentOntologyException"


class JavaNotFoundError(RuntimeError):
    """No Java runtime to run HermiT with."""


def find_java() -> str | None:
    """The path of the ``java`` executable, or None when Java is not installed.

    owlready2's configured ``JAVA_EXE`` is preferred, then ``java`` on the PATH.
    """
    candidates: list[str] = []
    try:
        import owlready2  # imported lazily: only the reasoner needs it

        candidates.append(str(owlready2.JAVA_EXE))
    except ImportError:
        pass
    candidates.append("java")
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def hermit_classpath() -> str:
    """The Java class path of the HermiT copy shipped inside the owlready2 package."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("owlready2 is not installed; it provides the HermiT reasoner")
    hermit = Path(spec.origin).parent / "hermit"
    jar = hermit / "HermiT.jar"
    if not jar.is_file():
        raise FileNotFoundError(f"HermiT.jar not found in {hermit}")
    return f"{hermit}:{jar}"


def check_consistency(graph: Graph, *, timeout: float = HERMIT_TIMEOUT) -> list[str]:
    """Check ``graph`` (ontology and data together) with rdflib and HermiT.

    Returns one message per problem, e.g. ``"inconsistent: ..."``,
    ``"unsatisfiable class: <iri>"``, ``"ill-typed literal: ..."``. An empty list
    means the graph is consistent, every named class is satisfiable and every
    property is used with the right kind of value.

    Raises :class:`JavaNotFoundError` when there is no Java runtime, and
    :class:`FileNotFoundError` when the HermiT jar cannot be found.
    """
    problems = _literal_problems(graph) + _property_kind_problems(graph)
    problems += _run_hermit(graph, timeout)
    return problems


def _literal_problems(graph: Graph) -> list[str]:
    """Literals whose lexical form is not valid for their (known) datatype."""
    problems = []
    for s, p, o in graph:
        if isinstance(o, Literal) and o.ill_typed is True:
            problems.append(f"ill-typed literal: {s.n3()} {p.n3()} {o.n3()}")
    return sorted(problems)


def _property_kind_problems(graph: Graph) -> list[str]:
    """Object properties with literal values, datatype properties with resource values."""
    problems = []
    for prop in set(graph.subjects(RDF.type, OWL.ObjectProperty)):
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal):
                problems.append(f"object property {prop.n3()} has a literal value: {s.n3()} -> {o.n3()}")
    for prop in set(graph.subjects(RDF.type, OWL.DatatypeProperty)):
        for s, o in graph.subject_objects(prop):
            if not isinstance(o, Literal):
                problems.append(f"datatype property {prop.n3()} has a non-literal value: {s.n3()} -> {o.n3()}")
    return sorted(problems)


def _run_hermit(graph: Graph, timeout: float) -> list[str]:
    """Run HermiT's consistency and satisfiability checks on a serialized copy of ``graph``."""
    java = find_java()
    if java is None:
        raise JavaNotFoundError("java is not installed (needed to run the HermiT reasoner)")
    classpath = hermit_classpath()

    merged = Graph()
    for triple in graph:
        if triple[1] != OWL.imports:  # keep the check offline and self-contained
            merged.add(triple)

    with tempfile.TemporaryDirectory(prefix="kgborder-hermit-") as tmp:
        path = Path(tmp) / "merged.nt"
        path.write_bytes(merged.serialize(format="nt", encoding="utf-8"))
        command = [
            java,
            f"-Xmx{JAVA_MEMORY}",
            "-cp",
            classpath,
            "org.semanticweb.HermiT.cli.CommandLine",
            "-N",  # print full IRIs, no prefixes
            "-k",  # is owl:Thing satisfiable, i.e. is the ontology consistent?
            "-U",  # list the classes equivalent to owl:Nothing
            "--ignoreUnsupportedDatatypes",
            path.as_uri(),
        ]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=timeout,
                cwd=tmp,
            )
        except subprocess.TimeoutExpired:
            return [f"HermiT did not finish within {timeout:g} s"]
    return _parse_hermit_output(result.returncode, result.stdout, result.stderr)


def _parse_hermit_output(returncode: int, stdout: str, stderr: str) -> list[str]:
    """Turn HermiT's command-line output into problem messages."""
    output = stdout + "\n" + stderr
    if _INCONSISTENT in output:
        return ["inconsistent: HermiT found the ontology and data together inconsistent"]
    if returncode != 0:
        return [f"HermiT failed (exit status {returncode}): {_first_lines(stderr or stdout)}"]
    if "is not satisfiable" in stdout:
        return ["inconsistent: HermiT found owl:Thing unsatisfiable"]

    lines = stdout.splitlines()
    header = next((i for i, line in enumerate(lines) if line.startswith(_UNSAT_HEADER)), None)
    if header is None:
        # Without the -U section we cannot tell that the check ran: do not pass silently.
        return [f"HermiT output not understood: {_first_lines(stdout or stderr)}"]
    problems = []
    for line in lines[header + 1 :]:
        if not line[:1].isspace():
            break  # the indented list of classes has ended
        iri = line.strip()
        if iri and iri != _NOTHING:
            problems.append(f"unsatisfiable class: <{iri}>")
    return problems


def _first_lines(text: str, count: int = 5) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[:count])
