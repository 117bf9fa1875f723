"""Reading workbooks in a separate process with a memory and a time limit.

The app serves every user from one process; a workbook that makes python-calamine allocate without
bound (or abort) must cost one refusal, never the dashboard. So the cells are read in a long-lived
child process (:mod:`etl.read_worker`) under ``RLIMIT_AS``; the parent waits at most
``reader_timeout`` seconds. A child that dies or hangs is killed and replaced by a fresh one at the
next request, and the file is refused with :class:`ReaderFailed`.

One child per core (at least two, at most eight) serves at once: a batch load reads and validates that many
files in parallel (:func:`validate`), and the app reads an upload while another is checked.
"""

from __future__ import annotations

import atexit
import os
import pickle
import queue
import select
import subprocess
import sys
import time

from gugus import settings

_HEADER_SIZE = 8
_MEMORY = "pembaca berhenti karena berkas memerlukan memori melebihi batas"
READERS = min(8, max(2, os.cpu_count() or 2))


class ReaderFailed(Exception):
    """The reader process could not read a workbook safely; ``reason`` says why, in Bahasa Indonesia."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Reader:
    """One child process; it serves one request at a time (the pool hands it to one caller)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.reference = None  # the reference data this process holds (sent once, kept for the next files)

    def _start(self) -> subprocess.Popen:
        memory = str(int(float(settings.get("reader_memory_mb"))))
        if self.process is not None and self.process.args[-1] != memory:
            self.stop()  # the memory limit changed: a process under the new limit takes over
        if self.process is None or self.process.poll() is not None:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(settings.PROJECT_ROOT), os.environ.get("PYTHONPATH", "")])}
            self.process = subprocess.Popen(
                [sys.executable, "-m", "etl.read_worker", memory],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                bufsize=0,
                cwd=settings.PROJECT_ROOT,
                env=env,
            )
            self.reference = None
        return self.process

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                stream.close()
        self.process = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None and self.process.poll() is None else None

    def _receive(self, process: subprocess.Popen, size: int, deadline: float) -> bytes:
        chunks, left = [], size
        fd = process.stdout.fileno()
        while left:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                self.stop()
                raise ReaderFailed(f"pembacaan melebihi batas waktu {settings.get('reader_timeout'):g} detik")
            chunk = process.stdout.read(min(left, 1 << 20))
            if not chunk:
                self.stop()
                raise ReaderFailed(_MEMORY)
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def ask(self, task: str, argument, data: bytes, reference=None):
        """One request and its answer; ``reference`` is sent first when this process does not hold it yet."""
        deadline = time.monotonic() + float(settings.get("reader_timeout"))
        process = self._start()
        if reference is not None and self.reference is not reference:
            self._exchange(process, "reference", reference, b"", deadline)
            self.reference = reference  # held here too: the identity compared above stays this object's
        return self._exchange(process, task, argument, data, deadline)

    def _exchange(self, process: subprocess.Popen, task: str, argument, data: bytes, deadline: float):
        # The parent's settings travel with each request, so the reader checks the limits in force now.
        overrides = {k: v for k, v in os.environ.items() if k.startswith("GUGUS_")}
        request = pickle.dumps((task, argument, data, overrides), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            process.stdin.write(len(request).to_bytes(_HEADER_SIZE, "big") + request)
            process.stdin.flush()
        except OSError:
            self.stop()
            raise ReaderFailed("pembaca berhenti sebelum menerima berkas") from None
        size = int.from_bytes(self._receive(process, _HEADER_SIZE, deadline), "big")
        kind, payload = pickle.loads(self._receive(process, size, deadline))  # noqa: S301 - our own child's answer
        if kind == "bug":
            raise RuntimeError(f"validasi gagal di proses pembaca:\n{payload}")
        if kind != "ok":
            raise ReaderFailed(_MEMORY if payload == "MemoryError" else f"isi berkas tidak dapat diurai ({payload})")
        return payload


_pool: queue.Queue[_Reader] = queue.Queue()
_all = [_Reader() for _ in range(READERS)]
for _reader in _all:
    _pool.put(_reader)


@atexit.register
def stop_all() -> None:
    """End every reader process (they also end by themselves when this process goes)."""
    for reader in _all:
        reader.stop()


def warm(count: int = READERS) -> None:
    """Start ``count`` reader processes now (without waiting for them to be ready), so the first file does not wait.
    The others start when first needed."""
    taken = [_pool.get() for _ in range(READERS)]  # each reader is touched by one thread at a time
    try:
        for reader in taken[:count]:
            reader._start()
    finally:
        for reader in taken:
            _pool.put(reader)


def _ask(task: str, argument, data: bytes, reference=None):
    reader = _pool.get()
    try:
        return reader.ask(task, argument, data, reference)
    finally:
        _pool.put(reader)


def read(file_name: str, data: bytes):
    """:func:`etl.reader.read_unsandboxed` of ``data``, run in a reader process.

    Raises :class:`ReaderFailed` when the process dies, runs out of memory, or exceeds the time limit.
    """
    return _ask("read", file_name, data)


def validate(file_name: str, data: bytes, reference, *, expected_pillar: str | None = None, today=None):
    """:func:`etl.validate.validate_bytes` of ``data``, read and validated whole in a reader process (the
    reference data sent once per process). Calls from several threads run in parallel, one per reader.

    Raises :class:`ReaderFailed` as :func:`read` does, and RuntimeError when validation itself failed there.
    """
    validation = _ask("validate", (file_name, expected_pillar, today), data, reference)
    validation.data = data
    return validation


def annotate(data: bytes, issues: list) -> bytes | None:
    """:func:`etl.annotate.annotate_unsandboxed` in a reader process; None if it fails there (openpyxl builds an
    object per cell of a merged or linked range, so a hostile file may need more than the limits allow)."""
    try:
        return _ask("annotate", issues, data)
    except ReaderFailed:
        return None


def shaded(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """:func:`etl.styles.shaded_unsandboxed` in a reader process: the coloured cells per sheet; none if it fails there."""
    try:
        return _ask("shaded", None, data)
    except ReaderFailed:
        return {}


def reader_pids() -> list[int]:
    """The ids of the reader processes now running (tests measure their memory)."""
    return [r.pid for r in _all if r.pid is not None]
