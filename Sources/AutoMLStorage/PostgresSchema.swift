/// The PostgreSQL schema of study storages, as numbered migrations (docs/storage.md describes
/// the tables).
///
/// Each migration runs once, in its own transaction, and is recorded in `schema_migrations`
/// (version, name, when). Processes that open a new database at once serialize on an advisory
/// lock, so exactly one of them applies each migration. A database holding a version this build
/// does not know was written by a newer automl and is refused. Never edit a released migration:
/// append the next one.
enum PostgresSchema {
    struct Migration: Sendable {
        var version: Int
        var name: String
        var sql: String
    }

    /// The key of the advisory lock held while migrating ("automlmg" in ASCII).
    static let advisoryLock: Int64 = 0x6175_746F_6D6C_6D67

    static let migrations: [Migration] = [
        Migration(
            version: 1, name: "studies, trials, intermediate values, artifacts",
            sql: """
                CREATE TABLE studies (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    directions TEXT NOT NULL,
                    search_space TEXT NOT NULL,
                    sampler TEXT NOT NULL,
                    sampler_seed BIGINT,
                    sampler_options TEXT NOT NULL DEFAULT '{}',
                    attributes TEXT NOT NULL DEFAULT '{}',
                    created_at DOUBLE PRECISION NOT NULL,
                    next_trial_number INTEGER NOT NULL DEFAULT 0,
                    revision BIGINT NOT NULL DEFAULT 0
                );
                CREATE TABLE trials (
                    id BIGSERIAL PRIMARY KEY,
                    study_id BIGINT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    state TEXT NOT NULL
                        CHECK (state IN ('waiting', 'running', 'complete', 'failed', 'pruned')),
                    params TEXT NOT NULL,
                    objective_values DOUBLE PRECISION[],
                    metrics TEXT NOT NULL DEFAULT '{}',
                    attributes TEXT NOT NULL DEFAULT '{}',
                    started_at DOUBLE PRECISION NOT NULL,
                    finished_at DOUBLE PRECISION,
                    heartbeat_at DOUBLE PRECISION,
                    owner_host TEXT,
                    owner_pid INTEGER,
                    owner_start BIGINT,
                    owner_boot TEXT,
                    failure_reason TEXT,
                    revision BIGINT NOT NULL DEFAULT 0,
                    UNIQUE (study_id, number)
                );
                CREATE INDEX trials_by_state ON trials (study_id, state);
                CREATE INDEX trials_by_revision ON trials (study_id, revision);
                CREATE TABLE trial_intermediate_values (
                    trial_id BIGINT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
                    step INTEGER NOT NULL,
                    value DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (trial_id, step)
                );
                CREATE TABLE artifacts (
                    trial_id BIGINT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
                    study_id BIGINT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    data BYTEA NOT NULL,
                    PRIMARY KEY (trial_id, name)
                );
                CREATE INDEX artifacts_by_name ON artifacts (study_id, name);
                """)
    ]

    /// The highest version this build knows.
    static var latestVersion: Int { migrations.map(\.version).max() ?? 0 }

    /// How an applied version is named in messages (`v1: studies, …`).
    static func label(_ version: Int, name: String) -> String { "v\(version): \(name)" }
}
