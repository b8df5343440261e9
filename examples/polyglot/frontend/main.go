// The storefront's HTTP front end: renders the shop page from the addresses of the gRPC services it
// calls (host:port, from the *_SERVICE_ADDR variables) and answers /health. Standard library only.
package main

import (
	"fmt"
	"html"
	"log"
	"net/http"
	"os"
	"sort"
	"strings"
)

func backends() map[string]string {
	found := map[string]string{}
	for _, entry := range os.Environ() {
		name, value, _ := strings.Cut(entry, "=")
		if strings.HasSuffix(name, "_SERVICE_ADDR") || strings.HasSuffix(name, "_SERVICE_URL") {
			found[name] = value
		}
	}
	return found
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"status":"ok"}`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		found := backends()
		names := make([]string, 0, len(found))
		for name := range found {
			names = append(names, name)
		}
		sort.Strings(names)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintln(w, "<!doctype html><title>Polyglot shop</title><h1>Polyglot shop</h1><ul>")
		for _, name := range names {
			fmt.Fprintf(w, "<li>%s = %s</li>\n", html.EscapeString(name), html.EscapeString(found[name]))
		}
		fmt.Fprintln(w, "</ul>")
	})
	log.Printf("frontend: HTTP on %s", port)
	log.Fatal(http.ListenAndServe(":"+port, mux))
}
