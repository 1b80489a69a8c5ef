#!/usr/bin/env python3
"""Start-up timings that the machine's drift does not skew: runs each command in turn,
ROUNDS times, so every command sees the same moments of a fast or slow machine, and
prints each one's median and its ratio to the first command's.

usage: bench/alternate.py ROUNDS 'CMD ARGS...' ['NAME=VALUE CMD ARGS...' ...]

Leading NAME=VALUE words set the command's environment (for experiment builds). Each run
is a posix_spawn and a wait, output to /dev/null, no shell; 20 warm-up rounds first.
"""
import os
import shlex
import statistics
import sys
import time

WARMUP = 20


def parse(spec):
    words = shlex.split(spec)
    env = dict(os.environ)
    while words and "=" in words[0] and not words[0].startswith(("/", ".")):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    if not words:
        sys.exit(f"alternate.py: no command in {spec!r}")
    return words, env


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit("usage: bench/alternate.py ROUNDS 'CMD ARGS...' ['NAME=VALUE CMD ARGS...' ...]")
    rounds = int(sys.argv[1])
    commands = [parse(spec) for spec in sys.argv[2:]]
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    times = [[] for _ in commands]
    for round_ in range(WARMUP + rounds):
        for (argv, env), kept in zip(commands, times):
            start = time.perf_counter_ns()
            pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions)
            os.waitpid(pid, 0)
            if round_ >= WARMUP:
                kept.append((time.perf_counter_ns() - start) / 1e6)
    base = statistics.median(times[0])
    for spec, kept in zip(sys.argv[2:], times):
        median = statistics.median(kept)
        print(f"{median:7.3f} ms  {median / base:5.2f}x  {spec}")


if __name__ == "__main__":
    main()
