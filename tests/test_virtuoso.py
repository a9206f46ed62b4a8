"""Scale-out (docs/ARCHITECTURE.md § Graph): the named queries against a real Virtuoso.

The workspace built from corpus/plans is exported as N-Quads, bulk-loaded into a
throw-away Virtuoso (database in tmp, listening on 127.0.0.1 only), and `cites`,
`audit` and the triple counts must be the same through CANCU_SPARQL_ENDPOINT as
from the embedded store.

Needs `virtuoso-t` (Debian: virtuoso-opensource). When it is missing the test
installs it with apt-get if CI=true or CANCU_VIRTUOSO_TESTS=1, else skips.
Time bounds: apt-get update 60 s, install 120 s, start 60 s, load 60 s.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cancu.cli import main
from cancu.services import ENDPOINT_ENV, Services
from cancu.workspace import Workspace
from cancu.kg.queries import named as queries, tasks as tasks_query
from cancu.kg.store.endpoint import EndpointError, SparqlEndpoint
from cancu.kg.iri import document_iri
from cancu.kg.queries.reports import document_view
from tests.gold import PLANS

PACKAGE = "virtuoso-opensource"
POLICY_RC = Path("/usr/sbin/policy-rc.d")
CITED = ["59/2023/NĐ-CP", "Luật Thực hiện dân chủ ở cơ sở"]


def _wanted() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("CANCU_VIRTUOSO_TESTS") == "1"


def _run(cmd: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired as err:
        pytest.fail(f"{' '.join(cmd)} took more than {timeout} s:\n{err.stdout}\n{err.stderr}")
    if done.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n"
                    f"{done.stderr[-3000:]}")
    return done


def _install() -> None:
    """Debian's virtuoso-opensource, without letting the package start its own
    server (it would listen on all interfaces, ports 1111/8890)."""
    if shutil.which("apt-get") is None:
        pytest.skip("virtuoso-t not installed and no apt-get to install it")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if sudo and shutil.which("sudo") is None:
        pytest.skip("virtuoso-t not installed; installing it needs root or sudo")
    # The package's config script asks for a dba password; answer it up front so
    # nothing prompts, and so a server it might start never runs on dba/dba.
    password = secrets.token_hex(12)
    selections = "".join(f"virtuoso-opensource-7 virtuoso-opensource-7/{key} password {password}\n"
                         for key in ("dba-password", "dba-password-again"))
    _run([*sudo, "debconf-set-selections"], 30, input=selections)
    # policy-rc.d exit 101 = "do not start services" (Debian's invoke-rc.d policy);
    # put one only where there is none, and take it away afterwards.
    ours = not POLICY_RC.exists()
    if ours:
        _run([*sudo, "sh", "-c", f"printf '#!/bin/sh\\nexit 101\\n' > {POLICY_RC} && chmod 755 {POLICY_RC}"], 10)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        _run([*sudo, "apt-get", "update"], 60, env=env)
        _run([*sudo, "apt-get", "install", "-y", "--no-install-recommends", PACKAGE], 120, env=env)
    finally:
        if ours:
            subprocess.run([*sudo, "rm", "-f", str(POLICY_RC)], check=True, timeout=10)


def _executables() -> tuple[str, str]:
    exe = shutil.which("virtuoso-t")
    if exe is None:
        if not _wanted():
            pytest.skip("virtuoso-t not installed; set CANCU_VIRTUOSO_TESTS=1 to install it "
                        "(apt-get install virtuoso-opensource)")
        _install()
        exe = shutil.which("virtuoso-t")
        if exe is None:
            pytest.fail(f"{PACKAGE} installed but virtuoso-t is not on PATH")
    # Debian renames Virtuoso's isql to isql-vt (unixODBC owns "isql").
    isql = shutil.which("isql-vt") or shutil.which("isql-v")
    if isql is None:
        pytest.fail("virtuoso-t found but not its isql (isql-vt)")
    return exe, isql


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {root}, /usr/share/virtuoso-opensource-7/vad
DefaultIsolation = 2
TransactionAfterImageLimit = 50000000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 10
MaxClientConnections = 5
KeepAliveTimeout = 10
MaxKeepAlives = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
DefaultQuery = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
"""


@dataclass
class Virtuoso:
    url: str
    isql: list[str]
    log: Path


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Iterator[Virtuoso]:
    exe, isql = _executables()
    root = tmp_path_factory.mktemp("virtuoso")
    db = root / "db"
    db.mkdir()
    sql_port, http_port = _free_port(), _free_port()
    ini = root / "virtuoso.ini"
    ini.write_text(_INI.format(db=db, root=root, sql_port=sql_port, http_port=http_port))
    out = (root / "stdout.log").open("wb")
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)], cwd=db,
                            stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{http_port}/sparql"
        probe = SparqlEndpoint(url, timeout=5)
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited ({proc.returncode}):\n"
                            f"{(root / 'stdout.log').read_text(errors='replace')[-3000:]}")
            try:
                probe.query("ASK { ?s ?p ?o }")
                break
            except EndpointError as err:
                if time.monotonic() > deadline:
                    pytest.fail(f"Virtuoso's SPARQL endpoint did not answer in 60 s: {err}")
                time.sleep(0.5)
        yield Virtuoso(url, [isql, f"127.0.0.1:{sql_port}", "dba", "dba"], db / "virtuoso.log")
    finally:
        _stop(proc)
        out.close()


