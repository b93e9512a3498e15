"""Sorts `perf script` samples of the monitor by stage: each sample goes to the stage of the frame nearest its leaf
that belongs to one (the monitor's code, its libraries and their native parts); JIT compilation by its own library;
the rest by the library the sample was taken in."""
import re
import sys

from perf_samples import print_shares

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


def stage_of(symbol, library):
    stage = next((s for key, s in NATIVE.items() if key in library), None)
    if stage is None and library.startswith("/tmp/perf-"):
        stage = next((s for s, pattern in STAGES if re.search(pattern, symbol)), None)
    return stage


print_shares(sys.argv[1], stage_of)
