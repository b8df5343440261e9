module example.com/polyglot/checkout

go 1.24
