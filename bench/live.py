"""Benchmark: a live session over real HTTP, with one presenter screen and N phones.

Run: .venv/bin/python -m bench.live [--participants 500] [--seconds 10]
Starts the server with uvicorn on 127.0.0.1 in its own process, opens the presenter's event
stream and N participant event streams (each phone first loads its page, which gives it its
cookies), then lets every participant answer once, spread evenly over the answering window.
Measured per answer: from sending its POST to the presenter's stream receiving the count
event that answer produced (the response's Live-Event-Id). Also the server's peak resident
memory (VmHWM of its process).

Baselines in the same run: a trivial GET (/static/favicon.svg), 50 times with all streams
open just before the answers (the plain round trip of a server that is not busy), and five
times a second during the answering window (the plain round trip at that moment: if it is as
slow as the answers, the whole server is behind, not the answer's own path).

Errors: a phone whose page, stream or POST fails, a POST answered with anything but 303 or
without Live-Event-Id, an event that never reaches the presenter, and any stream (presenter or
participant) that closes before the end. The client is plain asyncio streams (no HTTP
library per connection), so that 2,000 open streams measure the server, not the client; its
event loop lag is printed so that can be checked.

Last line: live n=<N> answer_to_presenter_p50_ms=<x> p95_ms=<y> errors=<e> peak_rss_mb=<m>
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from backend.accounts.service import create_user
from backend.config import REPO_ROOT
from backend.content.store import import_collection
from backend.db import make_engine, migrate
from backend.live import service
from backend.live.broadcast import LocalBroadcaster
from backend.live.events import transaction
from backend.search.index import SearchIndex
from bench.browse import percentile

DILEMMA = "amendement-aangeleverd-door-vereniging"
OPTIONS = ("A", "B", "C")
TIMEOUT = 30.0  # seconds for any one request or for a stream to open
JOIN_CONCURRENCY = 50  # phones joining at the same moment while the room fills up
TARGET_P95_MS = 300.0  # at N=500


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --- the server -----------------------------------------------------------------------------


def prepare(root: Path) -> tuple[str, str, str]:
    """A database with the shipped content, a facilitator and a live session whose dilemma
    is open for answers. Returns the database URL, the join code and the presenter token."""
    url = f"sqlite:///{root / 'live.db'}"
    engine = make_engine(url)
    migrate(engine)
    import_collection(engine, REPO_ROOT)
    SearchIndex(root / "index", engine).rebuild()  # so the server does not build it at start
    broadcaster = LocalBroadcaster()
    with Session(engine) as db:
        user = create_user(db, "bench@example.org", "facilitator", "Zonnige-Sluisdeur-Lindebeek-42")
        with transaction(db, broadcaster):
            live = service.start_from_dilemma(db, user, DILEMMA, min_answers=3)
        with transaction(db, broadcaster):
            db.refresh(live)
            service.open_answers(db, live)
        code, token = live.code, live.presenter_token
    engine.dispose()
    return url, code, token


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    root: Path, url: str, port: int, index_dir: Path | None = None
) -> subprocess.Popen:
    """The app under uvicorn in its own process (its own index folder when given)."""
    env = {
        **os.environ,
        "DT_DATA_DIR": str(root),
        "DT_DATABASE_URL": url,
        "DT_INDEX_DIR": str(index_dir or root / "index"),
        "DT_SECRET_KEY": "bench-live",
        # Phones come from one machine here; as behind a reverse proxy, each phone's own
        # address travels in X-Forwarded-For, so per-address limits see separate phones.
        "DT_TRUSTED_PROXIES": "127.0.0.1",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "backend.main:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    return subprocess.Popen(command, cwd=REPO_ROOT, env=env)


def status_kb(pid: int, field_name: str) -> int:
    """A memory figure (kB) from /proc/<pid>/status, 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """Samples the server's resident memory ten times a second; the peak also takes the
    kernel's high-water mark (VmHWM), which catches peaks between samples."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak_kb = max(self.peak_kb, status_kb(self.pid, "VmRSS"))

    def stop(self) -> float:
        self.peak_kb = max(self.peak_kb, status_kb(self.pid, "VmHWM"))
        self._stop.set()
        return self.peak_kb / 1024


# --- a small HTTP/1.1 client over asyncio streams -------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter


async def send(
    port: int, method: str, path: str, cookies: dict, body: bytes = b"", client: str = ""
) -> Reply:
    """Send one request on a new connection and read the response's head (not its body).
    `client` is the phone's own address, passed on as a reverse proxy would."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    if client:
        lines.append(f"X-Forwarded-For: {client}")
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if body:
        lines.append("Content-Type: application/x-www-form-urlencoded")
        lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    headers, jar = {}, {}
    for line in head[1:]:
        if ":" not in line:
            continue
        name, value = line.split(":", 1)
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
        else:
            headers[name] = value
    return Reply(status, headers, jar, reader, writer)


