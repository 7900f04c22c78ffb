"""Fixity checks, pure: what an auditor sees for intact, altered and missing objects."""

from pipeline.fixity import (
    FixityTarget,
    check,
    intact_copies,
    problem_rows,
    restored,
    summary,
)


def test_altered_and_missing_objects_are_named_and_intact_ones_pass():
    store = {"a.png": "h1", "a.txt": "h2", "b.png": "CHANGED"}  # b.txt is gone
    targets = [FixityTarget("s1", "R-1", "a.png", {"a.png": "h1", "a.txt": "h2"}),
               FixityTarget("s2", "R-2", "b.png", {"b.png": "h3", "b.txt": "h4"})]
    a, b = check(targets, store.get)
    assert a.ok and not a.problems
    assert not b.ok
    assert [(c.key, c.status) for c in b.problems] == [("b.png", "altered"), ("b.txt", "missing")]
    assert summary([a, b]) == {"documents": 2, "documents_failed": 1, "objects": 4,
                               "missing": 1, "altered": 1, "restored": 0}


def test_a_damaged_copy_is_restored_from_the_copy_that_is_intact():
    primary = {"a.png": "h1", "a.txt": "BAD"}
    replica = {"a.png": "h1"}  # a.txt lost here too
    [r] = check([FixityTarget("s1", "R-1", "a.png", {"a.png": "h1", "a.txt": "h2"})],
                {"primary": primary.get, "replica": replica.get})
    bad = {(c.key, c.copy): c for c in r.problems}
    assert set(bad) == {("a.txt", "primary"), ("a.txt", "replica")}
    assert intact_copies(r, bad["a.txt", "replica"]) == []  # nowhere to copy it from
    r = restored(r, bad["a.txt", "primary"], "version 42")   # the store's locked version
    assert intact_copies(r, bad["a.txt", "replica"]) == ["primary"]
    r = restored(r, bad["a.txt", "replica"], "the primary copy")
    assert r.ok and not r.problems and len(r.findings) == 2
    assert summary([r])["restored"] == 2
    rows = problem_rows([r])
    assert [(x["copy"], x["found"], x["status"], x["restored_from"]) for x in rows] == [
        ("primary", "altered", "restored", "version 42"),
        ("replica", "missing", "restored", "the primary copy")]
