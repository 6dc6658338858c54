"""Run a `satlas sql --dialect duckdb` script in DuckDB; print its result, one unit a line,
as JSON (floats as Python writes them, which read back as the same doubles)."""

import json
import sys

try:
    import duckdb
except ImportError:
    sys.stderr.write("the duckdb Python package is missing: pip install duckdb\n")
    sys.exit(3)

script_path, view = sys.argv[1], sys.argv[2]
with open(script_path, encoding="utf-8") as f:
    script = f.read()
con = duckdb.connect()
con.execute(script)
cursor = con.execute(f"SELECT * FROM {view}")
names = [d[0] for d in cursor.description]
for row in cursor.fetchall():
    sys.stdout.write(json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n")
