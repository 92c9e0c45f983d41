-- The nearest-station search orders a GiST index of points on the unit sphere (ADR 0016). `cube` is a
-- trusted contrib extension: the database's owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS cube;
