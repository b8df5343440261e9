module example.com/polyglot/catalog

go 1.24
