"""Forked workers that check pages already in memory (the MkDocs plugin's page sources).

Started early, they import and compile what checking needs while the caller goes on. Given the
pages, each sends back its pages' records first and their document rules' hits afterwards, so
the caller builds the site from the records while the rules run on the other cores."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from sre_docs.config import Config
    from sre_docs.handbook import DocRecord

MAX_WORKERS = 8
BACKGROUND_NICENESS = 10
"""Workers yield the CPU to the caller, which goes on rendering pages while the rules run."""

Share = list[tuple[str, str]]


class PageWorkers:
    """A few forked processes, each checking its share of the pages it is sent once.

    The caller gets every record from `check` (hits still empty) and fills the hits in with
    `finish`; a worker that fails or dies is replaced by checking its share in-process, so a
    bug surfaces there with its traceback and a lost worker loses nothing."""

    def __init__(
        self,
        config: Config,
        today: dt.date,
        processes: list[BaseProcess],
        connections: list[Connection],
        *,
        preparing: bool,
    ) -> None:
        self.config = config
        self.today = today
        self.processes = processes
        self.connections = connections
        self.preparing = preparing
        self.prepared: list[Any] = []
        self.pending: list[tuple[Connection | None, Share, dict[str, DocRecord]]] = []

    @classmethod
    def start(
        cls,
        config: Config,
        today: dt.date,
        jobs: int | None = None,
        prepare: Callable[[int, int], Any] | None = None,
    ) -> PageWorkers | None:
        """Workers warming up in the background, or None where checking stays in-process.

        Once warm, worker `i` of `n` also runs `prepare(i, n)`; `check` then holds the results
        in `prepared`, in worker order (None for a worker that failed). A process that runs
        other threads (`mkdocs serve`) is never forked, since a fork copies only the calling
        thread and may inherit a lock another thread held."""
        import multiprocessing
        import threading

        jobs = min(jobs or os.cpu_count() or 1, MAX_WORKERS)
        if (
            jobs <= 1
            or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return None
        context = multiprocessing.get_context("fork")
        processes: list[BaseProcess] = []
        connections: list[Connection] = []
        # Objects frozen before the fork are skipped by the workers' collections, which would
        # otherwise touch, and so copy, every page of memory they share with this process.
        gc.freeze()
        try:
            for index in range(jobs):
                ours, theirs = context.Pipe()
                process = context.Process(
                    target=_serve,
                    args=(theirs, list(connections), config, today, prepare, index, jobs),
                    name="sre-docs-pages",
                    daemon=True,
                )
                try:
                    process.start()
                except OSError:
                    ours.close()
                    raise
                finally:
                    theirs.close()
                processes.append(process)
                connections.append(ours)
        except OSError:  # no more processes allowed: the caller checks in-process
            cls(config, today, processes, connections, preparing=False).close()
            return None
        finally:
            gc.unfreeze()
        return cls(config, today, processes, connections, preparing=prepare is not None)

    def check(self, texts: dict[str, str]) -> dict[str, DocRecord]:
        """The record of every page in `texts`, its `hits` left empty until `finish`."""
        import threading

        shares = _partition(texts, len(self.connections))
        # A share is larger than a pipe holds: each is sent from a thread of its own, so that
        # a worker still warming up does not hold the others' shares back.
        senders = [
            threading.Thread(target=_send, args=(connection, share), daemon=True)
            for connection, share in zip(self.connections, shares, strict=True)
        ]
        for sender in senders:
            sender.start()
        records: dict[str, DocRecord] = {}
        try:
            for connection, share in zip(self.connections, shares, strict=True):
                if self.preparing:
                    self.prepared.append(_receive(connection))
                batch = _receive(connection)
                if batch is None:
                    built = self._check_here(share)
                    self.pending.append((None, share, built))
                else:
                    built = {record.rel: record for record in batch}
                    self.pending.append((connection, share, built))
                records.update(built)
        except BaseException:
            self.close()
            raise
        finally:
            for sender in senders:
                sender.join()
        return records

    def finish(self) -> None:
        """Wait for the hits of every page `check` returned and put them on its record."""
        try:
            for connection, share, records in self.pending:
                if connection is None:
                    continue
                hits = _receive(connection)
                if hits is None:
                    hits = [record.hits for record in self._check_here(share).values()]
                for (rel, _text), found in zip(share, hits, strict=True):
                    records[rel].hits[:] = found
        finally:
            self.pending = []
            self.close()

    def close(self) -> None:
        """Stop every worker: one still warming up or checking is not needed any more."""
        for connection in self.connections:
            connection.close()
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
        self.connections, self.processes = [], []

    def _check_here(self, share: Share) -> dict[str, DocRecord]:
        from sre_docs.linter import record_from_text

        return {rel: record_from_text(self.config, self.today, rel, text) for rel, text in share}


def _partition(texts: dict[str, str], count: int) -> list[Share]:
    """`count` shares of about the same size: longest pages first, each to the lightest."""
    shares: list[Share] = [[] for _ in range(count)]
    loads = [0] * count
    for rel, text in sorted(texts.items(), key=lambda item: -len(item[1])):
        lightest = loads.index(min(loads))
        shares[lightest].append((rel, text))
        loads[lightest] += len(text) + 256
    return shares


def _send(connection: Connection, message: Any) -> None:
    with contextlib.suppress(OSError, ValueError):  # a lost worker's share is checked here
        connection.send(message)


def _receive(connection: Connection) -> Any:
    try:
        return connection.recv()
    except (EOFError, OSError, ValueError):
        return None


def _serve(
    connection: Connection,
    inherited: list[Connection],
    config: Config,
    today: dt.date,
    prepare: Callable[[int, int], Any] | None,
    index: int,
    count: int,
) -> None:
    """A worker: warm up (and `prepare`), take one share of pages, send their records, then
    their hits."""
    for other in inherited:  # the caller's ends of earlier workers' pipes, copied by the fork
        other.close()
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICENESS)
    from sre_docs.handbook import DocRecord, LintContext
    from sre_docs.linter import document_hits, warm_up
    from sre_docs.loader import load_text

    warm_up()
    prepared = None
    if prepare is not None:
        with contextlib.suppress(Exception):  # the caller does without
            prepared = prepare(index, count)
    share = _receive(connection)
    if share is None:
        return
    if prepare is not None:
        _send(connection, prepared)
    try:
        context = LintContext(config, today)
        docs = [
            load_text(
                rel,
                config.docs_dir / rel,
                text,
                config.folder_type(rel),
                config.types,
                config.action_item_synonyms(),
            )
            for rel, text in share
        ]
        connection.send([DocRecord.from_doc(doc, [], full=True) for doc in docs])
        connection.send([document_hits(doc, context) for doc in docs])
    except Exception:
        # The caller checks this share again in-process: a bug raises there, with its traceback.
        return
