"""The article's first experiment: N downloads of LATENCY seconds, one after another and then in threads.

Usage: python3 threads_downloads.py [N] [LATENCY]    (defaults: 3 2.0)
"""
import json
import sys
import threading
import time


def download(latency: float) -> None:
    time.sleep(latency)


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def sequential(count: int, latency: float) -> None:
    for _ in range(count):
        download(latency)


def threaded(count: int, latency: float) -> None:
    threads = [threading.Thread(target=download, args=(latency,)) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    latency = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    sequential_seconds = timed(lambda: sequential(count, latency))
    threads_seconds = timed(lambda: threaded(count, latency))
    size = f"{count} downloads of {latency:g} s (time.sleep)"
    print(json.dumps({"figure": "threads-downloads", "count": count, "latencySeconds": latency,
                      "sequentialSeconds": round(sequential_seconds, 3), "threadsSeconds": round(threads_seconds, 3),
                      "rows": [{"name": "sequential", "seconds": sequential_seconds, "size": size},
                               {"name": "threading.Thread each", "seconds": threads_seconds, "size": size}]}))
