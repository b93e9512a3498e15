"""What the profile scripts share: the samples of `perf script` output, each given to the part of the frame nearest its
leaf that belongs to one (JIT compilation by its own library; the rest by the library the sample was taken in), and
the shares printed."""
import collections
import re

FRAME = re.compile(r"^\s*[0-9a-f]+ (.*) \((.*)\)$")


def print_shares(path, part_of, kernel="kernel"):
    """Prints the share of each part; part_of(symbol, library) names a frame's part, or None when it has none."""
    counts = collections.Counter()
    total = 0
    for block in open(path, encoding="utf-8", errors="replace").read().split("\n\n"):
        frames = [m.groups() for m in map(FRAME.match, block.strip().split("\n")[1:]) if m]
        if not frames:
            continue
        total += 1
        if "libclrjit" in frames[0][1]:
            counts["JIT compilation"] += 1
            continue
        part = next((p for p in (part_of(symbol, library) for symbol, library in frames) if p), None)
        if part is None:
            leaf = frames[0][1]
            part = kernel if "kallsyms" in leaf else "runtime: " + leaf.rsplit("/", 1)[-1]
        counts[part] += 1

    print(f"{total} samples")
    for part, n in counts.most_common():
        if n * 200 >= total:
            print(f"{100 * n / total:5.1f} %  {part}")
