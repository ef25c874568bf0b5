"""Drives `augur serve --workers 0` plus N `augur worker` processes on one PostgreSQL database (see run.sh)."""
import http.cookiejar, json, os, re, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request, uuid

dll, postgres, trials = sys.argv[1], sys.argv[2], int(sys.argv[3])
fixture = "tests/Augur.Web.Tests/Fixtures/telco-400.csv"
database = "augur_bench_" + uuid.uuid4().hex[:8]
settings = dict(p.split("=", 1) for p in postgres.split(";") if p)
subprocess.run(["psql", "-h", settings["Host"], "-p", settings.get("Port", "5432"), "-U", settings["Username"], "-d", settings["Database"],
                "-qc", f"CREATE DATABASE {database}"], check=True)
connection = ";".join(f"{k}={v}" for k, v in {**settings, "Database": database}.items())
data = tempfile.mkdtemp(prefix="augur-bench-")
env = {**os.environ, "AUGUR_ADMIN_PASSWORD": "bench-password", "Augur__SeedDemo": "false",
       "Database__Provider": "PostgreSql", "Database__ConnectionString": connection,
       # ISOLATION=InProcess measures the workers without a child process per trial (the default is Process).
       "Training__TrialIsolation": os.environ.get("ISOLATION", "Process")}
print("trial isolation:", env["Training__TrialIsolation"], flush=True)
processes = []


def start(*args):
    log = open(os.path.join(data, f"p{len(processes)}.log"), "w+")
    p = subprocess.Popen(["dotnet", dll, *args, "--data", data], env=env, stdout=log, stderr=subprocess.STDOUT)
    processes.append((p, log))
    return p, log


with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
base = f"http://127.0.0.1:{port}"
start("serve", "--workers", "0", "--urls", base)
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def call(method, path, body=None, raw=None, content_type="application/json"):
    payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(base + path, data=payload, method=method, headers={"Content-Type": content_type} if payload else {})
    with opener.open(request, timeout=60) as response:
        text = response.read()
        return json.loads(text) if text else None


for _ in range(300):
    try:
        call("POST", "/api/v1/auth/login", {"userName": "admin", "password": "bench-password"})
        break
    except Exception:
        time.sleep(0.2)
project = call("POST", "/api/v1/projects", {"name": "Cluster bench"})["id"]
boundary = "augurbench"
content = open(fixture, "rb").read()
form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"telco.csv\"\r\nContent-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
dataset = call("POST", f"/api/v1/projects/{project}/datasets", raw=form, content_type=f"multipart/form-data; boundary={boundary}")["id"]


def trials_of(run):
    return call("GET", f"/api/v1/projects/{project}/runs/{run}/trials?sort=number&limit=500")["items"]


def study(parallelism, name):
    run = call("POST", f"/api/v1/projects/{project}/runs",
               {"datasetId": dataset, "target": "Churn", "budgetSeconds": 3600, "parallelism": parallelism, "maxTrials": trials, "seed": 7, "modelName": name})["id"]
    return run


def wait(run, timeout=900):
    deadline = time.time() + timeout
    while time.time() < deadline:
        r = call("GET", f"/api/v1/projects/{project}/runs/{run}")
        if r["status"] in ("succeeded", "failed", "cancelled"):
            return r
        time.sleep(0.2)
    raise TimeoutError(run)


def iso(t):
    fraction = t[20:].rstrip("Z")[:6] if len(t) > 20 else ""
    return time.mktime(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S")) + (float("0." + fraction) if fraction else 0.0)


results = {}
workers = []
for count in (1, 2):
    while len(workers) < count:
        workers.append(start("worker", "--workers", "1"))
    time.sleep(5)  # let the new worker's scheduler start
    run = study(count, f"bench-{count}")
    done = wait(run)
    rows = trials_of(run)
    first = min(iso(t["startedAt"]) for t in rows)
    last = max(iso(t["startedAt"]) + t["durationSeconds"] for t in rows)
    finished = iso(done["finishedAt"])
    started = iso(done["startedAt"])
    results[count] = {"status": done["status"], "trials": len(rows), "search_s": round(last - first, 1),
                      "trials_per_min": round(len(rows) / (last - first) * 60, 1),
                      "run_s": round(finished - started, 1), "trial_s_median": round(statistics.median(t["durationSeconds"] for t in rows), 2)}
    print(count, "worker(s):", results[count], flush=True)

dispatch, isolation = [], []
for p, log in workers:
    log.flush()
    log.seek(0)
    for line in log.read().splitlines():
        m = re.search(r"dispatch: claim ([0-9.]+) ms, record ([0-9.]+) ms", line)
        if m:
            dispatch.append(float(m.group(1)) + float(m.group(2)))
        m = re.search(r"ran in a child process in ([0-9.]+) ms; start-up and data load ([0-9.]+) ms \(runtime start ([0-9.]+) ms, data ([0-9.]+) ms\)", line)
        if m:
            isolation.append(tuple(float(g) for g in m.groups()))
dispatch.sort()
print("dispatch per trial (claim + record), ms: n=%d median=%.1f p95=%.1f max=%.1f" % (
    len(dispatch), statistics.median(dispatch), dispatch[int(len(dispatch) * 0.95) - 1], dispatch[-1]), flush=True)

if isolation:
    def med(i):
        return statistics.median(x[i] for x in isolation)
    print("child process per trial, ms: n=%d median wall=%.0f, start-up and data load=%.0f (runtime start %.0f, data %.0f), max overhead=%.0f" % (
        len(isolation), med(0), med(1), med(2), med(3), max(x[1] for x in isolation)), flush=True)

# Recovery: kill the worker that runs a trial, time until that trial is failed and the study moves on.
run = study(2, "bench-kill")
victim = None
while victim is None:
    rows = trials_of(run)
    if any(t["status"] != "running" for t in rows):
        for t in rows:
            if t["status"] == "running":
                for p, _ in workers:
                    if f":{p.pid}/" in (t["workerId"] or ""):
                        victim = (p, t["number"])
    time.sleep(0.05)
victim[0].send_signal(signal.SIGKILL)
killed = time.time()
while True:
    t = next(t for t in trials_of(run) if t["number"] == victim[1])
    if t["status"] != "running":
        break
    time.sleep(0.1)
recovered = time.time() - killed
done = wait(run)
print("recovery after SIGKILL: trial %d marked %s after %.1f s (lease %s); study %s with %d trials" % (
    victim[1], t["status"], recovered, "15 s", done["status"], len(trials_of(run))), flush=True)

for p, log in processes:
    if p.poll() is None:
        p.terminate()
for p, log in processes:
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
subprocess.run(["psql", "-h", settings["Host"], "-p", settings.get("Port", "5432"), "-U", settings["Username"], "-d", settings["Database"],
                "-qc", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"])
