#!/usr/bin/python3
"""run_checks.py CHECK JIKJI PORTAL SOURCE_DIR BUILD_DIR

Checks of the run session through the jikji command, against the demo portal (PORTAL, started on
a free port of 127.0.0.1). CHECK is one of:
  reports           every run report of ingest, a failing ingest, reprocess and a SIGTERMed
                    reprocess, and every report the C++ tests collected (BUILD_DIR/run-reports),
                    validates against schemas/run.schema.json with python3-jsonschema; run id ==
                    file name
  json-logs         every stderr line of JSON-log runs (ingest, reprocess, a config error) parses
                    as one JSON object whose `time` is RFC 3339; `--log-level nonsense` exits 2
  sigterm           SIGTERM during reprocess: report written (exit 1), records whole, validate
                    clean, and a rerun converges to the records of an uninterrupted reprocess
  check-page        `jikji check --page` prints the seed page's record fields
  status            status exits 0 when healthy, 1 after a failed ingest; --runs filters; no
                    lease counted after a clean --max-items exit
  cron              scripts/jikji-cron passes the arguments after `--`, keeps its lock in the
                    archive, writes JSON lines only, and an overlapping run exits 3 with one line
  install           `cmake --install` into a temporary prefix yields a jikji that runs the demo
Exits 0 when the check holds, 1 otherwise."""
import datetime, fcntl, glob, json, os, re, shutil, signal, subprocess, sys, tempfile, time

check = sys.argv[1]
jikji, portal_bin, source, build = (os.path.abspath(a) for a in sys.argv[2:6])
problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)
        print("FAIL:", message)


def run(args, env=None, binary=None):
    full = dict(os.environ, **(env or {}))
    return subprocess.run([binary or jikji] + args, capture_output=True, text=True, env=full)


class Portal:
    def __init__(self, work):
        self.work = work
        port_file = os.path.join(work, "port")
        self.process = subprocess.Popen([portal_bin, "--host", "127.0.0.1", "--port", "0",
                                         "--port-file", port_file],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.05)
        self.port = open(port_file).read().strip()

    def config(self, archive, name="demo.json", extra_source=None):
        text = open(os.path.join(source, "fixtures/portal/demo.json"), encoding="utf-8").read()
        text = text.replace("${PORT}", self.port).replace('"delay_ms": 50', '"delay_ms": 0')
        text = text.replace('"sqlite:./archive/demo-portal/jikji.db"', json.dumps("sqlite:" + archive + "/jikji.db"))
        text = text.replace('"./archive/demo-portal"', json.dumps(archive))
        path = os.path.join(self.work, name)
        open(path, "w", encoding="utf-8").write(text)
        return path

    def failing_config(self, archive):
        """A source whose start page answers 404: the run fails that URL."""
        path = os.path.join(self.work, "failing.json")
        json.dump({"archive": archive, "sources": [{
            "name": "missing", "start_urls": [f"http://127.0.0.1:{self.port}/no/such/page.html"],
            "allowed_hosts": ["127.0.0.1"], "politeness": {"delay_ms": 0, "obey_robots": False},
            "http": {"max_attempts": 1},
            "list": {"item_links": "//a"}, "item": {"fields": {"title": "//h1"}}}]}, open(path, "w"))
        return path

    def stop(self):
        self.process.terminate()
        self.process.wait()


def reports(archive):
    return sorted(glob.glob(os.path.join(archive, "runs", "*.json")))


def records(archive):
    out = {}
    for path in glob.glob(os.path.join(archive, "records", "**", "*.json"), recursive=True):
        out[os.path.relpath(path, archive)] = json.load(open(path, encoding="utf-8"))
    return out


