"""asyncio anchor: N coroutines that each sleep for LATENCY seconds, gathered on one event loop.

Usage: python3 asyncio_sleeps.py [N] [LATENCY]    (defaults: 100000 1.0)
Prints one JSON line: the wall time and the peak resident memory of the process.
"""
import asyncio
import json
import resource
import sys
import time


async def download(latency: float) -> int:
    await asyncio.sleep(latency)
    return 1


async def main(count: int, latency: float) -> int:
    return sum(await asyncio.gather(*(download(latency) for _ in range(count))))


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    latency = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    started = time.perf_counter()
    done = asyncio.run(main(count, latency))
    wall = time.perf_counter() - started
    assert done == count
    print(json.dumps({"figure": "asyncio-sleeps", "count": count, "latencySeconds": latency,
                      "wallSeconds": round(wall, 3),
                      "peakMB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      "rows": [{"name": "asyncio.gather", "seconds": wall,
                                "size": f"{count} coroutines awaiting asyncio.sleep({latency:g})"}]}))
