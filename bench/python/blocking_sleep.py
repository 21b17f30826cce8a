"""The article's coloring problem: time.sleep() inside a coroutine blocks the whole event loop, so COUNT "concurrent"
coroutines take COUNT x LATENCY; asyncio.sleep() lets them overlap, and asyncio.to_thread() is the bridge that keeps
blocking code off the loop.

Usage: python3 blocking_sleep.py [COUNT] [LATENCY]    (defaults: 5 1.0)
"""
import asyncio
import json
import sys
import time


async def blocking(latency: float) -> None:
    time.sleep(latency)


async def awaiting(latency: float) -> None:
    await asyncio.sleep(latency)


async def bridged(latency: float) -> None:
    await asyncio.to_thread(time.sleep, latency)


async def gather(coroutine, count: int, latency: float) -> float:
    started = time.perf_counter()
    await asyncio.gather(*(coroutine(latency) for _ in range(count)))
    return time.perf_counter() - started


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    latency = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    size = f"{count} coroutines of {latency:g} s"
    rows = [{"name": name, "seconds": asyncio.run(gather(coroutine, count, latency)), "size": size}
            for name, coroutine in (("time.sleep in a coroutine", blocking),
                                    ("await asyncio.sleep", awaiting),
                                    ("await asyncio.to_thread(time.sleep)", bridged))]
    print(json.dumps({"figure": "blocking-sleep", "rows": rows}))
