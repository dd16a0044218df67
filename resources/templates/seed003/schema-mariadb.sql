-- Seed 003's digital-TV database: the shows on air and the users watching
-- them (users.show_id is the show a user's device is tuned to). The pipeline
-- captures both tables from the binlog; the clickstream's userid (1..40)
-- joins users.id. Idempotent.
CREATE DATABASE IF NOT EXISTS tv;
CREATE TABLE IF NOT EXISTS tv.shows (
  id INT PRIMARY KEY,
  title VARCHAR(100) NOT NULL,
  genre VARCHAR(40) NOT NULL,
  channel_id INT NOT NULL,
  rating DECIMAL(3,1) NOT NULL,
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
);
CREATE TABLE IF NOT EXISTS tv.users (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  city VARCHAR(60) NOT NULL,
  device VARCHAR(20) NOT NULL,
  show_id INT NOT NULL,
  last_active TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
);
INSERT IGNORE INTO tv.shows (id, title, genre, channel_id, rating) VALUES
  (1, 'Morning News', 'news', 1, 6.8),
  (2, 'Cooking Live', 'food', 1, 7.4),
  (3, 'Football Tonight', 'sport', 2, 8.1),
  (4, 'Nature Hour', 'documentary', 2, 8.6),
  (5, 'Quiz Night', 'entertainment', 3, 6.2),
  (6, 'Late Movie', 'film', 3, 7.0),
  (7, 'Kids Club', 'children', 4, 6.5),
  (8, 'World Report', 'news', 4, 7.7);
INSERT IGNORE INTO tv.users (id, name, city, device, show_id)
  SELECT seq, CONCAT('viewer', seq), ELT(1 + seq MOD 5, 'Berlin', 'Paris', 'Madrid', 'Rome', 'Vienna'),
         ELT(1 + seq MOD 3, 'tv', 'phone', 'tablet'), 1 + (seq * 5) MOD 8
  FROM seq_1_to_40;