@pytest.fixture(scope="module")
def loaded(virtuoso: Virtuoso, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(workspace home, endpoint URL) with the workspace's graphs in Virtuoso."""
    home = tmp_path_factory.mktemp("ws")
    assert main(["--home", str(home), "ingest", str(PLANS)]) == 0
    # The bulk loader needs a folder inside DirsAllowed; N-Quads keep each graph.
    dump = virtuoso.log.parent.parent / "dump"
    dump.mkdir()
    assert main(["--home", str(home), "export", "--format", "nq", "-o", str(dump / "all.nq")]) == 0
    script = dump.parent / "load.sql"
    script.write_text(f"""
ld_dir('{dump}', '*.nq', 'urn:cancu:unused-default');
rdf_loader_run();
checkpoint;
SELECT 'LOADERRORS', COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;
SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;
""")
    done = _run([*virtuoso.isql, str(script)], 60)
    if "*** Error" in done.stdout + done.stderr or not re.search(r"LOADERRORS\s+0\b", done.stdout):
        pytest.fail(f"loading into Virtuoso failed:\n{done.stdout[-3000:]}\n{done.stderr[-2000:]}")
    yield str(home), virtuoso.url


@pytest.fixture(scope="module")
def both(loaded) -> Iterator[tuple[Services, Services]]:
    """(embedded, endpoint) services over the same data."""
    home, url = loaded
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(ENDPOINT_ENV, raising=False)
        embedded = Services(Workspace.locate(home))
        assert not isinstance(embedded.store, SparqlEndpoint)
        mp.setenv(ENDPOINT_ENV, url)
        remote = Services(Workspace.locate(home))
        assert isinstance(remote.store, SparqlEndpoint)
        try:
            yield embedded, remote
        finally:
            embedded.close()
            remote.close()


def test_triple_counts_match(both):
    embedded, remote = both
    assert remote.store.stats() == embedded.store.stats()


@pytest.mark.parametrize("text", CITED)
def test_cites_gives_the_same_answer(both, text):
    embedded, remote = both
    local, far = embedded.cites(text), remote.cites(text)
    assert local.rows, f"nothing cites {text} in the sample corpus?"
    assert far.rows == local.rows
    assert [c.entry.iri for c in far.candidates] == [c.entry.iri for c in local.candidates]


def test_audit_gives_the_same_findings(both):
    embedded, remote = both
    local = embedded.audit()
    assert local
    assert remote.audit() == local


def test_other_named_queries_agree(both):
    embedded, remote = both
    assert remote.documents() == embedded.documents()
    iri = embedded.cites(CITED[0]).rows[0].instrument_iri
    assert queries.instrument_documents(remote.store, iri) == \
        queries.instrument_documents(embedded.store, iri)
    for doc in embedded.documents():
        far = queries.document_instruments(remote.store, document_iri(doc))
        local = queries.document_instruments(embedded.store, document_iri(doc))
        # SAMPLE(?t) may pick another of an instrument's titles on each engine
        # (both are right); the rest must be equal.
        assert {(c.instrument_iri, c.mentions, c.based_on) for c in far} == \
            {(c.instrument_iri, c.mentions, c.based_on) for c in local}
        for c in far:
            symbols, titles = _names(embedded.store, document_iri(doc), c.instrument_iri)
            assert c.symbol in symbols and c.title in titles
        assert document_view(remote.store, embedded.registry, document_iri(doc)) == \
            document_view(embedded.store, embedded.registry, document_iri(doc))
    # substitutions (pre-bound variables) become a VALUES row on the endpoint
    doc = embedded.documents()[0]
    assert tasks_query.obligations(remote.store, document=doc) == \
        tasks_query.obligations(embedded.store, document=doc)
    assert tasks_query.obligations(remote.store) == tasks_query.obligations(embedded.store)


def _names(store, doc: str, iri: str) -> tuple[set[str | None], set[str | None]]:
    """The symbols and titles the document's graph gives an instrument ({None} if none)."""
    rows = store.query(f"""SELECT ?s ?t WHERE {{ GRAPH <{doc}> {{
        {{ <{iri}> cancu:symbol ?s }} UNION {{ <{iri}> eli:title ?t }} }} }}""")
    symbols = {r["s"].value for r in rows if r["s"] is not None}
    titles = {r["t"].value for r in rows if r["t"] is not None}
    return symbols or {None}, titles or {None}


def test_web_sparql_endpoint_answers_alike_and_refuses_federation(both):
    """/sparql over Virtuoso: the same rows as over the embedded store, the row cap
    holds, and SERVICE (here with a CR-ended comment) is refused before Virtuoso,
    which would federate, sees it."""
    from cancu.web.app import create_app
    embedded, remote = both
    query = "SELECT ?id WHERE { GRAPH ?g { ?g cancu:documentId ?id } } ORDER BY ?id"
    answers = []
    for services in (embedded, remote):
        client = create_app(services, config={"TESTING": False}).test_client()
        r = client.get("/sparql", query_string={"query": query})
        assert r.status_code == 200, r.data[:300]
        answers.append(r.get_json(force=True)["results"]["bindings"])
        capped = create_app(services, config={"TESTING": False, "SPARQL_MAX_ROWS": 2}).test_client()
        r = capped.get("/sparql", query_string={"query": query + " LIMIT 1000"})
        assert len(r.get_json(force=True)["results"]["bindings"]) == 2 and r.headers["X-SPARQL-Truncated"] == "true"
        r = client.get("/sparql", query_string={
            "query": "SELECT * WHERE { # x\rSERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } \n}"})
        assert r.status_code == 400 and "SERVICE" in r.get_json()["error"]["message"]
    assert answers[0] == answers[1] and len(answers[0]) == len(embedded.documents())
