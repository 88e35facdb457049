"""Registrations through the real HTTP endpoint, each with its own e-mail address.

oha picks request bodies from a file at random, so some would repeat an address (and be refused
as already registered); this client sends each body exactly once, over keep-alive connections.

  register_load.py URL PROGRAM N CONNECTIONS TAG [--at-once]

Prints JSON: requests, seconds, rps, p50_ms, p99_ms and the status codes. With --at-once every
connection is opened first and all requests are sent together (one per connection), and
`seconds` is the wall time from the first request sent to the last answer.
"""
import asyncio
import json
import sys
import time
from urllib.parse import urlsplit


async def exchange(reader, writer, head, body):
    writer.write(head + body)
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return status


def request(host, path, program, tag, i):
    body = f"program={program}&name=Bench+Patron&email={tag}{i}%40patrons.example&party_size=1".encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head, body


async def main():
    url, program, n, conns, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    at_once = "--at-once" in sys.argv
    u = urlsplit(url)
    host, port, path = u.hostname, u.port or 80, u.path
    latencies, codes = [], {}
    next_i = 0

    async def worker(reader, writer, start_gate):
        nonlocal next_i
        if start_gate is not None:
            await start_gate.wait()
        while next_i < n:
            i = next_i
            next_i += 1
            head, body = request(f"{host}:{port}", path, program, tag, i)
            t = time.perf_counter()
            status = await exchange(reader, writer, head, body)
            latencies.append(time.perf_counter() - t)
            codes[status] = codes.get(status, 0) + 1
            if at_once:
                break
        writer.close()

    connections = [await asyncio.open_connection(host, port) for _ in range(conns)]
    gate = asyncio.Event() if at_once else None
    tasks = [asyncio.create_task(worker(r, w, gate)) for r, w in connections]
    await asyncio.sleep(0)
    start = time.perf_counter()
    if gate is not None:
        gate.set()
    await asyncio.gather(*tasks)
    seconds = time.perf_counter() - start
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(json.dumps({
        "requests": len(latencies),
        "seconds": round(seconds, 3),
        "rps": round(len(latencies) / seconds),
        "p50_ms": round(pick(0.50), 2),
        "p99_ms": round(pick(0.99), 2),
        "codes": codes,
    }))


asyncio.run(main())
