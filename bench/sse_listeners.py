"""Opens N server-sent-event streams on a poll, casts one vote, and reports how long each
listener took to see it. Usage: sse_listeners.py HOST PORT SLUG OPTION_ID N"""
import asyncio
import json
import sys
import time

host, port, slug, option, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])


async def listen(ready, fired, results, baseline):
    r, w = await asyncio.open_connection(host, port)
    w.write(f"GET /polls/{slug}/live HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await w.drain()
    buf = b""
    first = True
    while True:
        chunk = await r.read(65536)
        if not chunk:
            return
        buf += chunk
        while b"\n\n" in buf:
            event, buf = buf.split(b"\n\n", 1)
            for line in event.split(b"\n"):
                if line.startswith(b"data: "):
                    data = json.loads(line[6:])
                    if first:
                        first = False
                        baseline.append(data["ballots"])
                        ready.release()
                    elif fired and data["ballots"] > baseline[0]:
                        results.append(time.perf_counter() - fired[0])
                        w.close()
                        return


async def main():
    ready = asyncio.Semaphore(0)
    fired, results, baseline = [], [], []
    tasks = [asyncio.create_task(listen(ready, fired, results, baseline)) for _ in range(n)]
    for _ in range(n):
        await asyncio.wait_for(ready.acquire(), 30)
    await asyncio.sleep(0.5)
    body = f"slug={slug}&choices%5B%5D={option}".encode()
    r, w = await asyncio.open_connection(host, port)
    fired.append(time.perf_counter())
    w.write(
        f"POST /api/public/polls/vote HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    await w.drain()
    await r.read()
    done, pending = await asyncio.wait(tasks, timeout=5)
    for t in pending:
        t.cancel()
    lat = sorted(results)
    within = sum(1 for x in lat if x <= 1.0)
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")
    print(f"{n} {len(lat)} {within} {pct(0.5):.1f} {pct(0.99):.1f} {(lat[-1] * 1000 if lat else float('nan')):.1f}")


asyncio.run(main())
