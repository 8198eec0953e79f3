import time
import pytest
from ingest.generate import generate_bundle
from tests.conftest import wipe
from graph.cypher import query

pytestmark = pytest.mark.neo4j

@pytest.fixture(scope="module")
def gen(session_driver, tmp_path_factory):
    from ingest.catalogue import load_catalogue
    from ingest.writer import load_bundle
    out = tmp_path_factory.mktemp("gen") / "b"
    generate_bundle(out, persons=2000, seed=5)
    wipe(session_driver)
    load_catalogue(session_driver)
    load_bundle(session_driver, out)
    yield session_driver
    wipe(session_driver)

V = {
 "qpp": query("persons_within"),
 "bfs": open("/tmp/analysts/bfs.cypher").read(),
}

def test_time(gen):
    d = gen
    recs, _, _ = d.execute_query("MATCH (p:Person)-[:ROLE_IN {role:'suspect'}]->() WITH p, COUNT { (p)--() } AS deg RETURN p.person_id AS id ORDER BY deg DESC LIMIT 1")
    pid = recs[0]["id"]
    for hops in (1, 2, 3, 6):
        res = {}
        for name, text in V.items():
            t = time.perf_counter()
            try:
                with d.session() as s:
                    tx = s.begin_transaction(timeout=30)
                    rows = list(tx.run(text, person_id=pid, max_hops=hops))
                    tx.close()
                res[name] = (len(rows), round(time.perf_counter() - t, 2), sorted((r["person_id"], r["hops"]) for r in rows))
            except Exception as e:
                res[name] = ("ERR", str(e)[:200], None)
            print(hops, name, res[name][:2], flush=True)
        if all(r[2] is not None for r in res.values()):
            assert res["qpp"][2] == res["bfs"][2]
