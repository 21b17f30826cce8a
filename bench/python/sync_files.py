"""The decision tree's "reading a few files: just use synchronous code": FILES files of SIZE bytes, written to a
temporary folder and read back warm (from the page cache), in a loop and through a ThreadPoolExecutor; the fastest of
ROUNDS rounds each.

Usage: python3 sync_files.py [FILES] [SIZE] [ROUNDS]    (defaults: 4 16384 300)
"""
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor


def read(path: str) -> int:
    with open(path, "rb") as f:
        return len(f.read())


def best(run, rounds: int) -> float:
    run()
    fastest = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        run()
        fastest = min(fastest, time.perf_counter() - began)
    return fastest


if __name__ == "__main__":
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 16384
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    with tempfile.TemporaryDirectory(prefix="concurrency-lab-sync-py-") as folder:
        paths = []
        for i in range(files):
            path = os.path.join(folder, f"file-{i:05d}.bin")
            with open(path, "wb") as f:
                f.write(os.urandom(size))
            paths.append(path)
        total = files * size
        loop = best(lambda: sum(read(p) for p in paths) == total or sys.exit("short read"), rounds)
        with ThreadPoolExecutor(max_workers=4) as pool:
            threads = best(lambda: sum(pool.map(read, paths)) == total or sys.exit("short read"), rounds)
    label = f"{files} warm files of {size:,} bytes, fastest of {rounds} rounds"
    print(json.dumps({"figure": "sync-files", "rows": [
        {"name": "open().read() in a loop", "seconds": loop, "size": label, "perItemMicroseconds": 1e6 * loop / files},
        {"name": "ThreadPoolExecutor(4).map", "seconds": threads, "size": label, "perItemMicroseconds": 1e6 * threads / files}]}))
