"""compose/start/backup dumps the database and compose/start/restore brings it back (on the
machine's MariaDB, with the same mysqldump/mysql clients the backup service's image has)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import environ

from bot.testing.process import query
from tests.loopback import ROOT, mysql_database

START = ROOT / "compose" / "start"


def test_a_dump_restores_what_was_lost(tmp_path: Path) -> None:
    # given a database with Alice's rows
    url = mysql_database("backup")
    config = environ.Env.db_url_config(url)
    env = {
        "PATH": "/usr/bin:/bin",
        "MYSQL_HOST": config["HOST"] or "127.0.0.1",
        "MYSQL_ROOT_PASSWORD": config["PASSWORD"] or "",
        "MYSQL_DATABASE": config["NAME"],
        "BACKUP_DIR": str(tmp_path),
    }
    query(url, "CREATE TABLE lifts (id INT PRIMARY KEY, lifter VARCHAR(20), kg INT)")
    query(url, "INSERT INTO lifts VALUES (1, 'alice', 100), (2, 'alice', 105)")

    # when it is backed up, then lost
    backup = subprocess.run(
        [str(START / "backup")], env=env, capture_output=True, text=True, check=True
    )
    dump = Path(backup.stdout.strip())
    query(url, "DROP TABLE lifts")
    subprocess.run([str(START / "restore"), str(dump)], env=env, check=True)

    # then the restore brings every row back
    assert dump.parent == tmp_path and dump.name.endswith(".sql.gz")
    assert query(url, "SELECT id, lifter, kg FROM lifts ORDER BY id") == [
        (1, "alice", 100),
        (2, "alice", 105),
    ]
