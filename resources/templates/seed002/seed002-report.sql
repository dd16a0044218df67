-- Seed 002's report tables in PostgreSQL, written by
-- seed002-daily-report.tributary.json (upserts keep one row per day and group,
-- always holding the current totals). Load with: psql -d DB -f seed002-report.sql
CREATE TABLE IF NOT EXISTS units_shipped (
  item_type text NOT NULL,
  warehouse text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  units bigint,
  PRIMARY KEY (item_type, warehouse, window_start)
);
CREATE TABLE IF NOT EXISTS orders_shipped (
  courier text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  orders bigint,
  PRIMARY KEY (courier, window_start)
);
CREATE TABLE IF NOT EXISTS cost_shipped (
  warehouse text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  total_cost double precision,
  PRIMARY KEY (warehouse, window_start)
);