async def read_body(reply: Reply) -> bytes:
    if "content-length" in reply.headers:
        return await reply.reader.readexactly(int(reply.headers["content-length"]))
    return await reply.reader.read()


async def close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()


async def request(
    port: int, method: str, path: str, cookies: dict, body: bytes = b"", client: str = ""
) -> Reply:
    """A whole request: head and body read, connection closed."""
    reply = await send(port, method, path, cookies, body, client)
    try:
        await read_body(reply)
    finally:
        await close(reply.writer)
    return reply


async def sse_events(reader: asyncio.StreamReader):
    """(id, event, data) of a chunked text/event-stream body, until the server ends it."""
    buffer, fields = b"", {}
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            return
        buffer += (await reader.readexactly(size + 2))[:-2]
        *lines, buffer = buffer.split(b"\n")
        for raw in lines:
            line = raw.rstrip(b"\r").decode()
            if not line:
                if "data" in fields or "event" in fields:
                    yield fields.get("id"), fields.get("event", "message"), fields.get("data")
                fields = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(":")
                fields[name] = value[1:] if value.startswith(" ") else value


# --- the run --------------------------------------------------------------------------------


@dataclass
class Phone:
    number: int
    cookies: dict = field(default_factory=dict)
    stream: asyncio.Task | None = None
    sent: float = 0.0  # monotonic seconds when the POST went out
    answered: float = 0.0  # when its response arrived
    event_id: str | None = None
    error: str = ""

    @property
    def address(self) -> str:
        """A private address of its own, as a reverse proxy would forward it."""
        return f"10.{self.number // 65536 % 256}.{self.number // 256 % 256}.{self.number % 256}"


@dataclass
class Run:
    port: int
    code: str
    token: str
    arrivals: dict[str, float] = field(default_factory=dict)  # event id -> monotonic seconds
    stopping: bool = False
    dropped: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def since(self) -> str:
        return f"at {time.monotonic() - self.started:.1f} s"


async def follow_presenter(run: Run, opened: asyncio.Event) -> None:
    reply = await asyncio.wait_for(
        send(run.port, "GET", f"/scherm/{run.token}/stroom?na=0", {}), TIMEOUT
    )
    if reply.status != 200:
        raise RuntimeError(f"presenter stream answered {reply.status}")
    opened.set()
    try:
        async for event_id, name, _ in sse_events(reply.reader):
            if name == "count" and event_id is not None:
                run.arrivals[event_id] = time.monotonic()
    except (OSError, asyncio.IncompleteReadError) as error:
        if not run.stopping:
            run.dropped.append(f"presenter: {error!r}")
        return
    finally:
        await close(reply.writer)
    if not run.stopping:
        run.dropped.append("presenter: stream ended")


async def hold_stream(run: Run, phone: Phone, reply: Reply) -> None:
    """Keep a participant's stream open and read it; an early end is a dropped connection."""
    last = b""
    try:
        while chunk := await reply.reader.read(65536):
            last = chunk
        if not run.stopping:
            run.dropped.append(f"phone {phone.number}: stream ended {run.since()}, last {last!r}")
    except OSError as error:
        if not run.stopping:
            run.dropped.append(f"phone {phone.number}: {error!r} {run.since()}")
    finally:
        await close(reply.writer)


async def join(run: Run, phone: Phone, gate: asyncio.Semaphore) -> None:
    async with gate:
        try:
            page = await asyncio.wait_for(
                request(run.port, "GET", f"/j/{run.code}", {}, client=phone.address), TIMEOUT
            )
            if page.status != 200 or not {"dt_csrf", "dt_deelnemer"} <= page.cookies.keys():
                phone.error = f"join page {page.status}"
                return
            phone.cookies = page.cookies
            stream = await asyncio.wait_for(
                send(run.port, "GET", f"/j/{run.code}/stroom", phone.cookies, client=phone.address),
                TIMEOUT,
            )
            if stream.status != 200:
                await close(stream.writer)
                phone.error = f"stream {stream.status}"
                return
            phone.stream = asyncio.create_task(hold_stream(run, phone, stream))
        except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
            phone.error = f"join {error!r}"


