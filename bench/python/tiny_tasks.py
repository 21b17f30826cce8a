"""concurrent.futures anchors: how many tiny tasks (item * 2) a second each executor gets through.

Usage: python3 tiny_tasks.py [ITEMS]    (default 100000; the process pool without chunks uses ITEMS / 10)
"""
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def work(item: int) -> int:
    return item * 2


def rate(executor_type, items: int, chunksize: int = 1) -> float:
    with executor_type(max_workers=4) as executor:
        list(executor.map(work, range(100), chunksize=chunksize))  # start the workers before the clock
        started = time.perf_counter()
        results = list(executor.map(work, range(items), chunksize=chunksize))
        wall = time.perf_counter() - started
    assert results[-1] == (items - 1) * 2
    return items / wall


if __name__ == "__main__":
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(json.dumps({
        "figure": "tiny-tasks-per-second",
        "threadPool": round(rate(ThreadPoolExecutor, items)),
        "processPool": round(rate(ProcessPoolExecutor, max(1000, items // 10))),
        "processPoolChunks1000": round(rate(ProcessPoolExecutor, items * 10, chunksize=1000)),
    }))
