#!/usr/bin/env python3
# Side-by-side box latencies of two builds of the platform over HTTP, on one database: both must be
# running (for example an older trips.jar on port 8091 and the current one on 8092, each started with
# TRIPS_DB_URL=jdbc:postgresql://localhost:5432/trips_bench and an inbox of its own). Each round asks
# every box of both, alternating which goes first, so that both meet the same cache and the same
# moments of a noisy machine. Boxes: SIZE x SIZE degrees around the benchmark's three centres
# (trips.perf.bench.Questions, the 100M file), taller than the benchmark's (SIZE x SIZE/2).
# Usage: perf/bin/ab-boxes.py ROUNDS [origin,destination|both] [0.005,0.02,0.1,0.5]
import subprocess, statistics, sys, itertools
centers=[(10.03393037542193,53.58319015261706),(14.40023080985839,50.07198380095998),(7.683860741102611,45.0652331713993)]
sizes=[float(x) for x in (sys.argv[3] if len(sys.argv)>3 else "0.005,0.02,0.1,0.5").split(",")]
matches=sys.argv[2].split(',') if len(sys.argv)>2 else ['origin','destination']
rounds=int(sys.argv[1])
def t(port,q):
    out=subprocess.run(['curl','-s','-o','/dev/null','-w','%{http_code} %{time_total}',f'http://localhost:{port}/api/weekly-average?{q}'],capture_output=True,text=True).stdout.split()
    assert out[0]=='200', out
    return float(out[1])*1000
res={}
qs=[]
for (lon,lat),s,m in itertools.product(centers,sizes,matches):
    qs.append((s,m,f"bbox={lon-s/2:.6f},{lat-s/2:.6f},{lon+s/2:.6f},{lat+s/2:.6f}&match={m}"))
for r in range(rounds):
    for s,m,q in qs:
        order=[8091,8092] if r%2==0 else [8092,8091]
        for p in order:
            res.setdefault((s,m,p),[]).append(t(p,q))
for s in sizes:
    for m in matches:
        a=res[(s,m,8091)]; b=res[(s,m,8092)]
        print(f"{s} {m}: 8091 p50 {statistics.median(a):.1f} max {max(a):.1f} | 8092 p50 {statistics.median(b):.1f} max {max(b):.1f} ms")
