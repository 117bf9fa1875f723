"""The reader process: every workbook is opened here, behind a memory limit, so none can take down the app.

Started by :mod:`etl.sandbox` as ``python -m etl.read_worker MEMORY_MB`` and kept running for the next
file. It reads requests from standard input and answers on standard output, each message an 8-byte
length and a pickle:

- request: ``(task, argument, workbook bytes, the parent's GUGUS_* settings)``: ``("read", file name, …)`` or
  ``("annotate", issues, …)``;
- answer: ``("ok", ReadResult or annotated bytes)`` or ``("error", exception type name)``.

A workbook that needs more memory than the limit makes an allocation fail; python-calamine (Rust)
then aborts the process, which the parent sees as a closed pipe and reports as a refusal.
"""

from __future__ import annotations

import os
import pickle
import resource
import struct
import sys

HEADER = struct.Struct("!Q")


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file behind


def _read_exactly(stream, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def serve(source, sink) -> None:
    from etl.reader import read_unsandboxed

    while True:
        header = _read_exactly(source, HEADER.size)
        if header is None:
            return  # the parent has gone: stop quietly
        request = _read_exactly(source, HEADER.unpack(header)[0])
        if request is None:
            return
        try:
            task, argument, data, overrides = pickle.loads(request)  # noqa: S301 - written by our own parent process
            for name in [k for k in os.environ if k.startswith("GUGUS_") and k not in overrides]:
                del os.environ[name]
            os.environ.update(overrides)
            if task == "read":
                answer = ("ok", read_unsandboxed(data, argument))
            else:
                from etl.annotate import annotate_unsandboxed

                answer = ("ok", annotate_unsandboxed(data, argument))
        except MemoryError:
            answer = ("error", "MemoryError")
        except Exception as exc:  # noqa: BLE001 - anything else is a refusal, never a dead worker
            answer = ("error", type(exc).__name__)
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        sink.write(HEADER.pack(len(payload)) + payload)
        sink.flush()


if __name__ == "__main__":
    import etl.reader  # noqa: F401 - imported before the limit, so the limit is left for workbooks

    _limit_memory(int(sys.argv[1]))
    serve(sys.stdin.buffer, sys.stdout.buffer)
