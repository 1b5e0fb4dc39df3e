#!/usr/bin/env python3
"""The simulation of gradphoto-plan written again with SimPy, as an independent cross-check of
its figures and a peer to time it against.

The model is the one `src/simulate.rs` documents: classes arrive as groups (normal spread around
slot start − early), students within the group window, no-shows drop out; fixed-time check-in
desks issue the day's sequence numbers in order; one queue for the stations, retakes first then
the lowest number (SimPy's PriorityResource with priority (0 for a retake, seq)); lognormal shot
times fitted to the mean and the 90th percentile; at most one retake per student. Its random
numbers are Python's, so the figures agree with the Rust ones statistically, not to the digit.

    cargo run --release -p gradphoto-plan --example plan_bench -- --dump-scenario > campaign.json
    python3 crates/gradphoto-plan/bench/simpy_campaign.py campaign.json 50
"""

import json
import math
import random
import sys
import time

import simpy

Z90 = 1.2815515655446004


def lognormal_fit(mean, p90):
    """(mu, sigma) of the lognormal with this mean and 90th percentile; sigma 0: constant."""
    if p90 <= mean:
        return math.log(mean), 0.0
    sigma = Z90 - math.sqrt(max(0.0, Z90 * Z90 - 2.0 * math.log(p90 / mean)))
    return math.log(mean) - sigma * sigma / 2.0, sigma


def nearest_rank(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[max(1, math.ceil(p * len(values))) - 1]


def simulate_day(day, params, rng, waits):
    env = simpy.Environment()
    desks = simpy.Resource(env, capacity=params["desks"])
    stations = simpy.PriorityResource(env, capacity=params["stations"])
    mu, sigma = lognormal_fit(params["service_mean_s"], params["service_p90_s"])
    early = params["early_arrival_min"] * 60.0
    spread = params["arrival_spread_min"] * 60.0
    window = params["group_window_min"] * 60.0
    seq = [0]

    def shot():
        return math.exp(mu + sigma * rng.gauss(0.0, 1.0)) if sigma > 0 else math.exp(mu)

    def student(slot, at):
        yield env.timeout(max(0.0, at - env.now))
        with desks.request() as desk:
            yield desk
            yield env.timeout(params["desk_service_s"])
        seq[0] += 1
        number, ticket = seq[0], env.now
        call = stations.request(priority=(1, number))
        yield call
        waits[slot].append(env.now - ticket)
        yield env.timeout(shot())
        if rng.random() < params["retake_rate"]:
            # Asked for before the station is let go, so the retake takes it first.
            again = stations.request(priority=(0, number))
            stations.release(call)
            yield again
            yield env.timeout(shot())
            call = again
        stations.release(call)

    arrivals = []
    for s, slot in enumerate(day["slots"]):
        told = slot["start_min"] * 60.0 - early
        for klass in slot["classes"]:
            group = told + spread * rng.gauss(0.0, 1.0)
            for _ in range(klass["students"]):
                if rng.random() < params["no_show_rate"]:
                    continue
                arrivals.append((group + window * rng.random(), s))
    # SimPy's clock starts at 0: shift the day so its first arrival is at 0.
    arrivals.sort()
    origin = arrivals[0][0] if arrivals else 0.0
    for at, s in arrivals:
        env.process(student((day["date"], s), at - origin))
    env.run()


def main():
    path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with open(path) as f:
        data = json.load(f)
    scenario, params = data["scenario"], data["params"]
    rng = random.Random(params["seed"])
    waits = {}
    for day in scenario["days"]:
        for s in range(len(day["slots"])):
            waits[(day["date"], s)] = []
    start = time.process_time()  # CPU time: holds on a busy machine
    for _ in range(runs):
        for day in scenario["days"]:
            simulate_day(day, params, rng, waits)
    elapsed = time.process_time() - start
    students = sum(k["students"] for d in scenario["days"] for s in d["slots"] for k in s["classes"])
    print(f"SimPy {simpy.__version__}, {runs} runs: {elapsed:.2f} s CPU "
          f"({elapsed / runs * 1000:.0f} ms a run, {elapsed * 1e9 / (runs * students):.0f} ns per student and run)")
    print("| slot | p50 wait | p90 wait |")
    print("|---|---:|---:|")
    worst = 0.0
    for day in scenario["days"]:
        for s, slot in enumerate(day["slots"]):
            w = waits[(day["date"], s)]
            p50, p90 = nearest_rank(w, 0.5), nearest_rank(w, 0.9)
            worst = max(worst, p90)
            start_min = slot["start_min"]
            print(f"| {day['date'][5:]} {start_min // 60:02}:{start_min % 60:02} | {p50 / 60:.1f} min | {p90 / 60:.1f} min |")
    print(f"worst slot p90 wait: {worst / 60:.1f} min")


if __name__ == "__main__":
    main()
