require("http").createServer((_, res) => res.end("ok\n")).listen(8080);
