"""The reader process: every workbook is opened here, behind a memory limit, so none can take down the app.

Started by :mod:`etl.sandbox` as ``python -m etl.read_worker MEMORY_MB`` and kept running for the next
file. It reads requests from standard input and answers on standard output, each message an 8-byte
length and a pickle:

- request: ``(task, argument, workbook bytes, the parent's GUGUS_* settings)``: ``("read", file name, …)``,
  ``("annotate", issues, …)``, ``("shaded", None, …)``, ``("reference", Reference, b"")`` (kept for the validations that follow) or
  ``("validate", (file name, expected pillar, today), …)`` (read and validated here: a batch load validates
  in as many of these processes as there are cores);
- answer: ``("ok", result)`` (a ReadResult, annotated bytes, None, or a Validation without its bytes),
  ``("error", exception type name)`` when the file could not be read, or ``("bug", traceback)`` when
  validation itself failed.

A workbook that needs more memory than the limit makes an allocation fail; python-calamine (Rust)
then aborts the process, which the parent sees as a closed pipe and reports as a refusal.
"""

from __future__ import annotations

import os
import pickle
import resource
import struct
import sys
import traceback

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

    reference = None
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
            elif task == "reference":
                reference, answer = argument, ("ok", None)
            elif task == "validate":
                answer = _validate(data, *argument, reference)
            elif task == "shaded":
                from etl.styles import shaded_unsandboxed

                answer = ("ok", shaded_unsandboxed(data))
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


def _validate(data: bytes, file_name: str, expected_pillar: str | None, today, reference) -> tuple[str, object]:
    """Read and validate one workbook; the answer carries the validation without the bytes the parent has."""
    from etl.reader import read_unsandboxed
    from etl.validate import validate_bytes

    read = read_unsandboxed(data, file_name)  # a file that cannot be read is an "error" answer, as for "read"
    try:
        validation = validate_bytes(data, file_name, reference, expected_pillar=expected_pillar, today=today, pre_read=read)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - a defect of validation, not of the file: the parent raises it with this trace
        return ("bug", traceback.format_exc())
    validation.data = b""
    return ("ok", validation)


if __name__ == "__main__":
    # imported before the limit, so the limit is left for workbooks
    import etl.reader
    import etl.validate  # noqa: F401

    _limit_memory(int(sys.argv[1]))
    serve(sys.stdin.buffer, sys.stdout.buffer)
