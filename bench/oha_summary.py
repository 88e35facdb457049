"""Prints "req/s p50_ms p99_ms success_rate" from oha's JSON output on stdin."""
import json
import sys

d = json.load(sys.stdin)
s, p = d["summary"], d["latencyPercentiles"]
print(f'{s["requestsPerSec"]:.0f} {p["p50"] * 1000:.2f} {p["p99"] * 1000:.2f} {s["successRate"]:.4f}')
