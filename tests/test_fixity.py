"""Fixity checks, pure: what an auditor sees for intact, altered and missing objects."""

from pipeline.fixity import FixityTarget, check, summary


def test_altered_and_missing_objects_are_named_and_intact_ones_pass():
    store = {"a.png": "h1", "a.txt": "h2", "b.png": "CHANGED"}  # b.txt is gone
    targets = [FixityTarget("s1", "R-1", "a.png", {"a.png": "h1", "a.txt": "h2"}),
               FixityTarget("s2", "R-2", "b.png", {"b.png": "h3", "b.txt": "h4"})]
    a, b = check(targets, store.get)
    assert a.ok and not a.problems
    assert not b.ok
    assert [(c.key, c.status) for c in b.problems] == [("b.png", "altered"), ("b.txt", "missing")]
    assert summary([a, b]) == {"documents": 2, "documents_failed": 1, "objects": 4,
                               "missing": 1, "altered": 1}
