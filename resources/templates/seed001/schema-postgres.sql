-- Seed 001's production table, as its data_generation.py fills it (Faker users).
-- Run at every sandbox start: idempotent. MariaDB's USERS is created by the
-- pipeline's sink (auto_create), like the JDBC sink connector's auto.create.
CREATE TABLE IF NOT EXISTS "USERS" (
  "index" bigserial PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  address text,
  phone text,
  job text,
  birthdate date,
  created_at timestamptz NOT NULL DEFAULT now()
);
