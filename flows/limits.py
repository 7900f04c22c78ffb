"""The Prefect global concurrency limit on writers to the store and the catalogue."""

from __future__ import annotations

from prefect import get_client
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectNotFound

STORAGE_LIMIT = "sohoa-storage"


def storage_gate():
    """At most `storage_concurrency` files write to the store and the catalogue at once, over
    every run and worker (a Prefect global concurrency limit; not enforced if absent)."""
    return concurrency(STORAGE_LIMIT, occupy=1, strict=False)


def ensure_storage_limit(limit: int) -> None:
    """Create the global concurrency limit if the server has none by that name yet (an
    operator's change of an existing limit, in the UI, is kept)."""
    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(STORAGE_LIMIT)
        except ObjectNotFound:
            client.upsert_global_concurrency_limit_by_name(STORAGE_LIMIT, limit)
