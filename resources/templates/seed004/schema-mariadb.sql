-- Seed 004's products table and its 50 source records (the seed's data
-- directory). last_updated is what the seed's producer tracks
-- (time_track/last_read_timestamp.json); here the pipeline's MySQL query
-- source keeps it in its checkpoint. Idempotent.
CREATE TABLE IF NOT EXISTS products (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  category VARCHAR(20) NOT NULL,
  price DOUBLE NOT NULL,
  last_updated TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
);
INSERT IGNORE INTO products (id, name, category, price)
  SELECT seq, CONCAT('Product ', seq), CONCAT('cat_', 1 + seq MOD 6), ROUND(5 + (seq * 37) MOD 495 + (seq MOD 100) / 100, 2)
  FROM seq_1_to_50;
