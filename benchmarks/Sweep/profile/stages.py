"""Sorts `perf script` samples of the monitor by stage: each sample goes to the stage of the frame nearest its leaf
that belongs to one (the monitor's code, its libraries and their native parts); JIT compilation by its own library;
the rest by the library the sample was taken in."""
import collections
import re
import sys

STAGES = [
    ("extract", r"HtmlAgilityPack|Domain\.Text\.Html|TextNormalizer|ContentExtractor|TextDecoder|HtmlEntity|PdfPig"),
    ("soft-404 judge", r"SoftErrorRules|NotFoundVerdicts|NotFoundJudge|CheckJudge"),
    ("compare", r"TextComparer|NoiseFilter|DiffPlex|BaselineComparer"),
    ("hash", r"SHA256|HashData|Sha256"),
    ("compress", r"BodyCodec|Compressed::|Brotli|Deflate|GZip|ZLib"),
    ("database", r"Sqlite|SQLitePCL|Dapper|Persistence|Store::|Writer|UnitOfWork"),
    ("logging", r"Serilog|Logging|Logger|StreamWriter|Console"),
    ("http", r"System\.Net|HttpAttempts|PageFetcher|GuardedConnector|Socket|Http"),
    ("configuration watch", r"FileSystemWatcher|FileSystem\.Watcher"),
    ("scheduling, leases", r"Quartz|DueCitationsJob|CheckBudget|Lease"),
    ("resilience", r"Polly"),
    ("tasks, thread pool", r"ThreadPool|Threading|Task|Async"),
]
NATIVE = {"libe_sqlite3": "database", "libcrypto": "hash", "Compression.Native": "compress"}
FRAME = re.compile(r"^\s*[0-9a-f]+ (.*) \((.*)\)$")

counts = collections.Counter()
total = 0
for block in open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n\n"):
    frames = [m.groups() for m in map(FRAME.match, block.strip().split("\n")[1:]) if m]
    if not frames:
        continue
    total += 1
    if "libclrjit" in frames[0][1]:
        counts["JIT compilation"] += 1
        continue
    stage = None
    for symbol, library in frames:
        stage = next((s for key, s in NATIVE.items() if key in library), None)
        if stage is None and library.startswith("/tmp/perf-"):
            stage = next((s for s, pattern in STAGES if re.search(pattern, symbol)), None)
        if stage:
            break
    if stage is None:
        leaf = frames[0][1]
        stage = "kernel" if "kallsyms" in leaf else "runtime: " + leaf.rsplit("/", 1)[-1]
    counts[stage] += 1

print(f"{total} samples")
for stage, n in counts.most_common():
    if n * 200 >= total:
        print(f"{100 * n / total:5.1f} %  {stage}")
