namespace Nines.Store.Migrations;

// Every migration this binary knows, in order. Timestamps are Unix milliseconds (UTC); ids are
// 32 hex digits; roles are their lower-case names. PostgreSQL sorts and compares ids and user
// name keys with COLLATE "C" so that both engines order them byte-wise, whatever the database's locale.
internal static class SchemaMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial", Sqlite: """
            CREATE TABLE tenants (
                id         TEXT    NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                created_at INTEGER NOT NULL
            );

            CREATE TABLE users (
                id            TEXT    NOT NULL PRIMARY KEY,
                username      TEXT    NOT NULL,
                username_key  TEXT    NOT NULL,
                display_name  TEXT,
                password_hash TEXT,
                disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
                created_at    INTEGER NOT NULL,
                last_login_at INTEGER
            );
            CREATE UNIQUE INDEX ux_users_username_key ON users (username_key);

            CREATE TABLE memberships (
                user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                tenant_id  TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                role       TEXT    NOT NULL CHECK (role IN ('viewer', 'responder', 'editor', 'admin')),
                created_at INTEGER NOT NULL,
                PRIMARY KEY (user_id, tenant_id)
            );
            CREATE INDEX ix_memberships_tenant ON memberships (tenant_id, user_id);

            CREATE TABLE api_tokens (
                id           TEXT    NOT NULL PRIMARY KEY,
                tenant_id    TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                name         TEXT    NOT NULL,
                role         TEXT    NOT NULL CHECK (role IN ('viewer', 'responder', 'editor', 'admin')),
                ingest       INTEGER NOT NULL CHECK (ingest IN (0, 1)),
                hash         TEXT    NOT NULL,
                created_by   TEXT    NOT NULL,
                created_at   INTEGER NOT NULL,
                expires_at   INTEGER,
                revoked_at   INTEGER,
                last_used_at INTEGER
            );
            CREATE UNIQUE INDEX ux_api_tokens_hash ON api_tokens (hash);
            CREATE INDEX ix_api_tokens_tenant ON api_tokens (tenant_id, created_at DESC);

            CREATE TABLE sessions (
                id         TEXT    NOT NULL PRIMARY KEY,
                user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                tenant_id  TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                revoked_at INTEGER
            );
            CREATE INDEX ix_sessions_user ON sessions (user_id);

            CREATE TABLE setup_links (
                hash       TEXT    NOT NULL PRIMARY KEY,
                user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at    INTEGER
            );
            CREATE INDEX ix_setup_links_user ON setup_links (user_id);

            CREATE TABLE audit_log (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant_id   TEXT    NOT NULL REFERENCES tenants (id),
                at          INTEGER NOT NULL,
                actor       TEXT    NOT NULL,
                action      TEXT    NOT NULL,
                entity_type TEXT    NOT NULL,
                entity_id   TEXT    NOT NULL,
                before_json TEXT,
                after_json  TEXT
            );
            CREATE INDEX ix_audit_log_tenant ON audit_log (tenant_id, id DESC);
            CREATE INDEX ix_audit_log_tenant_entity ON audit_log (tenant_id, entity_type, entity_id, id DESC);
            CREATE INDEX ix_audit_log_tenant_actor ON audit_log (tenant_id, actor, id DESC);
            """,
            Postgres: """
            CREATE TABLE tenants (
                id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                created_at BIGINT  NOT NULL
            );

            CREATE TABLE users (
                id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                username      TEXT    NOT NULL,
                username_key  TEXT COLLATE "C" NOT NULL,
                display_name  TEXT,
                password_hash TEXT,
                disabled      BOOLEAN NOT NULL DEFAULT FALSE,
                created_at    BIGINT  NOT NULL,
                last_login_at BIGINT
            );
            CREATE UNIQUE INDEX ux_users_username_key ON users (username_key);

            CREATE TABLE memberships (
                user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                tenant_id  TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                role       TEXT    NOT NULL CHECK (role IN ('viewer', 'responder', 'editor', 'admin')),
                created_at BIGINT  NOT NULL,
                PRIMARY KEY (user_id, tenant_id)
            );
            CREATE INDEX ix_memberships_tenant ON memberships (tenant_id, user_id);

            CREATE TABLE api_tokens (
                id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                tenant_id    TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                name         TEXT    NOT NULL,
                role         TEXT    NOT NULL CHECK (role IN ('viewer', 'responder', 'editor', 'admin')),
                ingest       BOOLEAN NOT NULL,
                hash         TEXT COLLATE "C" NOT NULL,
                created_by   TEXT    NOT NULL,
                created_at   BIGINT  NOT NULL,
                expires_at   BIGINT,
                revoked_at   BIGINT,
                last_used_at BIGINT
            );
            CREATE UNIQUE INDEX ux_api_tokens_hash ON api_tokens (hash);
            CREATE INDEX ix_api_tokens_tenant ON api_tokens (tenant_id, created_at DESC);

            CREATE TABLE sessions (
                id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                tenant_id  TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                created_at BIGINT  NOT NULL,
                expires_at BIGINT  NOT NULL,
                revoked_at BIGINT
            );
            CREATE INDEX ix_sessions_user ON sessions (user_id);

            CREATE TABLE setup_links (
                hash       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                created_at BIGINT  NOT NULL,
                expires_at BIGINT  NOT NULL,
                used_at    BIGINT
            );
            CREATE INDEX ix_setup_links_user ON setup_links (user_id);

            CREATE TABLE audit_log (
                id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id   TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
                at          BIGINT  NOT NULL,
                actor       TEXT    NOT NULL,
                action      TEXT    NOT NULL,
                entity_type TEXT    NOT NULL,
                entity_id   TEXT    NOT NULL,
                before_json TEXT,
                after_json  TEXT
            );
            CREATE INDEX ix_audit_log_tenant ON audit_log (tenant_id, id DESC);
            CREATE INDEX ix_audit_log_tenant_entity ON audit_log (tenant_id, entity_type, entity_id, id DESC);
            CREATE INDEX ix_audit_log_tenant_actor ON audit_log (tenant_id, actor, id DESC);
            """),

        // Disabling is per tenant: an admin of one tenant must not lock a shared user out of another.
        // The old global flag moves onto every membership and is no longer set.
        new(2, "membership_disabled", Sqlite: """
            ALTER TABLE memberships ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
            UPDATE memberships SET disabled = (SELECT u.disabled FROM users u WHERE u.id = memberships.user_id);
            UPDATE users SET disabled = 0;
            CREATE INDEX ix_sessions_user_tenant ON sessions (user_id, tenant_id);
            """,
            Postgres: """
            ALTER TABLE memberships ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
            UPDATE memberships m SET disabled = u.disabled FROM users u WHERE u.id = m.user_id;
            UPDATE users SET disabled = FALSE;
            CREATE INDEX ix_sessions_user_tenant ON sessions (user_id, tenant_id);
            """),

        // A tenant's ingest-limit overrides, one row per limit; absent rows take the configured default.
        new(3, "tenant_limits", Sqlite: """
            CREATE TABLE tenant_limits (
                tenant_id  TEXT    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                name       TEXT    NOT NULL,
                value      INTEGER NOT NULL CHECK (value >= 0),
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, name)
            );
            """,
            Postgres: """
            CREATE TABLE tenant_limits (
                tenant_id  TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                name       TEXT COLLATE "C" NOT NULL,
                value      BIGINT NOT NULL CHECK (value >= 0),
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (tenant_id, name)
            );
            """),
    ];

    // The schema version this binary brings a database to.
    public static int Latest => All[^1].Version;
}
