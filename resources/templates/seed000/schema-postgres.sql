-- Seed 000's PostgreSQL producer table (TMDB's tv series id export) and the
-- operational data store that stands in for HBase/Phoenix: one row per key,
-- upserted by the pipeline from the cleansed topics.
CREATE SCHEMA IF NOT EXISTS maf;
CREATE TABLE IF NOT EXISTS maf.tv_series_ids (
  id integer PRIMARY KEY,
  original_name text NOT NULL,
  popularity double precision NOT NULL
);
INSERT INTO maf.tv_series_ids (id, original_name, popularity) VALUES
  (1399, 'Game of Thrones', 369.594),
  (1402, ' The Walking Dead', 124.3),
  (2316, 'The Office', 98.1),
  (62560, 'Mr. Robot', 0)
ON CONFLICT (id) DO NOTHING;
CREATE SCHEMA IF NOT EXISTS ods;
CREATE TABLE IF NOT EXISTS ods.movies (
  id integer PRIMARY KEY,
  title text NOT NULL,
  popularity double precision NOT NULL,
  origin text NOT NULL
);
CREATE TABLE IF NOT EXISTS ods.tv_series (
  id integer PRIMARY KEY,
  title text NOT NULL,
  popularity double precision NOT NULL,
  origin text NOT NULL
);
