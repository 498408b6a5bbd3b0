import GRDB

/// The SQLite schema of study storages, as GRDB migrations (docs/storage.md describes it).
///
/// Each migration is applied once, in order, inside an immediate transaction, and recorded in
/// `grdb_migrations`. A database that holds a migration this build does not know was written by
/// a newer automl and is refused. Never edit a released migration: add the next one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: studies, trials, intermediate values") { db in
            try db.execute(
                sql: """
                    CREATE TABLE studies (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        directions TEXT NOT NULL,
                        search_space TEXT NOT NULL,
                        sampler TEXT NOT NULL,
                        sampler_seed INTEGER,
                        sampler_options TEXT NOT NULL DEFAULT '{}',
                        attributes TEXT NOT NULL DEFAULT '{}',
                        created_at REAL NOT NULL,
                        next_trial_number INTEGER NOT NULL DEFAULT 0,
                        revision INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE trials (
                        id INTEGER PRIMARY KEY,
                        study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
                        number INTEGER NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('running', 'complete', 'failed', 'pruned')),
                        params TEXT NOT NULL,
                        objective_values TEXT,
                        metrics TEXT NOT NULL DEFAULT '{}',
                        attributes TEXT NOT NULL DEFAULT '{}',
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        heartbeat_at REAL,
                        owner_host TEXT,
                        owner_pid INTEGER,
                        owner_start INTEGER,
                        owner_boot TEXT,
                        failure_reason TEXT,
                        revision INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (study_id, number)
                    );
                    CREATE INDEX trials_by_state ON trials (study_id, state);
                    CREATE INDEX trials_by_revision ON trials (study_id, revision);
                    CREATE TABLE trial_intermediate_values (
                        trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
                        step INTEGER NOT NULL,
                        value REAL,  -- NULL for a NaN report (SQLite stores NaN as NULL)
                        PRIMARY KEY (trial_id, step)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v2: waiting trials, artifacts") { db in
            // SQLite cannot change a CHECK constraint in place: the trials table is rebuilt with
            // 'waiting' allowed, keeping every row and id (intermediate values point at ids).
            try db.execute(
                sql: """
                    CREATE TABLE trials_v2 (
                        id INTEGER PRIMARY KEY,
                        study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
                        number INTEGER NOT NULL,
                        state TEXT NOT NULL
                            CHECK (state IN ('waiting', 'running', 'complete', 'failed', 'pruned')),
                        params TEXT NOT NULL,
                        objective_values TEXT,
                        metrics TEXT NOT NULL DEFAULT '{}',
                        attributes TEXT NOT NULL DEFAULT '{}',
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        heartbeat_at REAL,
                        owner_host TEXT,
                        owner_pid INTEGER,
                        owner_start INTEGER,
                        owner_boot TEXT,
                        failure_reason TEXT,
                        revision INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (study_id, number)
                    );
                    INSERT INTO trials_v2 SELECT id, study_id, number, state, params, objective_values, metrics,
                        attributes, started_at, finished_at, heartbeat_at, owner_host, owner_pid, owner_start,
                        owner_boot, failure_reason, revision FROM trials;
                    DROP TABLE trials;
                    ALTER TABLE trials_v2 RENAME TO trials;
                    CREATE INDEX trials_by_state ON trials (study_id, state);
                    CREATE INDEX trials_by_revision ON trials (study_id, revision);
                    CREATE TABLE artifacts (
                        trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
                        study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        data BLOB NOT NULL,
                        PRIMARY KEY (trial_id, name)
                    );
                    CREATE INDEX artifacts_by_name ON artifacts (study_id, name);
                    """)
        }
        return migrator
    }

    /// The migration that added the `artifacts` table (a file without it is read-only readable,
    /// with no artifacts).
    static let artifactsMigration = "v2: waiting trials, artifacts"
}
