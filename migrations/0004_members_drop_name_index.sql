-- Nothing reads member.name_index through an index (no look-up by name alone), and each imported or
-- seeded row paid a random B-tree insert for it. Dropping an index takes a moment and frees its space.
DROP INDEX "member_name_ix";