"""/healthz probe for bench/run.py, in a process of its own.

The starvation target compares two series of this probe: idle and during a locust run. Measured from
the bench process itself, a probe also timed that process's garbage collector, whose heap holds
Django, every page rendered in-process and the SiSa files (a full collection there took about
100 ms): this lean process times the server, not its client.

Usage: probe.py BASE COUNT PAUSE_S. COUNT 0 probes until terminated. One time in ms per line,
`inf` for a failed request.
"""

import gc
import sys
import time
import urllib.request


def main() -> None:
    base, count, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    gc.disable()  # a handful of objects per probe; nothing to collect worth a pause
    request = urllib.request.Request(base + "/healthz", headers={"X-Forwarded-Proto": "https"})
    done = 0
    while count == 0 or done < count:
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
            ms = (time.perf_counter() - start) * 1000
        except OSError:
            ms = float("inf")
        print(f"{ms:.3f}", flush=True)
        done += 1
        time.sleep(pause)


if __name__ == "__main__":
    main()
