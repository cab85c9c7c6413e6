"""The one parallelism mechanism: a standard-library process pool that builds records.

`sre-docs lint`, `export` and the MkDocs plugin all build records through `RecordPool`. Its
workers are forked, and exit when the process that started them dies, however it dies: each
watches a pipe whose writing end only that process holds, so a `kill -9` leaves none behind.
Ctrl-C is that process's to handle: the workers ignore it, and are stopped as it exits."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from sre_docs.config import Config
    from sre_docs.handbook import DocRecord
    from sre_docs.model import Doc, Problem

    Source = tuple[str, bytes | Problem | None]
    """A document to build: its rel, and its bytes when the caller has them (None: read)."""

T = TypeVar("T")

MAX_WORKERS = 8
PARALLEL_THRESHOLD = 64
"""Fewer documents are built in the calling process: starting workers costs more."""

_config: Config | None = None


class Built(NamedTuple):
    """What building one document gives."""

    record: DocRecord
    """The full record, or its view (see `Want`)."""
    digest: bytes | None
    """Of the bytes it was built from; None when the file could not be read."""
    stored: tuple[str, str] | None
    """Its view and its full record as JSON, for the cache, when asked and storable."""


class Want(NamedTuple):
    """What the caller needs of each document: encoded here, in the workers, the records
    cross to the caller as small views and finished JSON rather than full objects."""

    reads: frozenset[str]
    """The fields of each view (`linter.handbook_reads`)."""
    full: bool = False
    """Full records (export, the site), else views."""
    store: bool = False
    """The JSON the cache stores, too."""
    hits: bool = True
    """The document rules' hits; without them (the plugin's first pass, see
    `linter.load_handbook`) records have none and nothing is stored."""


FULL = Want(frozenset(), full=True)


def document_hits(doc: Doc, config: Config) -> list[tuple[str, int, int, str]]:
    """The document rules' raw hits on `doc` (they are not given today: see `rules.base`)."""
    from sre_docs.handbook import LintContext
    from sre_docs.rules import RULES
    from sre_docs.rules.base import DOCUMENT

    context = LintContext(config, None)
    hits: list[tuple[str, int, int, str]] = []
    for rule in RULES:
        if rule.scope != DOCUMENT:
            continue
        for hit in rule.check(doc, context):
            hits.append((rule.name, hit.line, hit.column, hit.message))
    return hits


def build_record(
    config: Config,
    rel: str,
    raw: bytes | Problem | None = None,
    want: Want | None = None,
) -> Built:
    """One document, read from disk unless its bytes are given (`want`: a full record)."""
    want = want or FULL
    from sre_docs.handbook import DocRecord, Unstorable, content_digest, encode_record, view
    from sre_docs.loader import load_bytes, read_document
    from sre_docs.section_items import shown_sections

    path = config.docs_dir / rel
    if raw is None:
        raw = read_document(path)
    digest = content_digest(raw) if isinstance(raw, bytes) else None
    folder_type, folder_form = config.folder_type_and_form(rel)
    doc = load_bytes(
        rel,
        path,
        raw,
        folder_type,
        config.types,
        config.action_item_synonyms(),
        folder_form=folder_form,
    )
    # The items of the shown sections (a markdown parse of each) are read only where they are
    # kept: in a full record (export, the site, the cache's copy) or in a view that reads them.
    keeps_sections = want.full or want.store or "section_items" in want.reads
    shown = shown_sections(config, doc.entry) if keeps_sections else ()
    record = DocRecord.from_doc(doc, document_hits(doc, config) if want.hits else [], shown)
    record_view = view(record, want.reads)
    stored = None
    if want.store and want.hits and digest is not None:
        try:
            stored = (encode_record(record_view), encode_record(record))
        except Unstorable:
            stored = None  # built again next time
    return Built(record if want.full else record_view, digest, stored)


def build(config: Config, sources: Sequence[Source], want: Want) -> list[Built]:
    """Records of `sources`, in order, in this process."""
    return [build_record(config, rel, raw, want) for rel, raw in sources]


