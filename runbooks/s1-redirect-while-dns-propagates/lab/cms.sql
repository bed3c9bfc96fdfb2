-- as a mysqldump file says it: the client would otherwise read this UTF-8 as latin1
SET NAMES utf8mb4;
CREATE DATABASE cms CHARACTER SET utf8mb4;
USE cms;
CREATE TABLE pages (id INT PRIMARY KEY, site VARCHAR(64) NOT NULL, title VARCHAR(200) CHARACTER SET utf8mb4, body TEXT CHARACTER SET utf8mb4);
CREATE TABLE comments (
  id INT PRIMARY KEY AUTO_INCREMENT, page INT NOT NULL, author VARCHAR(64) CHARACTER SET utf8mb4,
  text TEXT CHARACTER SET utf8mb4, posted TIMESTAMP NOT NULL DEFAULT '2005-03-01 12:00:00');
INSERT INTO pages VALUES
  (1, 'example.org', 'Welcome', 'It''s the "front" page; back\\slashes too'),
  (2, 'example.net', 'Über uns', 'Grüße — 100 €'),
  (3, 'blog.example.org', 'ブログ', '日本語のページ 😀');
INSERT INTO comments (page, author, text, posted) VALUES
  (1, 'O''Neil', 'First! <b>bold</b> & "quoted"', '2005-03-01 12:00:01'),
  (2, 'Zoë', 'Très bien; ça marche', '2005-03-02 08:30:00'),
  (3, 'tab	and', 'a line\nbreak', '2005-03-03 23:59:59');
