package dev.lifeline.store;

import java.util.List;

/**
 * The schema history of the gateway database, oldest first. Kept as Java strings (not
 * resources) so the schema is visible next to the code that uses it and compiled into the jar.
 */
final class Migrations {
    private Migrations() {}

    static final List<Migration> ALL = List.of(
            new Migration(1, "CDR journal with a never-reused sequence counter", List.of(
                    """
                    CREATE TABLE cdr (
                      seq              INTEGER PRIMARY KEY,
                      uuid             TEXT    NOT NULL UNIQUE,
                      gateway_id       TEXT    NOT NULL,
                      direction        TEXT    NOT NULL CHECK (direction IN ('internal', 'outbound', 'inbound')),
                      calling_number   TEXT    NOT NULL,
                      calling_name     TEXT,
                      called_dialled   TEXT    NOT NULL,
                      called_number    TEXT    NOT NULL,
                      src_leg          TEXT    NOT NULL,
                      dst_leg          TEXT,
                      start_ms         INTEGER NOT NULL,
                      answer_ms        INTEGER,
                      end_ms           INTEGER NOT NULL,
                      duration_ms      INTEGER NOT NULL,
                      billable_sec     INTEGER NOT NULL,
                      q850_cause       INTEGER NOT NULL,
                      sip_status       INTEGER,
                      mode             TEXT    NOT NULL CHECK (mode IN ('normal', 'survival')),
                      codec            TEXT,
                      rtp_packets_sent     INTEGER,
                      rtp_packets_received INTEGER,
                      rtp_packets_lost     INTEGER,
                      rtp_jitter_ms        REAL,
                      rtp_rtt_ms           REAL
                    )""",
                    "CREATE INDEX cdr_end ON cdr (end_ms)",
                    // a counter, not MAX(seq)+1: after deleteUpTo the table may be empty and seqs must not restart
                    "CREATE TABLE seq_counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
                    "INSERT INTO seq_counter (name, value) VALUES ('cdr', 0)")),
            new Migration(2, "SIP registrar location bindings (write-through usrloc)", List.of(
                    """
                    CREATE TABLE location (
                      aor          TEXT    NOT NULL,
                      binding_key  TEXT    NOT NULL,
                      contact      TEXT    NOT NULL,
                      q            REAL    NOT NULL,
                      expires_at   INTEGER NOT NULL,
                      call_id      TEXT    NOT NULL,
                      cseq         INTEGER NOT NULL,
                      received     TEXT,
                      transport    TEXT,
                      path         TEXT    NOT NULL DEFAULT '',
                      user_agent   TEXT,
                      instance     TEXT,
                      PRIMARY KEY (aor, binding_key)
                    )""",
                    "CREATE INDEX location_expires ON location (expires_at)")),
            new Migration(3, "site configs pushed by the controller, newest versions kept", List.of(
                    """
                    CREATE TABLE config_versions (
                      version      INTEGER PRIMARY KEY,
                      received_at  TEXT    NOT NULL,
                      yaml         TEXT    NOT NULL,
                      status       TEXT
                    )""")),
            new Migration(4, "location bindings: origin (local registrar or shadow of an HQ registration)", List.of(
                    "ALTER TABLE location ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'hq'))")),
            new Migration(5, "message waiting per analog line (the lamp survives a restart)", List.of(
                    """
                    CREATE TABLE line_mwi (
                      extension    TEXT    PRIMARY KEY,
                      waiting      INTEGER NOT NULL CHECK (waiting IN (0, 1)),
                      new_msgs     INTEGER NOT NULL CHECK (new_msgs >= 0),
                      old_msgs     INTEGER NOT NULL CHECK (old_msgs >= 0),
                      updated_ms   INTEGER NOT NULL
                    )""")),
            new Migration(6, "supplementary services: forward targets and do-not-disturb per extension; CDRs say who forwarded", List.of(
                    """
                    CREATE TABLE line_services (
                      extension  TEXT PRIMARY KEY,
                      cfu        TEXT,
                      cfb        TEXT,
                      cfnr       TEXT,
                      dnd        INTEGER NOT NULL DEFAULT 0,
                      updated_at TEXT NOT NULL
                    )""",
                    "ALTER TABLE cdr ADD COLUMN forwarded_from TEXT")),
            new Migration(7, "CDRs: the SRTP suite of the media leg and the packets it dropped (failed authentication, replays)", List.of(
                    "ALTER TABLE cdr ADD COLUMN srtp_suite TEXT",
                    "ALTER TABLE cdr ADD COLUMN srtp_auth_failures INTEGER",
                    "ALTER TABLE cdr ADD COLUMN srtp_replays INTEGER")),
            new Migration(8, "CDRs: how a fax crossed the call (T.38, G.711 pass-through)", List.of(
                    "ALTER TABLE cdr ADD COLUMN fax TEXT NOT NULL DEFAULT 'none' CHECK (fax IN ('none', 't38', 'pass-through', 'line'))")));

    static int latest(List<Migration> migrations) {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }
}
