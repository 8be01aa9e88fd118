-- 002: tracking the 清单 — the append-only edit log, each item's current tracked state,
-- and the accounts that sign in (geo/tracking/pg_log.py, geo/auth.py).

-- One row per changed field of one save; never updated or deleted (the trigger below).
-- item_id has no foreign key: the history of a removed item is kept.
CREATE TABLE tracking_edits (
    seq      bigserial PRIMARY KEY,
    item_id  text NOT NULL,
    field    text NOT NULL,
    old      jsonb,
    new      jsonb,
    who      text NOT NULL,
    at       timestamptz NOT NULL,
    comment  text NOT NULL DEFAULT '',
    version  integer NOT NULL CHECK (version > 0)
);
CREATE INDEX tracking_edits_item_idx ON tracking_edits (item_id, seq);

CREATE FUNCTION yrdmap_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'tracking_edits is append-only';
END $$;
CREATE TRIGGER tracking_edits_append_only BEFORE UPDATE OR DELETE ON tracking_edits
    FOR EACH ROW EXECUTE FUNCTION yrdmap_append_only();
CREATE TRIGGER tracking_edits_no_truncate BEFORE TRUNCATE ON tracking_edits
    FOR EACH STATEMENT EXECUTE FUNCTION yrdmap_append_only();

-- The current tracked state of each edited item, kept in step with tracking_edits in the
-- same transaction; version counts its saves (optimistic locking).
CREATE TABLE tracking_state (
    item_id    text PRIMARY KEY,
    version    integer NOT NULL DEFAULT 0,
    state      jsonb NOT NULL DEFAULT '{}',
    updated_by text,
    updated_at timestamptz
);
-- readers cache the project list on store_state.counter: a save changes it too
CREATE TRIGGER tracking_state_changed AFTER INSERT OR UPDATE OR DELETE ON tracking_state
    FOR EACH STATEMENT EXECUTE FUNCTION yrdmap_bump_store_state();

-- Accounts: role viewer/editor/admin; scope the adcodes of the provinces and cities an
-- editor may edit; hash an argon2id hash (never the password).
CREATE TABLE accounts (
    name    text PRIMARY KEY,
    role    text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    scope   integer[] NOT NULL DEFAULT '{}',
    hash    text NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);