async def answer(run: Run, phone: Phone, at: float) -> None:
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    if phone.error:
        return
    body = urlencode(
        {"ronde": "0", "keuze": OPTIONS[phone.number % 3], "csrf_token": phone.cookies["dt_csrf"]}
    ).encode()
    phone.sent = time.monotonic()
    try:
        reply = await asyncio.wait_for(
            request(
                run.port, "POST", f"/j/{run.code}/antwoord", phone.cookies, body, phone.address
            ),
            TIMEOUT,
        )
    except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
        phone.error = f"answer {error!r}"
        return
    phone.answered = time.monotonic()
    phone.event_id = reply.headers.get("live-event-id")
    if reply.status != 303 or phone.event_id is None:
        phone.error = f"answer {reply.status} event id {phone.event_id}"


async def baseline(run: Run, at: float, samples: list[float], errors: list[str]) -> None:
    """One plain round trip of a trivial GET, sent at its own moment (not after the one
    before, so a slow server still gets five a second)."""
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    start = time.monotonic()
    try:
        reply = await asyncio.wait_for(request(run.port, "GET", "/static/favicon.svg", {}), TIMEOUT)
        if reply.status == 200:
            samples.append((time.monotonic() - start) * 1000)
        else:
            errors.append(f"baseline {reply.status}")
    except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
        errors.append(f"baseline {error!r}")


def cpu_seconds(pid: int, children: bool = False) -> float:
    """User plus system CPU time a process has used so far (with `children`, also that of
    its children that have ended and been waited for)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> float:
    """CPU seconds all cores of this machine have spent busy so far (/proc/stat)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


async def loop_lag(until: float, samples: list[float]) -> None:
    """How late this client's event loop wakes up (if high, the client is the bottleneck)."""
    while time.monotonic() < until:
        start = time.monotonic()
        await asyncio.sleep(0.01)
        samples.append((time.monotonic() - start - 0.01) * 1000)


