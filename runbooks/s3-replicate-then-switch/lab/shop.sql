-- as a mysqldump file says it: the client would otherwise read this UTF-8 as latin1
SET NAMES utf8mb4;
CREATE TABLE products (
  id INT PRIMARY KEY,
  name VARCHAR(64) CHARACTER SET utf8mb4 NOT NULL,
  price DECIMAL(8,2) NOT NULL
);
INSERT INTO products VALUES
  (1, 'Tom''s "best" tea', 4.50),
  (2, 'Crème brûlée', 6.00),
  (3, 'Ramen 🍜', 9.90);
