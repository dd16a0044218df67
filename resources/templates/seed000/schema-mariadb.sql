-- Seed 000's MySQL producer database: TMDB's daily movie id export
-- ({"adult":false,"id":3924,"original_title":"Blondie","popularity":2.4,"video":false}).
CREATE DATABASE IF NOT EXISTS maf;
CREATE TABLE IF NOT EXISTS maf.movie_ids (
  id INT PRIMARY KEY,
  original_title VARCHAR(255) NOT NULL,
  popularity DOUBLE NOT NULL,
  adult TINYINT NOT NULL DEFAULT 0,
  video TINYINT NOT NULL DEFAULT 0
);
INSERT INTO maf.movie_ids (id, original_title, popularity, adult, video) VALUES
  (3924, '  Blondie ', 2.4, 0, 0),
  (6124, 'Der Mann ohne Namen', 0.6, 0, 0),
  (8773, 'L''amour à vingt ans', 3.21, 0, 0),
  (25449, 'New World Disorder 9: Never Enough', 0.6, 0, 1),
  (31975, 'Sesame Street: Elmo Loves You!', 0, 0, 1);
