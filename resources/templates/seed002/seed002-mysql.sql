-- Seed 002's MySQL side: three service databases, one table each, as in the
-- article ("All the three tables are created in different databases"), with
-- its sample rows. Load it with the server's own client, e.g.
--   mariadb -uroot < resources/templates/seed002/seed002-mysql.sql
-- The server needs --log-bin --binlog-format=ROW (binlog_row_image=FULL is the
-- default) for seed002-orders-cdc.tributary.json to capture the changes.

CREATE DATABASE IF NOT EXISTS order_demo;
CREATE DATABASE IF NOT EXISTS wms_demo;
CREATE DATABASE IF NOT EXISTS logistics_demo;

CREATE TABLE IF NOT EXISTS wms_demo.wms_demo (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `order_id` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `item_type` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `courier` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `item_qty` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `item_localtion` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `shipment_id` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_demo.order_demo (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `order_id` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `order_date` datetime(6) DEFAULT NULL,
  `order_description` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `order_value` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `customer_address` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS logistics_demo.logistics_demo (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `wmsrecord_id` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `item_type` datetime(6) DEFAULT NULL,
  `shipment_cost` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  `created_at` datetime(6) DEFAULT NULL,
  `courier` varchar(40) COLLATE utf8mb4_unicode_ci NOT NULL,
  `order_id` varchar(255) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The article's zero datetime needs a sql_mode without NO_ZERO_DATE (the
-- MariaDB default has none); the CDC source turns zero dates into null.
INSERT INTO logistics_demo.logistics_demo (`id`, `wmsrecord_id`, `item_type`, `shipment_cost`, `created_at`, `courier`, `order_id`)
VALUES (2, '1', '0000-00-00 00:00:00.000000', '24.5', '2020-02-04 00:04:05.000000', 'FETCHR', '1');

INSERT INTO order_demo.order_demo (`id`, `order_id`, `order_date`, `order_description`, `order_value`, `customer_address`, `created_at`)
VALUES (1, '1', '2020-02-02 12:23:25.000000', 'Apple Iphone X Black-128 GB', 'Rs 52755',
        'Jotaro Kujo,No 1,2nd cross,RK Puram, Bangalore -5600103', '2020-02-02 12:23:25.000000');

INSERT INTO wms_demo.wms_demo (`id`, `order_id`, `item_type`, `courier`, `item_qty`, `item_localtion`, `shipment_id`, `created_at`)
VALUES (1, '1', 'electronics', 'DHL', '2', 'RACK12BA3', '2', '2020-02-03 12:28:44.000000');

-- A user for the CDC sources (what Debezium's MySQL connector also needs):
--   CREATE USER 'cdc'@'%' IDENTIFIED BY '...';
--   GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'cdc'@'%';
