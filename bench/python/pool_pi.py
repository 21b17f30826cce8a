"""The article's multiprocessing example: the Leibniz series for pi, JOBS jobs of TERMS terms, in a Pool(4),
against the same jobs one after another and in four threads (the GIL).

Usage: python3 pool_pi.py [JOBS] [TERMS]    (defaults: 4 1000000)
"""
import json
import sys
import threading
import time
from multiprocessing import Pool


def calculate_pi(terms: int) -> float:
    total = 0.0
    for i in range(terms):
        total += (-1) ** i / (2 * i + 1)
    return 4 * total


def timed(run):
    started = time.perf_counter()
    value = run()
    return value, time.perf_counter() - started


def threads(jobs: int, terms: int):
    results = [0.0] * jobs

    def job(index: int) -> None:
        results[index] = calculate_pi(terms)

    workers = [threading.Thread(target=job, args=(i,)) for i in range(jobs)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results


if __name__ == "__main__":
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    terms = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    single, single_seconds = timed(lambda: calculate_pi(terms))
    _, sequential_seconds = timed(lambda: [calculate_pi(terms) for _ in range(jobs)])
    _, threads_seconds = timed(lambda: threads(jobs, terms))
    with Pool(processes=4) as pool:
        pooled, pool_seconds = timed(lambda: pool.map(calculate_pi, [terms] * jobs))
    assert all(abs(p - single) < 1e-12 for p in pooled)
    print(json.dumps({"figure": "pool-pi", "jobs": jobs, "terms": terms, "pi": single,
                      "oneJobSeconds": round(single_seconds, 3), "sequentialSeconds": round(sequential_seconds, 3),
                      "threadsSeconds": round(threads_seconds, 3), "pool4Seconds": round(pool_seconds, 3),
                      "rows": [{"name": name, "seconds": seconds, "size": f"{jobs} jobs x {terms:,} terms"}
                               for name, seconds in (("one after another", sequential_seconds),
                                                     (f"{jobs} threads (the GIL)", threads_seconds),
                                                     ("Pool(4).map", pool_seconds))]}))
