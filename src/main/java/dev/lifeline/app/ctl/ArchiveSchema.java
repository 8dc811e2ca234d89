package dev.lifeline.app.ctl;

import dev.lifeline.store.Migration;
import java.util.List;

/** The schema of the controller's own SQLite file (not the gateway's): CDRs by (gateway, seq), sync marks, statuses, alarms. */
final class ArchiveSchema {
    private ArchiveSchema() {}

    static final List<Migration> ALL = List.of(
            new Migration(1, "controller archive: CDRs, sync marks, gateway status, alarm history", List.of(
                    """
                    CREATE TABLE cdrs (
                      gateway_id  TEXT    NOT NULL,
                      seq         INTEGER NOT NULL,
                      site        TEXT    NOT NULL,
                      json        TEXT    NOT NULL,
                      received_at TEXT    NOT NULL,
                      PRIMARY KEY (gateway_id, seq)
                    )""",
                    // acked: every seq in (first_seen - 1, acked] is stored; the gateway was told upTo = acked
                    """
                    CREATE TABLE cdr_sync (
                      gateway_id  TEXT    PRIMARY KEY,
                      site        TEXT    NOT NULL,
                      first_seen  INTEGER NOT NULL,
                      acked       INTEGER NOT NULL,
                      updated_at  TEXT    NOT NULL
                    )""",
                    """
                    CREATE TABLE status (
                      gateway_id  TEXT    PRIMARY KEY,
                      site        TEXT    NOT NULL,
                      online      INTEGER NOT NULL,
                      json        TEXT    NOT NULL,
                      received_at TEXT    NOT NULL
                    )""",
                    """
                    CREATE TABLE alarms (
                      id          INTEGER PRIMARY KEY AUTOINCREMENT,
                      gateway_id  TEXT    NOT NULL,
                      site        TEXT    NOT NULL,
                      alarm_id    TEXT,
                      severity    TEXT,
                      state       TEXT,
                      text        TEXT,
                      time        TEXT,
                      received_at TEXT    NOT NULL
                    )""",
                    "CREATE INDEX alarms_gateway ON alarms (gateway_id, id)")));
}
