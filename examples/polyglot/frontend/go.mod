module example.com/polyglot/frontend

go 1.22