async def wait_for_server(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            if (await request(port, "GET", "/static/favicon.svg", {})).status == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("server did not answer within 60 s")


def report(name: str, samples: list[float]) -> None:
    if not samples:
        say(f"{name:<34} no samples")
        return
    say(
        f"{name:<34} p50={statistics.median(samples):8.1f} ms  p95={percentile(samples, 0.95):8.1f}"
        f" ms  max={max(samples):8.1f} ms  n={len(samples)}"
    )


async def bench(args, server: subprocess.Popen, run: Run) -> dict:
    await wait_for_server(run.port, server)
    say(f"server up (pid {server.pid}), rss {status_kb(server.pid, 'VmRSS') / 1024:.0f} MB")

    opened = asyncio.Event()
    presenter = asyncio.create_task(follow_presenter(run, opened))
    await asyncio.wait_for(opened.wait(), TIMEOUT)

    phones = [Phone(number) for number in range(args.participants)]
    gate = asyncio.Semaphore(JOIN_CONCURRENCY)
    start = time.monotonic()
    joins = [asyncio.create_task(join(run, phone, gate)) for phone in phones]
    pending = set(joins)
    while pending:
        _, pending = await asyncio.wait(pending, timeout=5)
        done = sum(1 for phone in phones if phone.stream is not None)
        say(
            f"joined {done}/{len(phones)} in {time.monotonic() - start:.1f} s,"
            f" server rss {status_kb(server.pid, 'VmRSS') / 1024:.0f} MB"
        )
    join_s = time.monotonic() - start
    joined = sum(1 for phone in phones if phone.stream is not None)
    say(f"{joined} phones joined with open streams in {join_s:.1f} s")

    # The same trivial GET with every stream open but before anyone answers: the plain
    # round trip of a server that is not busy.
    idle: list[float] = []
    idle_errors: list[str] = []
    for _ in range(50):
        await baseline(run, time.monotonic(), idle, idle_errors)
        await asyncio.sleep(0.02)

    begin = time.monotonic() + 0.5
    until = begin + args.seconds
    lag: list[float] = []
    base: list[float] = []
    base_errors: list[str] = []
    helpers = [asyncio.create_task(loop_lag(until, lag))]
    helpers += [
        asyncio.create_task(baseline(run, begin + number * 0.2, base, base_errors))
        for number in range(int(args.seconds * 5))
    ]
    step = args.seconds / len(phones)
    answers = [
        asyncio.create_task(answer(run, phone, begin + number * step))
        for number, phone in enumerate(phones)
    ]
    server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
    await asyncio.gather(*answers, *helpers)
    took = time.monotonic() - begin
    server_cpu = cpu_seconds(server.pid) - server_cpu
    client_cpu = time.process_time() - client_cpu
    say(
        f"all answers sent and answered {took - args.seconds:.1f} s after the window"
        f" ({len(phones) / took:.0f} answers/s over {took:.1f} s); CPU in that time:"
        f" server {100 * server_cpu / took:.0f}%, this client {100 * client_cpu / took:.0f}%"
        " (100% = one core)"
    )
    expected = {phone.event_id for phone in phones if phone.event_id and not phone.error}
    deadline = time.monotonic() + TIMEOUT
    while not expected <= run.arrivals.keys() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(1)  # streams that break right after the last answer count as dropped
    still_open = sum(1 for phone in phones if phone.stream is not None and not phone.stream.done())
    say(f"participant streams still open at the end: {still_open}/{joined}")
    say(f"server rss at the end {status_kb(server.pid, 'VmRSS') / 1024:.0f} MB")

    run.stopping = True
    for phone in phones:
        if phone.stream is not None:
            phone.stream.cancel()
    presenter.cancel()

    latency, post_rtt, after_response = [], [], []
    for phone in phones:
        if phone.error:
            continue
        arrival = run.arrivals.get(phone.event_id)
        if arrival is None:
            phone.error = f"event {phone.event_id} never reached the presenter"
            continue
        latency.append((arrival - phone.sent) * 1000)
        post_rtt.append((phone.answered - phone.sent) * 1000)
        after_response.append((arrival - phone.answered) * 1000)
    problems = [f"phone {phone.number}: {phone.error}" for phone in phones if phone.error]
    problems += run.dropped + idle_errors + base_errors
    return {
        "idle": idle,
        "latency": latency,
        "post_rtt": post_rtt,
        "after_response": after_response,
        "baseline": base,
        "lag": lag,
        "problems": problems,
        "dropped": len(run.dropped),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10.0, help="the answering window")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * args.participants + 1000
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        url, code, token = prepare(root)
        say(f"session {code} ready, dilemma {DILEMMA} open for answers")
        run = Run(free_port(), code, token)
        server = start_server(root, url, run.port)
        memory = MemorySampler(server.pid)
        memory.start()
        try:
            figures = asyncio.run(bench(args, server, run))
        finally:
            peak_mb = memory.stop()
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    latency, base = figures["latency"], figures["baseline"]
    report("answer POST -> presenter event", latency)
    report("answer POST round trip (303)", figures["post_rtt"])
    report("presenter event after POST reply", figures["after_response"])
    report("baseline GET, before the answers", figures["idle"])
    report("baseline GET, during the answers", base)
    report("client event loop lag", figures["lag"])
    problems = figures["problems"]
    for problem in problems[:10]:
        say(f"error: {problem}")
    if len(problems) > 10:
        say(f"... and {len(problems) - 10} more errors")
    p50 = statistics.median(latency) if latency else float("nan")
    p95 = percentile(latency, 0.95) if latency else float("nan")
    for name, samples in (("before", figures["idle"]), ("during", base)):
        if latency and samples:
            say(
                f"ratio answer_to_presenter / baseline {name} the answers:"
                f" p50={p50 / statistics.median(samples):.1f}"
                f" p95={p95 / percentile(samples, 0.95):.1f}"
            )
    errors = len(problems)
    if args.participants == 500:
        met = p95 < TARGET_P95_MS and errors == 0
        verdict = "met" if met else "NOT met"
        say(f"target n=500 p95 < {TARGET_P95_MS:.0f} ms and no errors: {verdict}")
    if args.participants == 2000:
        met = errors == 0 and figures["dropped"] == 0
        say(f"target n=2000 without errors or dropped connections: {'met' if met else 'NOT met'}")
    say(
        f"live n={args.participants} answer_to_presenter_p50_ms={p50:.1f} p95_ms={p95:.1f}"
        f" errors={errors} peak_rss_mb={peak_mb:.0f}"
    )


if __name__ == "__main__":
    main()
