#!/usr/bin/env python3
"""What a check costs in the database: table and index bytes before and after a sweep, from SQLite's dbstat.

Usage: storage.py BEFORE.db AFTER.db
(the sweep with --keep leaves sweep-cN.db and, copied before its second sweep, sweep-cN.before-s2.db).

Each table's growth, with the indexes on it, is divided by the rows it gained, which gives the bytes a row costs with
its index entries and its share of page slack. The checks of the second sweep are then sorted by what they found, and
each kind is charged the rows it writes: a check row always; a snapshot row for every 200 with a body; a body row for a
body not kept before (a delta when it is one). Python's sqlite3 carries dbstat; the monitor's own SQLite build does not.
"""
import sqlite3
import sys


def sizes(path):
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    owners = {name: (tbl or name) for name, tbl in c.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")}
    by_table = {}
    for name, size in c.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
        table = owners.get(name, name)
        if name.startswith("sqlite_autoindex_"):
            table = name[len("sqlite_autoindex_"):].rsplit("_", 1)[0]
        by_table[table] = by_table.get(table, 0) + size
    counts = {t: c.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in ("checks", "snapshots", "bodies", "texts", "changes")}
    return c, by_table, counts


def main(before_path, after_path):
    _, before, n0 = sizes(before_path)
    db, after, n1 = sizes(after_path)
    print(f"{'table':<22}{'before':>12}{'after':>12}{'rows added':>12}{'bytes/row':>11}")
    per_row = {}
    for table in sorted(set(after) | set(before), key=lambda t: -(after.get(t, 0) - before.get(t, 0))):
        grown = after.get(table, 0) - before.get(table, 0)
        rows = n1.get(table, 0) - n0.get(table, 0) if table in n1 else None
        if rows:
            per_row[table] = grown / rows
        if grown or rows:
            print(f"{table:<22}{before.get(table, 0):>12,}{after.get(table, 0):>12,}{rows if rows is not None else '':>12}"
                  f"{(f'{grown / rows:,.0f}' if rows else ''):>11}")

    first_new = db.execute("SELECT COALESCE(MIN(id), 0) FROM checks WHERE id > ?", (n0["checks"],)).fetchone()[0]
    kinds = db.execute(
        """
        WITH chained AS (
            SELECT id, sha256, LAG(sha256) OVER (PARTITION BY citation_id ORDER BY id) AS previous_sha256 FROM snapshots
        )
        SELECT CASE
                 WHEN k.not_modified = 1 THEN 'not modified (304)'
                 WHEN k.snapshot_id IS NULL THEN 'no body kept (error, 404)'
                 WHEN k.content_changed = 1 THEN 'text changed'
                 WHEN s.sha256 = s.previous_sha256 THEN 'same body again'
                 ELSE 'new body, same text (token-only)'
               END AS kind,
               COUNT(*),
               SUM(CASE WHEN b.base_sha256 IS NOT NULL AND b.rowid > ? THEN 1 ELSE 0 END),
               AVG(CASE WHEN b.rowid > ? THEN LENGTH(b.data) END)
        FROM checks k LEFT JOIN chained s ON s.id = k.snapshot_id LEFT JOIN bodies b ON b.sha256 = s.sha256
        WHERE k.id >= ? GROUP BY kind ORDER BY 2 DESC
        """, (n0["bodies"], n0["bodies"], first_new)).fetchall()
    print()
    print(f"{'checks of the sweep by what they found':<36}{'checks':>8}{'as deltas':>11}{'new body bytes':>16}{'bytes per check':>17}")
    check_row = per_row.get("checks", 0)
    snapshot_row = per_row.get("snapshots", 0)
    new_bodies = n1["bodies"] - n0["bodies"]
    new_body_bytes = db.execute("SELECT COALESCE(SUM(LENGTH(data)), 0) FROM bodies WHERE rowid > ?", (n0["bodies"],)).fetchone()[0]
    # What a body row costs beyond its compressed bytes: its key, its columns, its index entry, page slack.
    body_overhead = (after.get("bodies", 0) - before.get("bodies", 0) - new_body_bytes) / new_bodies if new_bodies else 0
    for kind, count, deltas, body_bytes in kinds:
        cost = check_row
        if kind not in ("not modified (304)", "no body kept (error, 404)"):
            cost += snapshot_row
        if body_bytes is not None and kind != "same body again":
            cost += body_bytes + max(body_overhead, 0)
        print(f"{kind:<36}{count:>8}{deltas:>11}{(f'{body_bytes:,.0f}' if body_bytes is not None else '-'):>16}{cost:>17,.0f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