class RecordPool:
    """A process pool for building records, started early so its workers warm up (load the
    loader and the rules) while the caller goes on; None-like when it cannot start."""

    def __init__(self, config: Config, jobs: int | None = None) -> None:
        self.config = config
        self.jobs = min(jobs or os.cpu_count() or 1, MAX_WORKERS)
        self.executor: ProcessPoolExecutor | None = None
        self._watch: int | None = None
        self._exiting = False

    def start(self) -> bool:
        """Fork the workers now; False where building stays in this process (one core, no
        fork, or a process running other threads: a fork copies only the calling thread and
        may inherit a lock another one held, as in `mkdocs serve`)."""
        if self.executor is not None:
            return True
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if (
            self._exiting
            or self.jobs <= 1
            or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return False
        try:
            _stop_at_exit(self)
        except RuntimeError:  # the interpreter is exiting
            return False
        watch, alive = os.pipe()
        # Objects frozen before the fork are skipped by the workers' collections, which would
        # otherwise touch, and so copy, every page of memory they share with this process.
        gc.freeze()
        try:
            executor = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(self.config, watch, alive),
            )
            executor.submit(int)  # launches every worker; they warm up meanwhile
        except (OSError, RuntimeError):
            os.close(watch)
            os.close(alive)
            return False
        finally:
            gc.unfreeze()
        os.close(watch)
        self.executor, self._watch = executor, alive
        return True

    def build(
        self, sources: Sequence[Source], want: Want, meanwhile: Callable[[], None] | None = None
    ) -> list[Built]:
        """Records of `sources`, in order: spread over the workers when there are many; in
        this process when there are few, or when a worker died (nothing is lost).
        `meanwhile` runs in this process while the workers build (or before building here)."""
        if len(sources) < PARALLEL_THRESHOLD or not self.start():
            if meanwhile is not None:
                meanwhile()
            return build(self.config, sources, want)
        from concurrent.futures.process import BrokenProcessPool

        assert self.executor is not None
        # Batches of at most 64 documents, at least 16 per worker: a worker left alone with
        # the last batch idles the others for at most a few dozen documents (with 125-document
        # batches a 2,000-document cold lint lost 3 % of its time that way).
        size = max(8, min(64, len(sources) // (self.jobs * 16) or 1))
        batches = [
            (list(sources[start : start + size]), want) for start in range(0, len(sources), size)
        ]
        try:
            pending = self.executor.map(_build_batch, batches)  # every batch is submitted now
            if meanwhile is not None:
                meanwhile()
            results = list(pending)
        except BrokenProcessPool:
            if self._exiting:
                raise  # stopped as the interpreter exits: nothing more is built
            self.close()
            return build(self.config, sources, want)
        return [built for batch in results for built in batch]

    def build_later(self, sources: Sequence[Source], want: Want) -> Callable[[], list[Built]]:
        """Start building `sources` on one worker (the other cores stay free for the caller's
        own work); the function returned waits for the records."""
        return self.call_later(build, list(sources), want)

    def call_later(self, function: Callable[..., T], *args: Any) -> Callable[[], T]:
        """Start `function(config, *args)` on one worker; the function returned waits for its
        result. `function` crosses to the worker by name (a module-level function) and its
        arguments and result as pickles between this process and its own workers. Called in
        this process, when waited for, if the pool cannot start or a worker died (before the
        job was submitted or during it)."""
        if not self.start():
            return lambda: function(self.config, *args)
        from concurrent.futures.process import BrokenProcessPool

        assert self.executor is not None
        try:
            future = self.executor.submit(_call, function, args)
        except BrokenProcessPool:  # a worker died while no job was waited for
            self.close()
            return lambda: function(self.config, *args)

        def wait() -> T:
            try:
                return future.result()
            except BrokenProcessPool:
                if self._exiting:
                    raise
                self.close()
                return function(self.config, *args)

        return wait

    def close(self, wait: bool = True) -> None:
        """Stop the workers; `wait=False`: without waiting for them to exit (for a caller whose
        jobs are all done: idle workers exit at once, as the end of their pipe closes)."""
        if self.executor is not None:
            self.executor.shutdown(wait=wait, cancel_futures=True)
            self.executor = None
        if self._watch is not None:
            os.close(self._watch)
            self._watch = None

    def _stop(self) -> None:
        """At the interpreter's exit (see `_stop_at_exit`): the workers exit now."""
        self._exiting = True
        self.close(wait=False)

    def __enter__(self) -> RecordPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_started: weakref.WeakSet[RecordPool] = weakref.WeakSet()
_hook: list[Callable[[], None]] = []


def _stop_at_exit(pool: RecordPool) -> None:
    """Stop `pool`'s workers when the interpreter exits with them still running, as after
    Ctrl-C in the middle of a job: the standard library's own exit hook would otherwise wait
    for every job submitted to finish (a plugin's whole pass over the handbook). One hook,
    registered with the hook the standard library's pools use, which runs before threads are
    joined and in reverse order, so before theirs; `atexit` runs too late."""
    register = getattr(threading, "_register_atexit", None)
    if register is None:
        return
    if not _hook:
        register(_stop_all)
        _hook.append(_stop_all)
    _started.add(pool)


def _stop_all() -> None:
    for pool in list(_started):
        if pool.executor is not None:
            pool._stop()


def _start_worker(config: Config, watch: int, alive: int) -> None:
    """In each worker: ignore Ctrl-C (the parent's to handle: it stops the workers), exit
    when the parent dies, then load what building records needs."""
    global _config
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _config = config
    os.close(alive)  # the parent's end, copied by the fork: only the parent may hold it
    threading.Thread(target=_exit_with_parent, args=(watch,), daemon=True).start()
    import sre_docs.loader
    import sre_docs.rules  # noqa: F401


def _exit_with_parent(watch: int) -> None:
    with contextlib.suppress(OSError):
        while os.read(watch, 1):
            pass
    os._exit(1)  # the end of the pipe closed: the parent is gone


def _build_batch(task: tuple[list[Source], Want]) -> list[Built]:
    assert _config is not None
    return build(_config, *task)


def _call(function: Callable[..., T], args: tuple[Any, ...]) -> T:
    assert _config is not None
    return function(_config, *args)
