"""Sorts `perf script` samples of the API answering one read by where the time goes: each sample goes to the part of
the frame nearest its leaf that belongs to one (the sending of the answer, the read cache, SQLite, the stores, JSON,
the HTTP pipeline); the rest by the library the sample was taken in."""
import re
import sys

from perf_samples import print_shares

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


def part_of(symbol, library):
    return next((p for p, pattern in PARTS if re.search(pattern, symbol) or re.search(pattern, library)), None)


print_shares(sys.argv[1], part_of, kernel="kernel: other (interrupts, scheduling, other system calls)")
