"""The article's "spawning a process takes roughly 10-50ms versus microseconds for a thread": STARTS starts and joins
of a thread, and of a multiprocessing.Process with each start method this platform has (fork, spawn, forkserver).

It must run from a file, never from stdin: spawn and forkserver start a fresh interpreter that imports this module.
Usage: python3 spawn_cost.py [STARTS]    (default 20)
"""
import json
import multiprocessing
import sys
import threading
import time


def nothing() -> None:
    pass


def per_start(start, starts: int) -> float:
    start().join()  # the first start pays imports and, for forkserver, the server: not counted
    began = time.perf_counter()
    for _ in range(starts):
        start().join()
    return (time.perf_counter() - began) / starts


def thread() -> threading.Thread:
    t = threading.Thread(target=nothing)
    t.start()
    return t


def process(context):
    def start():
        p = context.Process(target=nothing)
        p.start()
        return p
    return start


if __name__ == "__main__":
    starts = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    size = f"{starts} starts and joins"
    runs = [("threading.Thread", per_start(thread, starts))]
    for method in multiprocessing.get_all_start_methods():
        runs.append((f"Process, {method}", per_start(process(multiprocessing.get_context(method)), starts)))
    print(json.dumps({"figure": "spawn-cost", "rows": [
        {"name": name, "seconds": seconds * starts, "size": size, "perItemMicroseconds": 1e6 * seconds} for name, seconds in runs]}))
