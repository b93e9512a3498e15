"""Sorts `perf script` samples of the API answering one read by where the time goes: each sample goes to the part of
the frame nearest its leaf that belongs to one (the sending of the answer, the read cache, SQLite, the stores, JSON,
the HTTP pipeline); the rest by the library the sample was taken in."""
import collections
import re
import sys

PARTS = [
    ("kernel: sending the answer (socket writes, copies to socket buffers)", r"tcp_sendmsg|sock_sendmsg|__sys_sendmsg|_copy_from_iter"),
    ("kernel: reading database pages (pread)", r"__x64_sys_pread64|filemap_read"),
    ("copying the answer into Kestrel's buffers", r"BufferWriter|PinnedBlockMemoryPool|MemoryPoolBlock|memmove|Pipe::|PipeWriter|ResponseBody|WriteAsync"),
    ("gzip", r"GZip|Deflate|ZLib|Compression"),
    ("hash (ETag)", r"SHA256|HashData"),
    ("read cache, data version", r"ReadCache|ReadAnswers|DataVersion"),
    ("SQLite", r"libe_sqlite3|SQLitePCL|Microsoft\.Data\.Sqlite"),
    ("stores, Dapper, row mapping", r"Dapper|Persistence|Store::|CitationMonitor\.Infrastructure"),
    ("JSON", r"System\.Text\.Json"),
    ("report, verdicts, mapping", r"CitationMonitor\.Api\.(Documents|Citations|Changes|Checks|Summary)|CitationMonitor\.Domain"),
    ("HTTP pipeline (Kestrel, middleware, routing, rate limiter)", r"AspNetCore|Kestrel|RateLimit"),
    ("sockets, epoll", r"System\.Net\.Sockets|epoll"),
    ("tasks, thread pool", r"ThreadPool|Threading|Task|Async"),
]
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
    part = None
    for symbol, library in frames:
        part = next((p for p, pattern in PARTS if re.search(pattern, symbol) or re.search(pattern, library)), None)
        if part:
            break
    if part is None:
        leaf = frames[0][1]
        part = "kernel: other (interrupts, scheduling, other system calls)" if "kallsyms" in leaf else "runtime: " + leaf.rsplit("/", 1)[-1]
    counts[part] += 1

print(f"{total} samples")
for part, n in counts.most_common():
    if n * 200 >= total:
        print(f"{100 * n / total:5.1f} %  {part}")
