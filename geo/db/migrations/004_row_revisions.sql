-- 004: a revision stamp on every item row, so that a reader holding the items of an
-- earlier store version re-reads only the rows that changed (geo.db.store).
-- Every INSERT or UPDATE of a row gives it a fresh value of one sequence (never reused,
-- also not by an id removed and added again); an item's measures are rewritten together
-- with an UPDATE of its row (geo.db.measure), so they change its stamp too.
CREATE SEQUENCE projects_rev_seq;
ALTER TABLE projects ADD COLUMN rev bigint NOT NULL DEFAULT nextval('projects_rev_seq');

CREATE FUNCTION yrdmap_stamp_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.rev := nextval('projects_rev_seq');
    RETURN NEW;
END $$;
CREATE TRIGGER projects_revision BEFORE UPDATE ON projects
    FOR EACH ROW EXECUTE FUNCTION yrdmap_stamp_revision();
