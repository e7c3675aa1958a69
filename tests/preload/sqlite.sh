# sqlite.sh - sqlite3 on zslab: a generated table of 60000 rows, indexes,
# joins, grouping, window functions and JSON; same output as on glibc's
# malloc.
. "$ZP_SRC/common.sh"
need sqlite3
preload_active sqlite3 :memory: 'select 1'
work() {
	sqlite3 test.db <<'SQL'
PRAGMA journal_mode=WAL;
CREATE TABLE t(id INTEGER PRIMARY KEY, grp INT, name TEXT, val REAL, doc TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
INSERT INTO t SELECT i, i % 97, printf('name-%05d-%s', i, hex(i * 7919)),
       (i * 37 % 1000) / 10.0, json_object('i', i, 'sq', i * i, 'tags', json_array(i % 3, i % 5))
FROM n;
CREATE INDEX t_grp ON t(grp, val);
CREATE TABLE g AS SELECT grp, count(*) AS n, sum(val) AS s, max(name) AS m FROM t GROUP BY grp;
SELECT count(*), sum(val), min(name), max(name) FROM t;
SELECT grp, n, round(s, 2), m FROM g ORDER BY s DESC LIMIT 10;
SELECT t.grp, count(*) FROM t JOIN g USING (grp) WHERE t.val > g.s / g.n GROUP BY t.grp ORDER BY 2 DESC, 1 LIMIT 5;
SELECT id, val, rank() OVER (PARTITION BY grp ORDER BY val DESC, id) AS r FROM t WHERE grp = 42 ORDER BY r LIMIT 5;
SELECT sum(json_extract(doc, '$.sq') % 1000), count(DISTINCT json_extract(doc, '$.tags[1]')) FROM t;
SELECT group_concat(name, ',') FROM (SELECT name FROM t WHERE id % 5000 = 0 ORDER BY name);
DELETE FROM t WHERE id % 3 = 0;
VACUUM;
PRAGMA integrity_check;
SELECT count(*), sum(length(doc)) FROM t;
SQL
}
run_both work
