-- as a mysqldump file says it: the client would otherwise read this UTF-8 as latin1
SET NAMES utf8mb4;
CREATE TABLE orders (
  id INT PRIMARY KEY,
  customer VARCHAR(64) CHARACTER SET utf8mb4 NOT NULL,
  note TEXT CHARACTER SET utf8mb4
);
INSERT INTO orders VALUES
  (1, 'O''Brien', 'said "ship it"; don''t wait'),
  (2, 'Müller & Söhne', 'Grüße aus Köln — 5 €'),
  (3, '山田', '注文 😀'),
  (4, 'back\\slash', NULL);
