-- Seed 003's results (standing in for the seed's Elasticsearch/Kibana
-- dashboards, which get the same rows): one row per show or device and
-- minute, kept current by upserts while the minute is open.
CREATE TABLE IF NOT EXISTS show_views (
  show_id integer NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  views bigint NOT NULL,
  PRIMARY KEY (show_id, window_start)
);
CREATE TABLE IF NOT EXISTS device_readings (
  device_id text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  avg_temperature double precision NOT NULL,
  readings bigint NOT NULL,
  PRIMARY KEY (device_id, window_start)
);
