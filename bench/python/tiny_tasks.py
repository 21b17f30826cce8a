"""concurrent.futures anchors: how many tiny tasks (item * 2) a second each executor gets through.

Usage: python3 tiny_tasks.py [ITEMS]    (default 100000; the process pool without chunks uses ITEMS / 10)
"""
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def work(item: int) -> int:
    return item * 2


def seconds(executor_type, items: int, chunksize: int = 1) -> float:
    with executor_type(max_workers=4) as executor:
        list(executor.map(work, range(100), chunksize=chunksize))  # start the workers before the clock
        started = time.perf_counter()
        results = list(executor.map(work, range(items), chunksize=chunksize))
        wall = time.perf_counter() - started
    assert results[-1] == (items - 1) * 2
    return wall


def row(name: str, wall: float, items: int) -> dict:
    return {"name": name, "seconds": wall, "size": f"{items:,} tasks of item * 2", "perItemMicroseconds": 1e6 * wall / items}


if __name__ == "__main__":
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    process_items = max(1000, items // 10)
    runs = [("ThreadPoolExecutor(4)", seconds(ThreadPoolExecutor, items), items),
            ("ProcessPoolExecutor(4)", seconds(ProcessPoolExecutor, process_items), process_items),
            ("ProcessPoolExecutor(4), chunksize=1000", seconds(ProcessPoolExecutor, items * 10, chunksize=1000), items * 10)]
    print(json.dumps({
        "figure": "tiny-tasks-per-second",
        "threadPool": round(runs[0][2] / runs[0][1]),
        "processPool": round(runs[1][2] / runs[1][1]),
        "processPoolChunks1000": round(runs[2][2] / runs[2][1]),
        "rows": [row(*r) for r in runs],
    }))
