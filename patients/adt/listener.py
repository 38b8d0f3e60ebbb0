"""The MLLP listener: an asyncio server (python-hl7's MLLP streams) answering every frame with an ACK.

Framing: <VT> message <FS><CR>. A connection is answered in order, one message at a time (MLLP
senders wait for each ACK). The database work runs in a thread pool, never on the event loop,
so one slow transaction does not stall the other connections.

A frame cut short is never applied: when the sender closes in the middle of a frame the partial
data is dropped; when a new <VT> starts before the cut frame ended, the cut part is dropped and
the new frame is read. Either way the log says so with a byte count, never the content.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from django.db import connection, connections
from hl7.mllp import start_hl7_server
from hl7.mllp.streams import CARRIAGE_RETURN, END_BLOCK, START_BLOCK, HL7StreamReader, HL7StreamWriter

from patients.adt.ack import build_ack
from patients.adt.parsing import AdtRejectError, parse_message
from patients.adt.services import adt_message_process

logger = logging.getLogger("patients.adt")

# Largest frame accepted; a bigger one closes the connection (ADT messages are a few kB).
MAX_FRAME_BYTES = 1024 * 1024
FRAME_END = END_BLOCK + CARRIAGE_RETURN


def decode(payload: bytes) -> str:
    """HL7 v2.5+ prefers UTF-8; older feeds send Latin-1/Windows-1252, which always decodes."""
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", errors="replace")


def _apply(*, raw: str, peer: str) -> str:
    """The ACK for one frame. An unexpected failure is answered AE (resend) rather than dropping the link."""
    try:
        return adt_message_process(raw=raw, peer=peer).ack
    except Exception as exc:
        # The type only: a database error's text can quote the values it choked on.
        logger.error("adt_message failed unexpectedly error=%s", type(exc).__name__)
        try:
            message = parse_message(raw)
        except AdtRejectError:
            message = None
        text = "The receiver failed to apply the message; nothing was kept. Send it again."
        return build_ack(message, code="AE", text=text, error_code="207")


def worker_count(requested: int) -> int:
    # SQLite has one writer at a time: more threads would only queue on its lock.
    return 1 if connection.vendor == "sqlite" else requested


class AdtListener:
    def __init__(self, host: str, port: int, *, workers: int = 4) -> None:
        self.host = host
        self.requested_port = port
        workers = worker_count(workers)
        self.workers = workers
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="adt")
        self.server: asyncio.base_events.Server | None = None
        self.frames = 0

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.sockets[0].getsockname()[1]

    async def start(self) -> None:
        self.server = await start_hl7_server(
            self._serve_client, self.host, self.requested_port, limit=MAX_FRAME_BYTES, encoding="utf-8"
        )

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
        await asyncio.get_running_loop().run_in_executor(None, self._close_worker_connections)
        self.executor.shutdown(wait=True)

    def _close_worker_connections(self) -> None:
        """Close each worker thread's database connection: a stopped listener leaves no session open."""
        # One task per worker, held at a barrier until all have started, so every thread runs exactly one.
        barrier = threading.Barrier(self.workers)

        def close() -> None:
            connections.close_all()
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=10)

        for future in [self.executor.submit(close) for _ in range(self.workers)]:
            future.result(timeout=30)

    async def _serve_client(self, reader: HL7StreamReader, writer: HL7StreamWriter) -> None:
        peername = writer.get_extra_info("peername") or ("?", 0)
        peer = f"{peername[0]}:{peername[1]}"
        loop = asyncio.get_running_loop()
        try:
            while True:
                try:
                    block = await reader.readuntil(FRAME_END)
                except asyncio.IncompleteReadError as exc:
                    if exc.partial.strip():
                        logger.warning("adt_frame cut: connection closed mid-frame, dropped bytes=%d", len(exc.partial))
                    return
                except asyncio.LimitOverrunError:
                    logger.warning("adt_frame too large (over %d bytes): connection closed", MAX_FRAME_BYTES)
                    return
                frame = block[: -len(FRAME_END)]
                start = frame.rfind(START_BLOCK)
                if start < 0:
                    logger.warning("adt_frame without a start block dropped bytes=%d", len(frame))
                    continue
                if frame[:start].strip():
                    logger.warning("adt_frame cut: a new frame began before it ended, dropped bytes=%d", start)
                raw = decode(frame[start + 1 :])
                ack = await loop.run_in_executor(self.executor, partial(_apply, raw=raw, peer=peer))
                self.frames += 1
                writer.writeblock(ack.encode("utf-8"))
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            return
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()


async def serve(host: str, port: int, *, workers: int, ready: threading.Event | None = None) -> None:
    listener = AdtListener(host, port, workers=workers)
    await listener.start()
    logger.info("adt_listener listening host=%s port=%s workers=%s", host, listener.port, workers)
    if ready is not None:
        ready.set()
    try:
        assert listener.server is not None
        await listener.server.serve_forever()
    finally:
        await listener.close()


@contextlib.contextmanager
def listener_in_thread(host: str = "127.0.0.1", port: int = 0, *, workers: int = 4) -> Iterator[AdtListener]:
    """Run the real listener on its own event loop in a thread (tests, the benchmark); port 0 = a free one."""
    loop = asyncio.new_event_loop()
    listener = AdtListener(host, port, workers=workers)
    started = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(listener.start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="adt-listener", daemon=True)
    thread.start()
    if not started.wait(timeout=30):
        raise RuntimeError("The ADT listener did not start within 30 seconds.")
    try:
        yield listener
    finally:
        asyncio.run_coroutine_threadsafe(listener.close(), loop).result(timeout=60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()
