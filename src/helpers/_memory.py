"""Memory handed back while the tables of a large analysis are put together.

Arrow's default pool keeps the pages of freed buffers for reuse, and glibc keeps the free pages of
its heap: each per-event piece gathered into a whole table and let go would otherwise stay in the
memory the process holds. :func:`system_pool` and :func:`give_back` return them.
"""
from __future__ import annotations

import ctypes
import functools
from contextlib import contextmanager

import pyarrow as pa

#: Where the joined tables live: the system allocator, so that the many small per-event pieces
#: (in Arrow's default pool) can all be freed and returned.
POOL = pa.system_memory_pool()


def give_back() -> None:
    """Return the freed memory of the tables let go to the system (glibc keeps free pages of
    its heap otherwise, and the next large table would come on top of them)."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library is another."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return None


@contextmanager
def system_pool():
    """Arrow's allocations (of the string columns and of pandas's work on them) from the system
    allocator while the block runs: Arrow's default pool keeps the pages of freed buffers for
    reuse, so each table put together and let go would add to the memory the process holds."""
    before = pa.default_memory_pool()
    pa.set_memory_pool(POOL)
    try:
        yield
    finally:
        pa.set_memory_pool(before)