def validate_reports(paths):
    import jsonschema
    schema = json.load(open(os.path.join(source, "schemas/run.schema.json"), encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in paths:
        report = json.load(open(path, encoding="utf-8"))
        errors = sorted(validator.iter_errors(report), key=str)
        expect(not errors, f"{path}: {errors[0].message if errors else ''}")
        expect(report.get("run_id") + ".json" == os.path.basename(path),
               f"{path}: run_id {report.get('run_id')} is not the file name")


def rfc3339(text):
    expect(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", text) is not None,
           f"time {text!r} is not RFC 3339")
    try:
        datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        expect(False, f"time {text!r}: {error}")


def json_lines(stderr, what):
    lines = stderr.splitlines()
    expect(lines, f"{what}: no log lines")
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            expect(False, f"{what}: stderr line is not JSON: {line!r}")
            continue
        expect(isinstance(entry, dict) and {"time", "level", "msg"} <= entry.keys(),
               f"{what}: {line!r} lacks time, level or msg")
        if isinstance(entry, dict) and "time" in entry:
            rfc3339(entry["time"])
    return [json.loads(l) for l in lines if l.startswith("{")]


def main():
    work = tempfile.mkdtemp(prefix="jikji-run-checks-")
    portal = Portal(work)
    try:
        archive = os.path.join(work, "archive")
        config = portal.config(archive)
        if check == "reports":
            expect(run(["ingest", "--config", config]).returncode == 0, "demo ingest did not exit 0")
            failing = run(["ingest", "--config", portal.failing_config(os.path.join(work, "failing"))])
            expect(failing.returncode == 1, f"failing ingest exit {failing.returncode}: {failing.stderr}")
            report = json.load(open(reports(os.path.join(work, "failing"))[-1]))
            expect(report["failures"] and report["failures"][0]["code"] == "http_status",
                   f"failing ingest's failure: {report['failures']}")
            expect(run(["reprocess", "--archive", archive]).returncode == 0, "reprocess did not exit 0")
            shutil.rmtree(os.path.join(archive, "records"))
            run(["reprocess", "--archive", archive, "--jobs", "1"], env={"JIKJI_TEST_TERM_AT": "2"})
            paths = reports(archive) + reports(os.path.join(work, "failing"))
            expect(len(paths) == 4, f"{len(paths)} run reports, not 4")
            paths += glob.glob(os.path.join(build, "run-reports", "*.json"))
            validate_reports(paths)
            print(f"{len(paths)} run reports validated")
        elif check == "json-logs":
            result = run(["ingest", "--config", config, "--log-format", "json", "--log-level", "debug"])
            entries = json_lines(result.stderr, "ingest")
            expect(any("run" in e for e in entries), "no ingest log line names its run")
            expect(any("url" in e and "source" in e and "stage" in e for e in entries),
                   "no ingest log line names its source, URL and stage")
            expect(any(e["msg"].startswith("run ") and "report" in e["msg"] for e in entries),
                   "the summary is not a log line")
            result = run(["--log-format", "json", "reprocess", "--archive", archive])
            json_lines(result.stderr, "reprocess")
            bad = os.path.join(work, "bad.json")
            open(bad, "w").write('{"archive": "a",\n "sources": [}\n')
            result = run(["--log-format", "json", "ingest", "--config", bad])
            expect(result.returncode == 2, f"config error exit {result.returncode}")
            entries = json_lines(result.stderr, "config error")
            expect(any("2:14" in e["msg"] for e in entries), f"no line:column in {result.stderr!r}")
            result = run(["--log-format", "json", "ingest", "--bogus"])
            json_lines(result.stderr, "usage error")
            expect(result.returncode == 2, "unknown argument did not exit 2")
            nonsense = run(["--log-level", "nonsense", "status", "--archive", archive])
            expect(nonsense.returncode == 2, f"--log-level nonsense exit {nonsense.returncode}")
            expect("nonsense" in nonsense.stderr, "--log-level nonsense says nothing")
            after = run(["status", "--archive", archive, "--log-level", "warning"])
            expect(after.returncode == 0, f"--log-level warning after the command: exit {after.returncode}")
        elif check == "sigterm":
            expect(run(["ingest", "--config", config]).returncode == 0, "demo ingest did not exit 0")
            whole = os.path.join(work, "whole")
            shutil.copytree(archive, whole)
            for a in (archive, whole):
                shutil.rmtree(os.path.join(a, "records"))
                os.remove(os.path.join(a, "records.ndjson"))
            expect(run(["reprocess", "--archive", whole]).returncode == 0, "uninterrupted reprocess")
            stopped = run(["reprocess", "--archive", archive, "--jobs", "1"], env={"JIKJI_TEST_TERM_AT": "3"})
            expect(stopped.returncode == 1, f"SIGTERMed reprocess exit {stopped.returncode}: {stopped.stderr}")
            report = json.load(open(reports(archive)[-1]))
            expect(report["command"] == "reprocess" and report["exit_code"] == 1, f"report {report}")
            taken = report["counts"].get("items", 0)
            expect(0 < taken < len(records(whole)), f"{taken} items taken of {len(records(whole))}")
            partial = records(archive)  # each parses: whole files
            expect(len(partial) == taken, f"{len(partial)} records after SIGTERM, {taken} items taken")
            valid = run(["validate", "--archive", archive])
            expect(valid.returncode == 0, f"validate after SIGTERM: {valid.stdout}")
            expect(run(["reprocess", "--archive", archive]).returncode == 0, "rerun did not exit 0")
            expect(records(archive) == records(whole), "rerun did not converge to the whole records")
        elif check == "check-page":
            page = os.path.join(source, "fixtures/portal/site/item/1001.html")
            result = run(["check", "--config", config, "--source", "demo-board", "--page", page,
                          "--url", f"http://127.0.0.1:{portal.port}/item/1001.html"])
            expect(result.returncode == 0, f"check --page exit {result.returncode}: {result.stderr}")
            record = json.loads(result.stdout)
            seed = json.load(open(os.path.join(source, "fixtures/portal/expected/1001.record.json")))
            for key in ("title", "department", "posted_at", "agency", "contact"):
                expect(record.get(key) == seed.get(key), f"{key}: {record.get(key)!r} != {seed.get(key)!r}")
            expect(record["attachments"] and record["attachments"][0]["name"].endswith(".hwp"),
                   f"attachments {record['attachments']}")
            valid = run(["check", "--config", config])
            expect(valid.returncode == 0 and f"archive: {archive}" in valid.stdout, valid.stdout)
        elif check == "status":
            first = run(["ingest", "--config", config, "--max-items", "3"])
            expect(first.returncode == 0, f"--max-items ingest exit {first.returncode}")
            status = run(["status", "--archive", archive, "--json"])
            expect(status.returncode == 0, f"healthy status exit {status.returncode}")
            urls = json.loads(status.stdout)["urls"]
            expect(urls.get("leased", 0) == 0, f"leases counted after a clean exit: {urls}")
            expect(run(["reprocess", "--archive", archive]).returncode == 0, "reprocess")
            only = json.loads(run(["status", "--archive", archive, "--json", "--runs", "reprocess"]).stdout)
            expect(only["runs"] and all(r["command"] == "reprocess" for r in only["runs"]), "--runs reprocess")
            failing_archive = os.path.join(work, "failing")
            run(["ingest", "--config", portal.failing_config(failing_archive)])
            sick = run(["status", "--archive", failing_archive])
            expect(sick.returncode == 1, f"status after a failed ingest: exit {sick.returncode}")
            expect(run(["status", "--archive", archive, "--runs", "convert"]).returncode == 2, "--runs convert")
        elif check == "cron":
            cron = os.path.join(source, "scripts/jikji-cron")
            env = dict(os.environ, JIKJI=jikji)
            result = subprocess.run([cron, config, "--", "--max-items", "2"], capture_output=True,
                                    text=True, env=env, cwd=work)
            expect(result.returncode == 0, f"jikji-cron exit {result.returncode}: {result.stderr}")
            expect(not os.path.exists(os.path.join(work, "--")), "a log file named --")
            log = os.path.join(archive, "logs", "jikji-cron.log")
            lines = open(log).read().splitlines()
            json_lines("\n".join(lines), "cron log")
            report = json.load(open(reports(archive)[-1]))
            expect(report["arguments"][-2:] == ["--max-items", "2"], f"arguments {report['arguments']}")
            lock = open(os.path.join(archive, "jikji-cron.lock"), "a")
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            busy = subprocess.run([cron, config], capture_output=True, text=True, env=env)
            expect(busy.returncode == 3, f"overlapping run exit {busy.returncode}")
            expect(len(busy.stderr.splitlines()) == 1, f"overlapping run stderr {busy.stderr!r}")
            lock.close()
        elif check == "install":
            prefix = os.path.join(work, "prefix")
            result = subprocess.run(["cmake", "--install", build, "--prefix", prefix],
                                    capture_output=True, text=True)
            expect(result.returncode == 0, f"cmake --install: {result.stderr}")
            installed = os.path.join(prefix, "bin", "jikji")
            for path in ("bin/jikji-cron", "share/jikji/schemas/run.schema.json",
                         "share/jikji/schemas/record.schema.json", "lib/systemd/system/jikji-ingest.timer"):
                expect(os.path.exists(os.path.join(prefix, path)), f"{path} not installed")
            # The installed jikji converts PDFs through its module in libexec/jikji.
            pdf = os.path.join(source, "fixtures", "documents", "pdf", "report.pdf")
            converted = subprocess.run([installed, "convert", "--format", "text", pdf],
                                       capture_output=True, text=True)
            expect(converted.returncode == 0 and "직지 시험 보고서" in converted.stdout,
                   f"installed jikji convert of a PDF: exit {converted.returncode}: {converted.stderr}")
            service = open(os.path.join(prefix, "lib/systemd/system/jikji-ingest.service")).read()
            expect(f"ExecStart={prefix}/bin/jikji-cron " in service, "service does not name the installed jikji-cron")
            demo = run(["ingest", "--config", config], binary=installed)
            expect(demo.returncode == 0, f"installed jikji ingest exit {demo.returncode}: {demo.stderr}")
            expect(len(records(archive)) == 42, f"{len(records(archive))} records from the installed jikji")
        else:
            expect(False, "unknown check " + check)
    finally:
        portal.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{check}: {'FAILED' if problems else 'ok'}")
    return 1 if problems else 0


sys.exit(main())
